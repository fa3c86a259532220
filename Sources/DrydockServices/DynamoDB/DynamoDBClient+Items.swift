import DrydockCore

/// Every item a paginated `Query` returned, with the service's counts summed over all pages.
public struct DynamoDBQueryResult: Sendable, Equatable {
    /// Items in DynamoDB JSON (`{"pk": {"S": "…"}}`), in the order the pages returned them.
    public var items: [JSONValue]
    /// Sum of `Count` over all pages.
    public var count: Int
    /// Sum of `ScannedCount` over all pages.
    public var scannedCount: Int
    /// How many `Query` requests were made.
    public var pages: Int
}

extension DynamoDBClient {
    /// Runs `Query` with `input` (TableName, KeyConditionExpression, …) and follows `LastEvaluatedKey` →
    /// `ExclusiveStartKey` until the last page, as boto3's paginator does.
    /// - Throws: ``DynamoDBError``; `InvalidResponse` if the service repeats a page key (which would loop).
    public func query(_ input: JSONValue) throws -> DynamoDBQueryResult {
        var result = DynamoDBQueryResult(items: [], count: 0, scannedCount: 0, pages: 0)
        var request = input
        var seenKeys: [JSONValue] = []
        while true {
            let page = try call("Query", request)
            result.pages += 1
            result.items += page["Items"]?.arrayValue ?? []
            result.count += page["Count"]?.intValue ?? 0
            result.scannedCount += page["ScannedCount"]?.intValue ?? 0
            guard let next = page["LastEvaluatedKey"], !next.isNull else { return result }
            if seenKeys.contains(next) {
                throw DynamoDBError(
                    code: "InvalidResponse", message: "Query returned the same LastEvaluatedKey twice; stopping",
                    status: 200, operation: "Query")
            }
            seenKeys.append(next)
            request = request.setting("ExclusiveStartKey", next)
        }
    }

    /// `GetItem`: the item with `key` in `table`, or nil when there is none.
    public func getItem(table: String, key: JSONValue, consistentRead: Bool = false) throws -> JSONValue? {
        var input: JSONValue = ["TableName": .string(table), "Key": key]
        if consistentRead { input = input.setting("ConsistentRead", true) }
        let output = try call("GetItem", input)
        guard let item = output["Item"], !item.isNull else { return nil }
        return item
    }

    /// `PutItem`: writes `item` to `table`, optionally only if `conditionExpression` holds (a failed
    /// condition throws `ConditionalCheckFailedException`).
    public func putItem(
        table: String, item: JSONValue, conditionExpression: String? = nil,
        expressionAttributeNames: JSONValue? = nil, expressionAttributeValues: JSONValue? = nil
    ) throws {
        var input: JSONValue = ["TableName": .string(table), "Item": item]
        if let conditionExpression { input = input.setting("ConditionExpression", .string(conditionExpression)) }
        if let expressionAttributeNames { input = input.setting("ExpressionAttributeNames", expressionAttributeNames) }
        if let expressionAttributeValues { input = input.setting("ExpressionAttributeValues", expressionAttributeValues) }
        _ = try call("PutItem", input)
    }
}

extension JSONValue {
    /// This object with member `key` replaced (or appended); non-objects become a one-member object.
    func setting(_ key: String, _ value: JSONValue) -> JSONValue {
        var members = objectValue ?? []
        if let index = members.firstIndex(where: { $0.0 == key }) {
            members[index].1 = value
        } else {
            members.append((key, value))
        }
        return .object(members)
    }
}
