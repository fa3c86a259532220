import DrydockCore

extension FieldMask {
    /// `body` cut down to what the mask selects: members not selected are dropped (order kept), a
    /// selection inside an array applies to every element, and a selection under a scalar selects
    /// nothing. Recursion follows the mask, whose depth is bounded, never the body alone.
    public func apply(to body: JSONValue) -> JSONValue {
        Self.apply(root, to: body)
    }

    static func apply(_ node: Node, to value: JSONValue) -> JSONValue {
        if node.whole { return value }
        switch value {
        case .object(let members):
            let all = node.children["*"]
            var kept: [(String, JSONValue)] = []
            for (name, member) in members {
                var selection = node.children[name]
                if let all {
                    if var named = selection { named.merge(all); selection = named } else { selection = all }
                }
                if let selection { kept.append((name, apply(selection, to: member))) }
            }
            return .object(kept)
        case .array(let elements):
            return .array(elements.map { apply(node, to: $0) })
        default:
            return value
        }
    }
}
