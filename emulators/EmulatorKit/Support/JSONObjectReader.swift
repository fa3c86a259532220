import DrydockCore

/// Reads the fields of one JSON object for the control API, turning every problem into a
/// `JSONInputError` that names the field's full path. `null` reads as "absent".
struct JSONObjectReader {
    /// This object's path (`rules[0].action`), "" for the document root.
    let path: String
    let members: [(String, JSONValue)]

    init(_ value: JSONValue, path: String) throws(JSONInputError) {
        guard case .object(let members) = value else {
            throw JSONInputError(path: path, reason: "expected an object, got \(Self.describe(value))")
        }
        var seen = Set<String>()
        for (key, _) in members where !seen.insert(key).inserted {
            throw JSONInputError(path: Self.join(path, key), reason: "duplicate field")
        }
        self.path = path
        self.members = members
    }

    /// The path of field `key` of this object.
    func path(of key: String) -> String { Self.join(path, key) }

    /// Rejects fields other than `allowed`; `owner` names the object in the message ("a fault rule").
    func rejectUnknownFields(allowed: [String], owner: String) throws(JSONInputError) {
        for (key, _) in members where !allowed.contains(key) {
            throw JSONInputError(
                path: path(of: key),
                reason: "unknown field; \(owner) has the fields \(allowed.joined(separator: ", "))")
        }
    }

    func value(_ key: String) -> JSONValue? {
        guard let value = members.first(where: { $0.0 == key })?.1, !value.isNull else { return nil }
        return value
    }

    func required<T>(_ key: String, _ value: T?, _ expectation: String) throws(JSONInputError) -> T {
        guard let value else { throw JSONInputError(path: path(of: key), reason: "required: \(expectation)") }
        return value
    }

    func string(_ key: String, _ expectation: String = "a non-empty string") throws(JSONInputError) -> String? {
        guard let value = value(key) else { return nil }
        guard let text = value.stringValue, !text.isEmpty else { throw mismatch(key, expectation, value) }
        return text
    }

    func bool(_ key: String) throws(JSONInputError) -> Bool? {
        guard let value = value(key) else { return nil }
        guard let flag = value.boolValue else { throw mismatch(key, "true or false", value) }
        return flag
    }

    func int(_ key: String, _ range: ClosedRange<Int>, _ expectation: String) throws(JSONInputError) -> Int? {
        guard let value = value(key) else { return nil }
        guard let number = value.intValue, range.contains(number) else { throw mismatch(key, expectation, value) }
        return number
    }

    func double(_ key: String, _ range: ClosedRange<Double>, _ expectation: String) throws(JSONInputError) -> Double? {
        guard let value = value(key) else { return nil }
        guard let number = value.doubleValue, number.isFinite, range.contains(number) else {
            throw mismatch(key, expectation, value)
        }
        return number
    }

    func mismatch(_ key: String, _ expectation: String, _ value: JSONValue) -> JSONInputError {
        JSONInputError(path: path(of: key), reason: "expected \(expectation), got \(Self.describe(value))")
    }

    /// A short description of a value for messages: numbers and short strings as written, else the type.
    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .number(let text): return text.count <= 24 ? text : "a number"
        case .string(let text): return text.count <= 40 ? JSONValue.string(text).serialized() : "a string"
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
}
