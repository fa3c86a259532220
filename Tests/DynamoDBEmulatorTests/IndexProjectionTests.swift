import DrydockCore
@testable import DynamoDBEmulator
import Testing

/// What a read of a secondary index with a KEYS_ONLY or INCLUDE projection answers, and what it may name.
@Suite("DynamoDB index projections on Query and Scan")
struct IndexProjectionTests {
    /// Table `orders` (pk S × sk S) with KEYS_ONLY indexes on `amount`: LSI `byAmount`, GSI `globalAmount`;
    /// one item with the unprojected `note`.
    static func client() -> DynamoDBTestClient {
        let client = DynamoDBTestClient()
        client.ok("CreateTable", #"""
        {"TableName":"orders","BillingMode":"PAY_PER_REQUEST",
         "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"S"},{"AttributeName":"amount","AttributeType":"S"}],
         "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],
         "LocalSecondaryIndexes":[{"IndexName":"byAmount","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"amount","KeyType":"RANGE"}],"Projection":{"ProjectionType":"KEYS_ONLY"}}],
         "GlobalSecondaryIndexes":[{"IndexName":"globalAmount","KeySchema":[{"AttributeName":"amount","KeyType":"HASH"}],"Projection":{"ProjectionType":"KEYS_ONLY"}}]}
        """#)
        client.ok("PutItem", #"{"TableName":"orders","Item":{"pk":{"S":"a"},"sk":{"S":"1"},"amount":{"S":"9"},"note":{"S":"hi"}}}"#)
        return client
    }

    static let local = #""TableName":"orders","IndexName":"byAmount""#
    static let partition = #""KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":"a"}}"#

    static func only(_ answer: JSONValue) -> JSONValue? { answer["Items"]?.arrayValue?.first }

    @Test func localIndexReadsUnprojectedAttributesFromTheTable() {
        let client = Self.client()
        // Without Select an index read answers what the index projects.
        let projected = Self.only(client.ok("Query", "{\(Self.local),\(Self.partition)}"))
        #expect(projected?["note"] == nil)
        #expect(projected?["amount"] == ["S": "9"])
        let all = Self.only(client.ok("Query", "{\(Self.local),\(Self.partition),\"Select\":\"ALL_ATTRIBUTES\"}"))
        #expect(all?["note"] == ["S": "hi"])
        let named = Self.only(client.ok("Query", "{\(Self.local),\(Self.partition),\"ProjectionExpression\":\"note\"}"))
        #expect(named == ["note": ["S": "hi"]])
        let scanned = Self.only(client.ok("Scan", "{\(Self.local),\"Select\":\"ALL_ATTRIBUTES\"}"))
        #expect(scanned?["note"] == ["S": "hi"])
        #expect(Self.only(client.ok("Scan", "{\(Self.local)}"))?["note"] == nil)
    }

    @Test func filterNamesOnlyProjectedAttributes() {
        let client = Self.client()
        let refused = client.error("Query", #"{"TableName":"orders","IndexName":"byAmount","KeyConditionExpression":"pk = :p","FilterExpression":"note = :n","ExpressionAttributeValues":{":p":{"S":"a"},":n":{"S":"hi"}}}"#)
        #expect(refused.type == "ValidationException")
        #expect(refused.message == "One or more parameter values were invalid: Secondary index byAmount does not project one or more filter attributes: [note]")
        // The rule is confirmed for Query only; a Scan's filter is not checked (README).
        for index in ["byAmount", "globalAmount"] {
            let scanned = client.ok("Scan", #"{"TableName":"orders","IndexName":"\#(index)","FilterExpression":"note = :n","ExpressionAttributeValues":{":n":{"S":"hi"}}}"#)
            #expect(scanned["Items"] != nil, "\(index)")
        }
        // Even when the answer is read from the table.
        let allAttributes = client.error("Query", #"{"TableName":"orders","IndexName":"byAmount","Select":"ALL_ATTRIBUTES","KeyConditionExpression":"pk = :p","FilterExpression":"note = :n","ExpressionAttributeValues":{":p":{"S":"a"},":n":{"S":"hi"}}}"#)
        #expect(allAttributes.message.contains("does not project one or more filter attributes: [note]"))
        // The table's sort key is projected into every index, so a filter may name it.
        let bySortKey = client.ok("Query", #"{"TableName":"orders","IndexName":"byAmount","KeyConditionExpression":"pk = :p","FilterExpression":"sk = :s","ExpressionAttributeValues":{":p":{"S":"a"},":s":{"S":"1"}}}"#)
        #expect(bySortKey["Count"] == 1)
    }

    @Test func indexSizeCountsWhatTheIndexProjects() throws {
        let table = try #require(Self.client().ok("DescribeTable", #"{"TableName":"orders"}"#)["Table"])
        let tableBytes = try #require(table["TableSizeBytes"]?.intValue)
        for kind in ["LocalSecondaryIndexes", "GlobalSecondaryIndexes"] {
            let index = table[kind]?.arrayValue?.first
            #expect(index?["ItemCount"] == 1)
            // The unprojected `note` ("note" + "hi") is not in the index.
            #expect(index?["IndexSizeBytes"]?.intValue == tableBytes - 6)
        }
    }

    @Test func globalIndexCannotNameUnprojectedAttributes() {
        let refused = Self.client().error("Query", #"{"TableName":"orders","IndexName":"globalAmount","KeyConditionExpression":"amount = :t","ProjectionExpression":"note, pk","ExpressionAttributeValues":{":t":{"S":"9"}}}"#)
        #expect(refused.message == "One or more parameter values were invalid: Global secondary index globalAmount does not project [note]")
    }
}
