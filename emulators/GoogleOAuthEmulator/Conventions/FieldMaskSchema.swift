/// The response schemas of an API's discovery document, as much as a `fields` mask needs: each schema's
/// member names and, for members holding another schema (directly or as array elements), its name.
///
/// Built from a compact text the API module generates from its discovery document:
/// `Schema=member|member>Other|member>*;Next=…`, where `>*` is an open map or inline object (any
/// sub-path is accepted under it) and `Schema=*` a schema without declared members.
public struct FieldMaskSchema: Sendable {
    /// Schema name → member name → the member's schema ("" for a scalar, "*" for an open object).
    let schemas: [String: [String: String]]

    public init(text: String) {
        var schemas: [String: [String: String]] = [:]
        let compact = text.filter { !$0.isWhitespace }
        for entry in compact.split(separator: ";") {
            let pair = entry.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            var members: [String: String] = [:]
            for member in pair[1].split(separator: "|") {
                let parts = member.split(separator: ">", maxSplits: 1)
                members[String(parts[0])] = parts.count == 2 ? String(parts[1]) : ""
            }
            schemas[String(pair[0])] = members
        }
        self.schemas = schemas
    }

    /// The first path of `mask` (dotted, as Google names it) that `schema` has no member for, or that
    /// selects inside a scalar; nil when every path exists. Unknown schemas and open objects accept
    /// everything. Members are checked in name order, so the answer is deterministic.
    public func unknownPath(in mask: FieldMask, schema: String) -> String? {
        check(mask.root, schema: schema, path: [])
    }

    func check(_ node: FieldMask.Node, schema: String, path: [String]) -> String? {
        guard !node.whole, let members = schemas[schema], members["*"] == nil else { return nil }
        for (name, child) in node.children.sorted(by: { $0.key < $1.key }) where name != "*" {
            guard let target = members[name] else { return (path + [name]).joined(separator: ".") }
            if child.whole || target == "*" { continue }
            guard !target.isEmpty else {
                let inner = child.children.keys.sorted().first ?? ""
                return (path + [name, inner]).joined(separator: ".")
            }
            if let bad = check(child, schema: target, path: path + [name]) { return bad }
        }
        return nil
    }
}
