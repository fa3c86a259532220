import DrydockCore

/// A JSON request body read the way Google's front end reads it: empty means `{}`, anything but an
/// object is unreadable, and members the resource does not have are refused by name.
enum RequestBody {
    static func object(_ body: [UInt8], members allowed: Set<String>) throws(GmailError) -> JSONValue {
        guard !body.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 10 || $0 == 13 }) else { return .object([]) }
        guard let json = try? JSONValue.parse(body), case .object = json else { throw .unreadableJSON }
        try check(json, members: allowed)
        return json
    }

    /// Refuses a member of `json` (an object) not in `allowed`.
    static func check(_ json: JSONValue, members allowed: Set<String>) throws(GmailError) {
        for (name, _) in json.objectValue ?? [] where !allowed.contains(name) { throw .unknownJSONName(name) }
    }

    /// A list of strings at `key` (absent: empty); anything else is the proto layer's refusal.
    static func strings(_ json: JSONValue, _ key: String, field: String) throws(GmailError) -> [String] {
        guard let value = json[key], !value.isNull else { return [] }
        guard let items = value.arrayValue else { throw invalidJSONValue(field: field, value: value) }
        var values: [String] = []
        for item in items {
            guard let text = item.stringValue else { throw invalidJSONValue(field: field, value: item) }
            values.append(text)
        }
        return values
    }

    /// A string at `key`, nil when absent or null.
    static func string(_ json: JSONValue, _ key: String, field: String) throws(GmailError) -> String? {
        guard let value = json[key], !value.isNull else { return nil }
        guard let text = value.stringValue else { throw invalidJSONValue(field: field, value: value) }
        return text
    }

    /// ESF's refusal of a JSON value of the wrong type (assumed wording, after its "Invalid value at"
    /// texts for query parameters).
    static func invalidJSONValue(field: String, value: JSONValue) -> GmailError {
        let message = "Invalid JSON payload received. Invalid value at '\(field)' (\(value.typeName))."
        return GmailError(
            code: 400, status: "INVALID_ARGUMENT", message: message,
            errors: [.object([("message", .string(message)), ("reason", "invalid")])],
            details: [.object([
                ("@type", "type.googleapis.com/google.rpc.BadRequest"),
                ("fieldViolations", [.object([("field", .string(field)), ("description", .string(message))])]),
            ])])
    }
}
