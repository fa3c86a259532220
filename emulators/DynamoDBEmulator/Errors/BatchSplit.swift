import DrydockCore

/// Which requests of a batch the `unprocessed-items` fault leaves unprocessed, deterministically: the
/// second half (rounded down) of each table's requests, in request order; when that leaves nothing out
/// (every table has a single request), the last table's request. A batch of one request is thus left
/// out whole — DynamoDB would answer ProvisionedThroughputExceededException there; a 400 rule does that.
enum BatchSplit {
    /// How many requests to leave out of each table, given each table's request count.
    static func unprocessedCounts(_ counts: [Int]) -> [Int] {
        var leftOut = counts.map { $0 / 2 }
        if leftOut.allSatisfy({ $0 == 0 }), let last = counts.lastIndex(where: { $0 > 0 }) { leftOut[last] = 1 }
        return leftOut
    }

    /// A validated BatchWriteItem `document` cut in two: the request to apply (every other member kept;
    /// nil when nothing is left to apply) and `UnprocessedItems`, the WriteRequests left out exactly as
    /// sent, by table.
    static func writes(of document: JSONValue) -> (processed: JSONValue?, unprocessed: JSONValue) {
        let tables = (document["RequestItems"]?.objectValue ?? []).map { ($0.0, $0.1.arrayValue ?? []) }
        let leftOut = unprocessedCounts(tables.map(\.1.count))
        var processed: [(String, JSONValue)] = []
        var unprocessed: [(String, JSONValue)] = []
        for ((name, requests), count) in zip(tables, leftOut) {
            if requests.count > count { processed.append((name, .array(Array(requests.dropLast(count))))) }
            if count > 0 { unprocessed.append((name, .array(Array(requests.suffix(count))))) }
        }
        guard !processed.isEmpty, case .object(let members) = document else { return (nil, .object(unprocessed)) }
        let request = JSONValue.object(members.map { $0.0 == "RequestItems" ? ($0.0, .object(processed)) : $0 })
        return (request, .object(unprocessed))
    }
}
