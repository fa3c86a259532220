import DrydockCore
@testable import DynamoDBEmulator
import Testing

@Suite("DynamoDB Query and Scan")
struct QueryScanTests {
    /// Table `events`: pk (S) × sk (N), ten items per partition for "a" and "b", plus a GSI on `kind`.
    static func client() -> DynamoDBTestClient {
        let client = DynamoDBTestClient()
        client.ok("CreateTable", #"""
        {"TableName":"events","BillingMode":"PAY_PER_REQUEST",
         "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"N"},{"AttributeName":"kind","AttributeType":"S"}],
         "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],
         "GlobalSecondaryIndexes":[{"IndexName":"byKind","KeySchema":[{"AttributeName":"kind","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],"Projection":{"ProjectionType":"KEYS_ONLY"}}]}
        """#)
        for pk in ["a", "b"] {
            for sk in 1...10 {
                let kind = sk % 2 == 0 ? "even" : "odd"
                client.ok("PutItem", #"{"TableName":"events","Item":{"pk":{"S":"\#(pk)"},"sk":{"N":"\#(sk)"},"kind":{"S":"\#(kind)"},"label":{"S":"item-\#(sk)"}}}"#)
            }
        }
        return client
    }

    static func sortKeys(_ answer: JSONValue) -> [String] {
        (answer["Items"]?.arrayValue ?? []).compactMap { $0["sk"]?["N"]?.stringValue }
    }

    func query(_ condition: String, _ values: String, extra: String = "", client: DynamoDBTestClient = client()) -> JSONValue {
        client.ok("Query", #"{"TableName":"events","KeyConditionExpression":"\#(condition)","ExpressionAttributeValues":\#(values)\#(extra)}"#)
    }

    @Test(arguments: [
        ("pk = :a", #"{":a":{"S":"a"}}"#, ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]),
        ("pk = :a AND sk < :n", #"{":a":{"S":"a"},":n":{"N":"3"}}"#, ["1", "2"]),
        ("pk = :a AND sk <= :n", #"{":a":{"S":"a"},":n":{"N":"3"}}"#, ["1", "2", "3"]),
        ("pk = :a AND sk > :n", #"{":a":{"S":"a"},":n":{"N":"8"}}"#, ["9", "10"]),
        ("pk = :a AND sk >= :n", #"{":a":{"S":"a"},":n":{"N":"9.0"}}"#, ["9", "10"]),
        ("pk = :a AND sk = :n", #"{":a":{"S":"a"},":n":{"N":"5"}}"#, ["5"]),
        ("pk = :a AND sk BETWEEN :l AND :h", #"{":a":{"S":"a"},":l":{"N":"4"},":h":{"N":"6"}}"#, ["4", "5", "6"]),
        ("sk < :n AND pk = :a", #"{":a":{"S":"b"},":n":{"N":"2"}}"#, ["1"]),
        ("pk = :a", #"{":a":{"S":"zzz"}}"#, []),
    ])
    func keyConditions(_ condition: String, _ values: String, _ expected: [String]) {
        #expect(Self.sortKeys(query(condition, values)) == expected)
    }

    @Test func beginsWithOnStringSortKeys() {
        let client = DynamoDBTestClient()
        client.createTable("names", range: true)
        for sk in ["apple", "apricot", "banana"] {
            client.ok("PutItem", #"{"TableName":"names","Item":{"pk":{"S":"p"},"sk":{"S":"\#(sk)"}}}"#)
        }
        let answer = client.ok("Query", #"{"TableName":"names","KeyConditionExpression":"pk = :p AND begins_with(sk, :ap)","ExpressionAttributeValues":{":p":{"S":"p"},":ap":{"S":"ap"}}}"#)
        #expect(answer["Count"] == 2)
    }

    @Test func filterLimitAndBackwards() {
        let filtered = query("pk = :a", #"{":a":{"S":"a"},":odd":{"S":"odd"}}"#, extra: #","FilterExpression":"kind = :odd","Limit":4"#)
        #expect(Self.sortKeys(filtered) == ["1", "3"])
        #expect(filtered["Count"] == 2)
        #expect(filtered["ScannedCount"] == 4)
        #expect(filtered["LastEvaluatedKey"] == ["pk": ["S": "a"], "sk": ["N": "4"]])
        let backwards = query("pk = :a", #"{":a":{"S":"a"}}"#, extra: #","ScanIndexForward":false,"Limit":3"#)
        #expect(Self.sortKeys(backwards) == ["10", "9", "8"])
        let counted = query("pk = :a", #"{":a":{"S":"a"}}"#, extra: #","Select":"COUNT""#)
        #expect(counted["Items"] == nil)
        #expect(counted["Count"] == 10)
    }

    @Test func queryPaginatesToTheEnd() {
        let client = Self.client()
        for forward in [true, false] {
            var seen: [String] = []
            var start = ""
            for _ in 0..<10 {
                let page = query("pk = :a", #"{":a":{"S":"a"}}"#, extra: #","Limit":3,"ScanIndexForward":\#(forward)\#(start)"#, client: client)
                seen += Self.sortKeys(page)
                guard let last = page["LastEvaluatedKey"] else { break }
                start = #","ExclusiveStartKey":\#(last.serialized())"#
            }
            let expected = (1...10).map(String.init)
            #expect(seen == (forward ? expected : expected.reversed()))
        }
    }

    @Test func indexQueryProjectsKeys() throws {
        let answer = Self.client().ok("Query", #"{"TableName":"events","IndexName":"byKind","KeyConditionExpression":"kind = :k AND sk <= :n","ExpressionAttributeValues":{":k":{"S":"even"},":n":{"N":"4"}}}"#)
        let items = try #require(answer["Items"]?.arrayValue)
        #expect(items.count == 4)
        #expect(items.allSatisfy { $0["label"] == nil && $0["kind"] != nil && $0["pk"] != nil })
    }

    @Test(arguments: [
        ("sk = :n", #"{":n":{"N":"1"}}"#, "Query condition missed key schema element: pk"),
        ("pk = :a OR sk = :n", #"{":a":{"S":"a"},":n":{"N":"1"}}"#, "Invalid operator used in KeyConditionExpression: OR"),
        ("pk < :a", #"{":a":{"S":"a"}}"#, "Query key condition not supported"),
        ("pk = :a AND label = :a", #"{":a":{"S":"a"}}"#, "Query key condition not supported"),
        ("pk = :n", #"{":n":{"N":"1"}}"#, "One or more parameter values were invalid: Condition parameter type does not match schema type"),
        ("pk = :a AND begins_with(sk, :a)", #"{":a":{"S":"a"}}"#, "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"),
    ])
    func keyConditionErrors(_ condition: String, _ values: String, _ message: String) {
        let answer = Self.client().error("Query", #"{"TableName":"events","KeyConditionExpression":"\#(condition)","ExpressionAttributeValues":\#(values)}"#)
        #expect(answer.type == "ValidationException")
        #expect(answer.message == message)
    }

    @Test func queryRefusals() {
        let client = Self.client()
        #expect(client.error("Query", #"{"TableName":"events"}"#).message
            == "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.")
        #expect(client.error("Query", #"{"TableName":"events","KeyConditionExpression":"pk = :a","FilterExpression":"sk > :a","ExpressionAttributeValues":{":a":{"S":"a"}}}"#).message
            == "Filter Expression can only contain non-primary key attributes: Primary key attribute: sk")
        #expect(client.error("Query", #"{"TableName":"events","IndexName":"nope","KeyConditionExpression":"pk = :a","ExpressionAttributeValues":{":a":{"S":"a"}}}"#).message
            == "The table does not have the specified index: nope")
        #expect(client.error("Query", #"{"TableName":"events","KeyConditionExpression":"pk = :a","ExpressionAttributeValues":{":a":{"S":"a"}},"ExclusiveStartKey":{"pk":{"S":"a"}}}"#).message
            == "The provided starting key is invalid: The provided key element does not match the schema")
    }

    @Test func scanPaginatesEverything() {
        let client = Self.client()
        var seen: [String] = []
        var start = ""
        var pages = 0
        repeat {
            let page = client.ok("Scan", #"{"TableName":"events","Limit":7\#(start)}"#)
            pages += 1
            seen += (page["Items"]?.arrayValue ?? []).map { "\($0["pk"]?["S"]?.stringValue ?? "")\($0["sk"]?["N"]?.stringValue ?? "")" }
            guard let last = page["LastEvaluatedKey"] else { break }
            start = #","ExclusiveStartKey":\#(last.serialized())"#
        } while pages < 10
        #expect(seen.count == 20)
        #expect(Set(seen).count == 20)
        #expect(pages == 3)
    }

    @Test func scanSegmentsPartitionTheTable() {
        let client = Self.client()
        var total = 0
        for segment in 0..<3 {
            total += client.ok("Scan", #"{"TableName":"events","Segment":\#(segment),"TotalSegments":3,"Select":"COUNT"}"#)["Count"]?.intValue ?? 0
        }
        #expect(total == 20)
        let filtered = client.ok("Scan", #"{"TableName":"events","FilterExpression":"kind = :k AND sk > :n","ExpressionAttributeValues":{":k":{"S":"odd"},":n":{"N":"5"}},"ProjectionExpression":"label"}"#)
        #expect(filtered["Count"] == 4)
        #expect(filtered["ScannedCount"] == 20)
        #expect(filtered["Items"]?.arrayValue?.first?["pk"] == nil)
        #expect(client.error("Scan", #"{"TableName":"events","Segment":3,"TotalSegments":2}"#).message
            == "The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 3 is not less than TotalSegments: 2")
        #expect(client.error("Scan", #"{"TableName":"events","Segment":1}"#).message
            == "The TotalSegments parameter is required but was not present in the request when Segment parameter is present")
    }

    /// A page of one segment continues only in that segment: its LastEvaluatedKey is accepted there
    /// and refused in another (AWS's text).
    @Test func scanStartKeyMustLieInTheSegment() {
        let client = Self.client()
        let first = client.ok("Scan", #"{"TableName":"events","Segment":0,"TotalSegments":2,"Limit":1}"#)
        guard let start = first["LastEvaluatedKey"] else { Issue.record("no LastEvaluatedKey"); return }
        let startJSON = start.serialized()
        client.ok("Scan", #"{"TableName":"events","Segment":0,"TotalSegments":2,"ExclusiveStartKey":\#(startJSON)}"#)
        let error = client.error("Scan", #"{"TableName":"events","Segment":1,"TotalSegments":2,"ExclusiveStartKey":\#(startJSON)}"#)
        #expect(error.type == "ValidationException")
        #expect(error.message == "The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey with correct Segment. TotalSegments: 2 Segment: 1")
    }

    @Test func pagesStopAtOneMegabyte() {
        let client = DynamoDBTestClient()
        client.createTable("big")
        let blob = String(repeating: "x", count: 300 * 1024)
        for i in 0..<5 {
            client.ok("PutItem", #"{"TableName":"big","Item":{"pk":{"S":"k\#(i)"},"v":{"S":"\#(blob)"}}}"#)
        }
        let first = client.ok("Scan", #"{"TableName":"big","Select":"COUNT"}"#)
        #expect(first["ScannedCount"] == 4)
        #expect(first["LastEvaluatedKey"] == ["pk": ["S": "k3"]])
        let second = client.ok("Scan", #"{"TableName":"big","Select":"COUNT","ExclusiveStartKey":{"pk":{"S":"k3"}}}"#)
        #expect(second["ScannedCount"] == 1)
        #expect(second["LastEvaluatedKey"] == nil)
    }
}
