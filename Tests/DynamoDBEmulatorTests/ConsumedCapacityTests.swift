import DrydockCore
@testable import DynamoDBEmulator
import Testing

/// ReturnConsumedCapacity units as the Developer Guide computes them: reads 1 RCU per 4 KB (half when
/// eventually consistent), writes 1 WCU per KB of the larger of the item before and after, each item of
/// a batch rounded on its own, transactions at double.
@Suite("DynamoDB consumed capacity")
struct ConsumedCapacityTests {
    static func client() -> DynamoDBTestClient {
        let client = DynamoDBTestClient()
        client.createTable("capacity")
        return client
    }

    /// An item of about `bytes` bytes under key `pk`.
    static func item(_ pk: String, bytes: Int) -> String {
        #"{"pk":{"S":"\#(pk)"},"pad":{"S":"\#(String(repeating: "p", count: max(1, bytes - 5 - pk.count)))"}}"#
    }

    func units(_ answer: JSONValue) -> Double? {
        if case .array(let list) = answer["ConsumedCapacity"] ?? .null {
            return list.reduce(0) { $0 + ($1["CapacityUnits"]?.doubleValue ?? 0) }
        }
        return answer["ConsumedCapacity"]?["CapacityUnits"]?.doubleValue
    }

    @Test func getItemReads() {
        let client = Self.client()
        client.ok("PutItem", #"{"TableName":"capacity","Item":\#(Self.item("small", bytes: 100))}"#)
        client.ok("PutItem", #"{"TableName":"capacity","Item":\#(Self.item("big", bytes: 5000))}"#)
        let get = { (key: String, consistent: Bool) in
            units(client.ok("GetItem", #"{"TableName":"capacity","Key":{"pk":{"S":"\#(key)"}},"ConsistentRead":\#(consistent),"ReturnConsumedCapacity":"TOTAL"}"#))
        }
        #expect(get("small", false) == 0.5)
        #expect(get("small", true) == 1)
        #expect(get("big", true) == 2)
        #expect(get("missing", false) == 0.5)
    }

    @Test func batchGetRoundsEachItemAndHonoursConsistentRead() {
        let client = Self.client()
        for key in ["a", "b", "c"] { client.ok("PutItem", #"{"TableName":"capacity","Item":\#(Self.item(key, bytes: 100))}"#) }
        let one = client.ok("BatchGetItem", #"{"RequestItems":{"capacity":{"Keys":[{"pk":{"S":"a"}}]}},"ReturnConsumedCapacity":"TOTAL"}"#)
        #expect(units(one) == 0.5)
        let three = client.ok("BatchGetItem", #"{"RequestItems":{"capacity":{"Keys":[{"pk":{"S":"a"}},{"pk":{"S":"b"}},{"pk":{"S":"c"}}]}},"ReturnConsumedCapacity":"TOTAL"}"#)
        #expect(units(three) == 1.5)
        let strong = client.ok("BatchGetItem", #"{"RequestItems":{"capacity":{"Keys":[{"pk":{"S":"a"}},{"pk":{"S":"b"}}],"ConsistentRead":true}},"ReturnConsumedCapacity":"TOTAL"}"#)
        #expect(units(strong) == 2)
    }

    @Test func writesCostTheLargerOfBeforeAndAfter() {
        let client = Self.client()
        let first = client.ok("PutItem", #"{"TableName":"capacity","Item":\#(Self.item("w", bytes: 2500)),"ReturnConsumedCapacity":"TOTAL"}"#)
        #expect(units(first) == 3)
        let shrink = client.ok("PutItem", #"{"TableName":"capacity","Item":\#(Self.item("w", bytes: 100)),"ReturnConsumedCapacity":"TOTAL"}"#)
        #expect(units(shrink) == 3)
        let update = client.ok("UpdateItem", #"{"TableName":"capacity","Key":{"pk":{"S":"w"}},"UpdateExpression":"SET a = :v","ExpressionAttributeValues":{":v":{"N":"1"}},"ReturnConsumedCapacity":"TOTAL"}"#)
        #expect(units(update) == 1)
        let delete = client.ok("DeleteItem", #"{"TableName":"capacity","Key":{"pk":{"S":"w"}},"ReturnConsumedCapacity":"TOTAL"}"#)
        #expect(units(delete) == 1)
    }

    @Test func batchWriteRoundsEachItem() {
        let client = Self.client()
        let puts = ["x", "y"].map { #"{"PutRequest":{"Item":\#(Self.item($0, bytes: 1500))}}"# }.joined(separator: ",")
        let answer = client.ok("BatchWriteItem", #"{"RequestItems":{"capacity":[\#(puts)]},"ReturnConsumedCapacity":"TOTAL"}"#)
        #expect(units(answer) == 4)
    }

    @Test func transactionsCostDouble() {
        let client = Self.client()
        let write = client.ok("TransactWriteItems", #"{"TransactItems":[{"Put":{"TableName":"capacity","Item":\#(Self.item("t", bytes: 100))}}],"ReturnConsumedCapacity":"TOTAL"}"#)
        #expect(units(write) == 2)
        let read = client.ok("TransactGetItems", #"{"TransactItems":[{"Get":{"TableName":"capacity","Key":{"pk":{"S":"t"}}}}],"ReturnConsumedCapacity":"TOTAL"}"#)
        #expect(units(read) == 2)
        let none = client.ok("TransactGetItems", #"{"TransactItems":[{"Get":{"TableName":"capacity","Key":{"pk":{"S":"t"}}}}]}"#)
        #expect(none["ConsumedCapacity"] == nil)
    }

    @Test func indexReadsAreReportedUnderTheIndex() {
        let answer = QueryScanTests.client().ok("Query", #"{"TableName":"events","IndexName":"byKind","KeyConditionExpression":"kind = :k","ExpressionAttributeValues":{":k":{"S":"odd"}},"ReturnConsumedCapacity":"INDEXES"}"#)
        let consumed = answer["ConsumedCapacity"]
        #expect(consumed?["CapacityUnits"]?.doubleValue == 0.5)
        #expect(consumed?["Table"]?["CapacityUnits"]?.doubleValue == 0)
        #expect(consumed?["GlobalSecondaryIndexes"]?["byKind"]?["CapacityUnits"]?.doubleValue == 0.5)
        let table = QueryScanTests.client().ok("Query", #"{"TableName":"events","KeyConditionExpression":"pk = :a","ExpressionAttributeValues":{":a":{"S":"a"}},"ReturnConsumedCapacity":"INDEXES"}"#)
        #expect(table["ConsumedCapacity"]?["Table"]?["CapacityUnits"]?.doubleValue == 0.5)
    }

    /// An UpdateItem of only removals on a missing item writes nothing: it costs what a missing
    /// item's write costs (the minimum unit) and no index write, not the new item's.
    @Test func anUpdateThatWritesNothingCostsTheMinimumUnit() {
        let client = QueryScanTests.client()
        // A key over 1 KB: the item the update would have made costs 2 units.
        let pk = String(repeating: "k", count: 1500)
        let answer = client.ok("UpdateItem", #"{"TableName":"events","Key":{"pk":{"S":"\#(pk)"},"sk":{"N":"1"}},"UpdateExpression":"REMOVE kind","ReturnConsumedCapacity":"INDEXES"}"#)
        let consumed = answer["ConsumedCapacity"]
        #expect(consumed?["CapacityUnits"]?.doubleValue == 1)
        #expect(consumed?["Table"]?["CapacityUnits"]?.doubleValue == 1)
        #expect(consumed?["GlobalSecondaryIndexes"] == nil)
        #expect(client.ok("GetItem", #"{"TableName":"events","Key":{"pk":{"S":"\#(pk)"},"sk":{"N":"1"}}}"#)["Item"] == nil)
    }

    /// Table `events` has the KEYS_ONLY GSI `byKind` (on `kind`, `sk`).
    @Test func writesCountTheirIndexWrites() {
        let client = QueryScanTests.client()
        let put = { (kind: String) in
            client.ok("PutItem", #"{"TableName":"events","Item":{"pk":{"S":"z"},"sk":{"N":"1"},"kind":{"S":"\#(kind)"}},"ReturnConsumedCapacity":"INDEXES"}"#)["ConsumedCapacity"]
        }
        let first = put("odd")  // new item in the index: 1 table write + 1 index write
        #expect(first?["CapacityUnits"]?.doubleValue == 2)
        #expect(first?["Table"]?["CapacityUnits"]?.doubleValue == 1)
        #expect(first?["GlobalSecondaryIndexes"]?["byKind"]?["CapacityUnits"]?.doubleValue == 1)
        let moved = put("even")  // the index key changes: delete + put in the index
        #expect(moved?["CapacityUnits"]?.doubleValue == 3)
        let unchanged = client.ok("UpdateItem", #"{"TableName":"events","Key":{"pk":{"S":"z"},"sk":{"N":"1"}},"UpdateExpression":"SET note = :n","ExpressionAttributeValues":{":n":{"S":"x"}},"ReturnConsumedCapacity":"TOTAL"}"#)
        #expect(unchanged["ConsumedCapacity"]?["CapacityUnits"]?.doubleValue == 1)  // nothing projected changed
        let deleted = client.ok("DeleteItem", #"{"TableName":"events","Key":{"pk":{"S":"z"},"sk":{"N":"1"}},"ReturnConsumedCapacity":"TOTAL"}"#)
        #expect(deleted["ConsumedCapacity"]?["CapacityUnits"]?.doubleValue == 2)
    }

    @Test func transactionsCountTheirIndexWritesDouble() {
        let client = QueryScanTests.client()
        let answer = client.ok("TransactWriteItems", #"{"TransactItems":[{"Put":{"TableName":"events","Item":{"pk":{"S":"t"},"sk":{"N":"1"},"kind":{"S":"odd"}}}}],"ReturnConsumedCapacity":"INDEXES"}"#)
        let consumed = answer["ConsumedCapacity"]?.arrayValue?.first
        #expect(consumed?["CapacityUnits"]?.doubleValue == 4)
        #expect(consumed?["GlobalSecondaryIndexes"]?["byKind"]?["CapacityUnits"]?.doubleValue == 2)
    }
}
