import DrydockCore

/// EC2's metadata JSON style: one member per line, two-space indent, and a space on both sides of the
/// colon (`"Code" : "Success",`), as the credential, `iam/info` and identity documents are printed.
///
/// Confirmed against the AWS documentation's examples of `iam/security-credentials/<role>` and
/// `dynamic/instance-identity/document`. Values are scalars (or arrays of scalars, printed `[ "a" ]`).
enum EC2JSON {
    static func render(_ members: [(String, JSONValue)]) -> String {
        let lines = members.map { key, value in
            "  " + JSONValue.string(key).serialized() + " : " + renderValue(value)
        }
        return "{\n" + lines.joined(separator: ",\n") + "\n}"
    }

    private static func renderValue(_ value: JSONValue) -> String {
        if case .array(let items) = value {
            return items.isEmpty ? "[ ]" : "[ " + items.map { $0.serialized() }.joined(separator: ", ") + " ]"
        }
        return value.serialized()
    }
}
