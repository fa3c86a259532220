import DrydockCore
@testable import DynamoDBEmulator
import Testing

/// Query and Scan through a secondary index read index entries (the attributes the index projects),
/// not whole items: their read units and their 1 MB page limit count the entries, and a local index
/// read that needs unprojected attributes also pays for each item it fetches from the table, rounded
/// up to 4 KB on its own (Developer Guide, provisioned throughput considerations of local and global
/// secondary indexes).
@Suite("DynamoDB index read sizes")
struct IndexReadSizeTests {
    /// Table `reads` (pk, sk) with the KEYS_ONLY local index `byRank` (pk, rank) and the KEYS_ONLY
    /// global index `byKind` (kind), holding `count` items in partition `p`, each with a `blob` of
    /// `blob` bytes; item i has sk `s<i>` and rank `r<99-i>` (so the local index reads them backwards).
    static func client(count: Int, blob: Int) -> DynamoDBTestClient {
        let client = DynamoDBTestClient()
        let keysOnly = #""Projection":{"ProjectionType":"KEYS_ONLY"}"#
        client.ok("CreateTable", #"""
        {"TableName":"reads","BillingMode":"PAY_PER_REQUEST",
         "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"S"},
                                 {"AttributeName":"rank","AttributeType":"S"},{"AttributeName":"kind","AttributeType":"S"}],
         "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],
         "LocalSecondaryIndexes":[{"IndexName":"byRank","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"rank","KeyType":"RANGE"}],\#(keysOnly)}],
         "GlobalSecondaryIndexes":[{"IndexName":"byKind","KeySchema":[{"AttributeName":"kind","KeyType":"HASH"}],\#(keysOnly)}]}
        """#)
        let pad = String(repeating: "b", count: blob)
        for i in 10..<(10 + count) {
            client.ok("PutItem", #"{"TableName":"reads","Item":{"pk":{"S":"p"},"sk":{"S":"s\#(i)"},"rank":{"S":"r\#(99 - i)"},"kind":{"S":"k"},"blob":{"S":"\#(pad)"}}}"#)
        }
        return client
    }

    static let local = #""TableName":"reads","IndexName":"byRank","KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":"p"}}"#
    static let global = #""TableName":"reads","IndexName":"byKind","KeyConditionExpression":"kind = :k","ExpressionAttributeValues":{":k":{"S":"k"}}"#

    func capacity(_ answer: JSONValue) -> (total: Double?, table: Double?, local: Double?, global: Double?) {
        let consumed = answer["ConsumedCapacity"]
        return (consumed?["CapacityUnits"]?.doubleValue, consumed?["Table"]?["CapacityUnits"]?.doubleValue,
                consumed?["LocalSecondaryIndexes"]?["byRank"]?["CapacityUnits"]?.doubleValue,
                consumed?["GlobalSecondaryIndexes"]?["byKind"]?["CapacityUnits"]?.doubleValue)
    }

    @Test func aKeysOnlyIndexReadCostsItsEntriesNotTheItems() {
        let client = Self.client(count: 5, blob: 10_000)
        // Five entries of a few bytes each: one 4 KB unit, halved (the items would be 13 units).
        for action in ["Query", "Scan"] {
            let body = action == "Query" ? Self.global : #""TableName":"reads","IndexName":"byKind""#
            let answer = client.ok(action, #"{\#(body),"ReturnConsumedCapacity":"INDEXES"}"#)
            #expect(answer["Count"] == 5)
            let units = capacity(answer)
            #expect(units.total == 0.5)
            #expect(units.table == 0)
            #expect(units.global == 0.5)
        }
        let projected = client.ok("Query", ##"{\##(Self.local),"ConsistentRead":true,"ProjectionExpression":"sk, #r","ExpressionAttributeNames":{"#r":"rank"},"ReturnConsumedCapacity":"INDEXES"}"##)
        #expect(capacity(projected).total == 1)
        #expect(capacity(projected).local == 1)
        #expect(capacity(projected).table == 0)
    }

    @Test func aLocalIndexReadPaysForEachItemItFetches() {
        let client = Self.client(count: 5, blob: 10_000)
        // The index: 1 unit; each fetched item (about 10 KB): 3 units, on the table.
        let all = client.ok("Query", #"{\#(Self.local),"ConsistentRead":true,"Select":"ALL_ATTRIBUTES","ReturnConsumedCapacity":"INDEXES"}"#)
        #expect(all["Items"]?.arrayValue?.first?["blob"] != nil)
        #expect(capacity(all).local == 1)
        #expect(capacity(all).table == 15)
        #expect(capacity(all).total == 16)
        let named = client.ok("Query", ##"{\##(Self.local),"ProjectionExpression":"#b","ExpressionAttributeNames":{"#b":"blob"},"ReturnConsumedCapacity":"TOTAL"}"##)
        #expect(capacity(named).total == 8)  // (1 + 15) halved: eventually consistent
        // Items the filter (on projected attributes) drops are not fetched.
        let filtered = client.ok("Query", #"{"TableName":"reads","IndexName":"byRank","KeyConditionExpression":"pk = :p","FilterExpression":"sk <> :s","ExpressionAttributeValues":{":p":{"S":"p"},":s":{"S":"s10"}},"ConsistentRead":true,"Select":"ALL_ATTRIBUTES","ReturnConsumedCapacity":"TOTAL"}"#)
        #expect(filtered["Count"] == 4)
        #expect(capacity(filtered).total == 13)
        let counted = client.ok("Query", #"{\#(Self.local),"ConsistentRead":true,"Select":"COUNT","ReturnConsumedCapacity":"TOTAL"}"#)
        #expect(capacity(counted).total == 1)
    }

    /// 13 items of about 95 KB: a table page holds 12 (1 MB reached by the 12th), a KEYS_ONLY index page
    /// all 13, a local index page that fetches 11 (4 KB of entries plus 96 KB per fetched item).
    @Test func theOneMegabytePageCountsWhatTheReadReads() {
        let client = Self.client(count: 13, blob: 95_000)
        let table = client.ok("Query", #"{"TableName":"reads","KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":"p"}}}"#)
        #expect(table["Count"] == 12)
        #expect(table["LastEvaluatedKey"] == ["pk": ["S": "p"], "sk": ["S": "s21"]])
        for body in [Self.local, Self.global] {
            let keys = client.ok("Query", "{\(body)}")
            #expect(keys["Count"] == 13)
            #expect(keys["LastEvaluatedKey"] == nil)
        }
        #expect(client.ok("Scan", #"{"TableName":"reads","IndexName":"byKind"}"#)["Count"] == 13)
        let fetching = client.ok("Query", #"{\#(Self.local),"Select":"ALL_ATTRIBUTES"}"#)
        #expect(fetching["Count"] == 11)
        // The 11th item in rank order (r77 for s22 first): r87, s12.
        let last: JSONValue = ["pk": ["S": "p"], "sk": ["S": "s12"], "rank": ["S": "r87"]]
        for name in ["pk", "sk", "rank"] { #expect(fetching["LastEvaluatedKey"]?[name] == last[name]) }
        #expect(fetching["LastEvaluatedKey"]?.objectValue?.count == 3)
        let rest = client.ok("Query", #"{\#(Self.local),"Select":"ALL_ATTRIBUTES","ExclusiveStartKey":\#(last.serialized())}"#)
        #expect(rest["Items"]?.arrayValue?.map { $0["sk"] } == [["S": "s11"], ["S": "s10"]])
        #expect(rest["LastEvaluatedKey"] == nil)
    }
}
