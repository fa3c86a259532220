import DrydockCore

extension DynamoDBClient {
    /// DynamoDB's limit of put requests in one `BatchWriteItem`.
    public static let batchWriteLimit = 25

    /// Writes `items` into `table` with `BatchWriteItem`, 25 at a time. `UnprocessedItems` (what the table
    /// could not take under throttling) are sent again after the standard backoff, up to
    /// `maximumUnprocessedRounds` times per batch, as the AWS SDK documentation tells callers to.
    /// - Returns: how many `BatchWriteItem` requests were made.
    /// - Throws: ``DynamoDBError`` (`UnprocessedItems` when items were still unprocessed after every round).
    @discardableResult
    public func batchWrite(table: String, items: [JSONValue], maximumUnprocessedRounds: Int = 8) throws -> Int {
        var requests = 0
        var start = 0
        while start < items.count {
            let batch = items[start..<min(items.count, start + Self.batchWriteLimit)]
            start += Self.batchWriteLimit
            var pending: JSONValue = .array(batch.map { ["PutRequest": ["Item": $0]] })
            var round = 0
            while true {
                let output = try call("BatchWriteItem", ["RequestItems": .object([(table, pending)])])
                requests += 1
                guard let unprocessed = output["UnprocessedItems"]?[table], let left = unprocessed.arrayValue, !left.isEmpty else { break }
                round += 1
                guard round <= maximumUnprocessedRounds else {
                    throw DynamoDBError(
                        code: "UnprocessedItems",
                        message: "\(left.count) item(s) of \(table) still unprocessed after \(maximumUnprocessedRounds) retries; the table is throttled: rerun later",
                        status: 200, operation: "BatchWriteItem")
                }
                sleepBeforeRetry(round)
                pending = unprocessed
            }
        }
        return requests
    }
}
