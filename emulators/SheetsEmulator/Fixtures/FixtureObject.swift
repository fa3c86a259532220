import DrydockCore
import EmulatorKit

/// One JSON object of a Sheets fixture, read field by field; every problem becomes a `FixtureError`
/// naming the file and the field's path (`sheets[0].formats["A2:A"].type`).
struct FixtureObject {
    let file: String
    /// This object's path in the document, "" for the root.
    let path: String
    let members: [(String, JSONValue)]

    init(_ value: JSONValue, file: String, path: String) throws(FixtureError) {
        guard case .object(let members) = value else {
            throw FixtureError(path: file, reason: "\(path.isEmpty ? "(document)" : path): expected an object, got \(value.typeName)")
        }
        self.file = file
        self.path = path
        self.members = members
    }

    func path(of key: String) -> String {
        let isIdentifier = !key.isEmpty && key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
        let step = isIdentifier ? key : "[" + JSONValue.string(key).serialized() + "]"
        if path.isEmpty { return step }
        return isIdentifier ? path + "." + step : path + step
    }

    func error(_ key: String?, _ reason: String) -> FixtureError {
        let location = key.map(path(of:)) ?? (path.isEmpty ? "(document)" : path)
        return FixtureError(path: file, reason: "\(location): \(reason)")
    }

    func value(_ key: String) -> JSONValue? {
        guard let value = members.last(where: { $0.0 == key })?.1, !value.isNull else { return nil }
        return value
    }

    /// Rejects fields not in `allowed`, so a typo (`"colums"`) is not silently ignored.
    func rejectUnknown(_ allowed: [String]) throws(FixtureError) {
        for (key, _) in members where !allowed.contains(key) {
            throw error(key, "unknown field; expected one of \(allowed.joined(separator: ", "))")
        }
    }

    func string(_ key: String, required: Bool = false) throws(FixtureError) -> String? {
        guard let value = value(key) else {
            if required { throw error(key, "required: a non-empty string") }
            return nil
        }
        guard let text = value.stringValue, !text.isEmpty else { throw error(key, "expected a non-empty string, got \(value.typeName)") }
        return text
    }

    func int(_ key: String, in range: ClosedRange<Int>) throws(FixtureError) -> Int? {
        guard let value = value(key) else { return nil }
        guard let number = value.intValue, range.contains(number) else {
            throw error(key, "expected an integer from \(range.lowerBound) to \(range.upperBound), got \(value.serialized())")
        }
        return number
    }

    func object(_ key: String) throws(FixtureError) -> FixtureObject? {
        guard let value = value(key) else { return nil }
        return try FixtureObject(value, file: file, path: path(of: key))
    }
}
