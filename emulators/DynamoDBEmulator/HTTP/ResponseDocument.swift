import DrydockCore

/// What an operation answers: a JSON tree, or a read's answer (a GetItem item, a Query or Scan page),
/// which writes its items straight to bytes after the emulator's lock is released (building and freeing
/// a tree for every item cost a Query more than the read itself).
enum ResponseDocument {
    case json(JSONValue)
    /// GetItem: the item (shaped by the projection) when found, and the consumed capacity when asked for.
    case item(Item?, consumed: (String, JSONValue)?)
    case page(ReadPlan.Page)
    /// No body at all: TagResource and UntagResource answer 200 with an empty body (a public
    /// conformance suite checked this against AWS).
    case empty

    /// The response body.
    var bytes: [UInt8] {
        switch self {
        case .json(let value): return value.bytes
        case .item(let item, let consumed):
            var object = ObjectWriter()
            if let item { object.member("Item") { Item.write(item, to: &$0) } }
            object.member(consumed)
            return object.finish()
        case .page(let page):
            var object = ObjectWriter()
            page.write(to: &object)
            return object.finish()
        case .empty: return []
        }
    }

    /// The answer as a tree, for callers that read it (PartiQL, a batch answered in part).
    var json: JSONValue {
        switch self {
        case .json(let value): return value
        case .item(let item, let consumed):
            var members: [(String, JSONValue)] = []
            if let item { members.append(("Item", Item.json(item))) }
            if let consumed { members.append(consumed) }
            return .object(members)
        case .page(let page): return page.json()
        case .empty: return .object([])
        }
    }

    /// Writes a compact JSON object member by member, as `JSONValue.bytes` would.
    struct ObjectWriter {
        private var out: [UInt8] = [UInt8(ascii: "{")]
        private var empty = true

        init() { out.reserveCapacity(1024) }

        mutating func member(_ name: String, _ writeValue: (inout [UInt8]) -> Void) {
            if !empty { out.append(UInt8(ascii: ",")) }
            empty = false
            JSONValue.writeString(name, to: &out)
            out.append(UInt8(ascii: ":"))
            writeValue(&out)
        }

        /// A member already in tree form (small ones: counts, consumed capacity); nil writes nothing.
        mutating func member(_ member: (String, JSONValue)?) {
            guard let (name, value) = member else { return }
            self.member(name) { $0.append(contentsOf: value.bytes) }
        }

        mutating func finish() -> [UInt8] {
            out.append(UInt8(ascii: "}"))
            return out
        }
    }
}
