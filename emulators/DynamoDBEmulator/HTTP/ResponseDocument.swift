import DrydockCore

/// What an operation answers: a JSON tree, or a Query or Scan page, which writes its items straight to
/// bytes (building and freeing a tree for every item cost a Query more than the read itself).
enum ResponseDocument {
    case json(JSONValue)
    case page(ReadPlan.Page)

    /// The response body.
    var bytes: [UInt8] {
        switch self {
        case .json(let value): return value.bytes
        case .page(let page):
            var out: [UInt8] = []
            out.reserveCapacity(1024)
            page.write(to: &out)
            return out
        }
    }

    /// The answer as a tree, for callers that read it (PartiQL, a batch answered in part).
    var json: JSONValue {
        switch self {
        case .json(let value): value
        case .page(let page): page.json()
        }
    }
}
