import DrydockCore
import GoogleOAuthEmulator

/// A JSON request body (or one object inside it), read the way Google's JSON transcoder binds it to the
/// request message: unknown member names and members of the wrong type are 400s naming the member
/// and where it sits (`Unknown name "foo" at 'data[0]': Cannot find field.`).
struct RequestBody {
    let members: [(String, JSONValue)]
    /// Where this object sits, for messages: "" at the top, `data[0]` below.
    let path: String

    /// Nesting a Sheets body needs is shallow; deeper is refused before any recursion.
    static let maximumDepth = 64

    static func parse(_ bytes: [UInt8]) throws(GoogleAPIError) -> RequestBody {
        if bytes.allSatisfy({ $0 == 32 || $0 == 10 || $0 == 13 || $0 == 9 }) { return RequestBody(members: [], path: "") }
        let value: JSONValue
        do { value = try JSONValue.parse(bytes, maxDepth: maximumDepth) } catch { throw GoogleAPIError.invalidJSON(error.description) }
        guard case .object(let members) = value else { throw GoogleAPIError.invalidJSON("expected an object") }
        return RequestBody(members: members, path: "")
    }

    func value(_ name: String) -> JSONValue? {
        members.first { $0.0 == name || $0.0 == SheetsQuery.snakeCase(name) }?.1
    }

    func rejectUnknown(_ allowed: [String]) throws(GoogleAPIError) {
        for (name, _) in members where !allowed.contains(SheetsQuery.camelCase(name)) {
            throw GoogleAPIError.unknownBodyField(name, at: path)
        }
    }

    func location(_ name: String) -> String { path.isEmpty ? name : path + "." + name }

    func string(_ name: String) throws(GoogleAPIError) -> String? {
        guard let value = value(name), value != .null else { return nil }
        guard case .string(let text) = value else { throw GoogleAPIError.invalidBodyValue(location(name), type: "TYPE_STRING", value) }
        return text
    }

    func bool(_ name: String) throws(GoogleAPIError) -> Bool {
        guard let value = value(name), value != .null else { return false }
        guard case .bool(let flag) = value else { throw GoogleAPIError.invalidBodyValue(location(name), type: "TYPE_BOOL", value) }
        return flag
    }

    func int(_ name: String) throws(GoogleAPIError) -> Int? {
        guard let value = value(name), value != .null else { return nil }
        if case .number(let text) = value, let number = Int32(text) { return Int(number) }
        if case .string(let text) = value, let number = Int32(text) { return Int(number) }
        throw GoogleAPIError.invalidBodyValue(location(name), type: "TYPE_INT32", value)
    }

    func array(_ name: String) throws(GoogleAPIError) -> [JSONValue] {
        guard let value = value(name), value != .null else { return [] }
        guard case .array(let items) = value else { throw GoogleAPIError.invalidBodyValue(location(name), type: "list", value) }
        return items
    }

    func object(_ name: String) throws(GoogleAPIError) -> RequestBody? {
        guard let value = value(name), value != .null else { return nil }
        return try Self.object(value, at: location(name))
    }

    static func object(_ value: JSONValue, at path: String) throws(GoogleAPIError) -> RequestBody {
        guard case .object(let members) = value else { throw GoogleAPIError.invalidBodyValue(path, type: "message", value) }
        return RequestBody(members: members, path: path)
    }

    /// An enum member: nil when absent or the `…_UNSPECIFIED` value.
    func enumeration<E: RawRepresentable>(_ name: String, _: E.Type, typeName: String, unspecified: String) throws(GoogleAPIError) -> E? where E.RawValue == String {
        guard let text = try string(name), text != unspecified else { return nil }
        guard let known = E(rawValue: text) else {
            throw GoogleAPIError.invalidBodyValue(location(name), type: SheetsQuery.enumType(typeName), .string(text))
        }
        return known
    }
}

extension GoogleAPIError {
    /// 400 for a body that is not JSON. Google quotes the offending input after this first line; the
    /// emulator adds the parser's position instead (assumed).
    static func invalidJSON(_ detail: String) -> GoogleAPIError {
        GoogleAPIError(code: 400, status: "INVALID_ARGUMENT", message: "Invalid JSON payload received. " + detail)
    }

    /// 400 for a body member the request message does not have (Google's transcoder text, confirmed
    /// for the top level; the `at '…'` part for nested members follows Google's pattern).
    static func unknownBodyField(_ name: String, at path: String) -> GoogleAPIError {
        let location = path.isEmpty ? "" : " at '\(path)'"
        let message = "Invalid JSON payload received. Unknown name \(JSONValue.string(name).serialized())\(location): Cannot find field."
        return GoogleAPIError(code: 400, status: "INVALID_ARGUMENT", message: message, details: [.object([
            ("@type", "type.googleapis.com/google.rpc.BadRequest"),
            ("fieldViolations", [.object([("field", .string(path)), ("description", .string(message))])]),
        ])])
    }

    /// 400 for a body member of the wrong type (Google's "Invalid value at" wording; assumed for bodies).
    static func invalidBodyValue(_ path: String, type: String, _ value: JSONValue) -> GoogleAPIError {
        let shown = value.serialized()
        let message = "Invalid value at '\(path)' (\(type)), \(shown.count > 100 ? String(shown.prefix(100)) + "…" : shown)"
        return GoogleAPIError(code: 400, status: "INVALID_ARGUMENT", message: message, details: [.object([
            ("@type", "type.googleapis.com/google.rpc.BadRequest"),
            ("fieldViolations", [.object([("field", .string(path)), ("description", .string(message))])]),
        ])])
    }

    /// 400 for a plain invalid argument (the message says what and where).
    static func invalidArgument(_ message: String) -> GoogleAPIError {
        GoogleAPIError(code: 400, status: "INVALID_ARGUMENT", message: message)
    }

    /// values.update/append/batchUpdate without a value input option (confirmed text).
    static let valueInputRequired = invalidArgument("'valueInputOption' is required but not specified")

    /// Values that spill out of a bounded range (confirmed: "Requested writing within range
    /// [Sheet1!A1:G1000], but tried writing to row [1001]"; the column form by analogy).
    static func writeOutsideRange(_ range: String, row: Int? = nil, column: String? = nil) -> GoogleAPIError {
        let place = row.map { "row [\($0)]" } ?? "column [\(column ?? "")]"
        return invalidArgument("Requested writing within range [\(range)], but tried writing to \(place)")
    }

    /// A write that would take the spreadsheet past Sheets' 10 million cells (Sheets' text).
    static let tooManyCellsInWorkbook = invalidArgument("This action would increase the number of cells in the workbook above the limit of 10000000 cells.")

    /// A cell value longer than Sheets allows (Sheets' text).
    static let cellTooLong = invalidArgument("Your input contains more than the maximum of 50000 characters in a single cell.")
}
