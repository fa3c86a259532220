import DrydockCore
import DrydockTesting
@testable import DynamoDBEmulator
import EmulatorKit
import Foundation
import Testing

/// Global secondary indexes with multi-attribute keys (up to 4 HASH and 4 RANGE attributes): schema
/// validation, indexing, Query rules, ordering, paging, legacy KeyConditions, UpdateTable.
@Suite("DynamoDB multi-attribute GSI keys")
struct MultiAttributeIndexTests {
    /// `games` keyed by `pk`, with GSI `byMatch` on (tournament, area) HASH + (stage S, score N) RANGE.
    static func makeClient(projection: String = #"{"ProjectionType":"ALL"}"#) -> DynamoDBTestClient {
        let client = DynamoDBTestClient()
        client.ok("CreateTable", #"""
        {"TableName":"games","BillingMode":"PAY_PER_REQUEST",
         "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"tournament","AttributeType":"S"},
           {"AttributeName":"area","AttributeType":"S"},{"AttributeName":"stage","AttributeType":"S"},{"AttributeName":"score","AttributeType":"N"}],
         "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],
         "GlobalSecondaryIndexes":[{"IndexName":"byMatch","Projection":\#(projection),"KeySchema":[
           {"AttributeName":"tournament","KeyType":"HASH"},{"AttributeName":"area","KeyType":"HASH"},
           {"AttributeName":"stage","KeyType":"RANGE"},{"AttributeName":"score","KeyType":"RANGE"}]}]}
        """#)
        return client
    }

    static func put(_ client: DynamoDBTestClient, _ pk: String, tournament: String = "W24", area: String = "EU", stage: String?, score: Int?, extra: String = "") {
        var members = [#""pk":{"S":"\#(pk)"}"#, #""tournament":{"S":"\#(tournament)"}"#, #""area":{"S":"\#(area)"}"#]
        if let stage { members.append(#""stage":{"S":"\#(stage)"}"#) }
        if let score { members.append(#""score":{"N":"\#(score)"}"#) }
        if !extra.isEmpty { members.append(extra) }
        client.ok("PutItem", #"{"TableName":"games","Item":{\#(members.joined(separator: ","))}}"#)
    }

    static func seed(_ client: DynamoDBTestClient) {
        put(client, "1", stage: "final", score: 300)
        put(client, "2", stage: "final", score: 100)
        put(client, "3", stage: "semi", score: 200)
        put(client, "4", stage: "final", score: 200)
        put(client, "5", area: "NA", stage: "final", score: 50)
    }

    static func query(_ client: DynamoDBTestClient, _ condition: String, values: String, extra: String = "") -> JSONValue {
        client.ok("Query", #"{"TableName":"games","IndexName":"byMatch","KeyConditionExpression":"\#(condition)","ExpressionAttributeValues":{\#(values)}\#(extra)}"#)
    }

    static func queryError(_ client: DynamoDBTestClient, _ condition: String, values: String) -> (type: String, message: String, status: Int) {
        client.error("Query", #"{"TableName":"games","IndexName":"byMatch","KeyConditionExpression":"\#(condition)","ExpressionAttributeValues":{\#(values)}}"#)
    }

    static func pks(_ answer: JSONValue) -> [String] {
        answer["Items"]?.arrayValue?.compactMap { $0["pk"]?["S"]?.stringValue } ?? []
    }

    static let partition = #"":t":{"S":"W24"},":r":{"S":"EU"}"#

    // MARK: Schema

    @Test func describeTableKeepsTheKeySchemaInOrder() {
        let client = Self.makeClient()
        let index = client.ok("DescribeTable", #"{"TableName":"games"}"#)["Table"]?["GlobalSecondaryIndexes"]?.arrayValue?.first
        #expect(index?["KeySchema"] == [
            ["AttributeName": "tournament", "KeyType": "HASH"], ["AttributeName": "area", "KeyType": "HASH"],
            ["AttributeName": "stage", "KeyType": "RANGE"], ["AttributeName": "score", "KeyType": "RANGE"],
        ])
    }

    static func createError(gsiKeys: [(String, String)], definitions: [String]? = nil) -> (type: String, message: String, status: Int) {
        let names = definitions ?? Array(Set(gsiKeys.map(\.0))).sorted()
        let defs = (["pk"] + names).map { #"{"AttributeName":"\#($0)","AttributeType":"S"}"# }.joined(separator: ",")
        let keys = gsiKeys.map { #"{"AttributeName":"\#($0.0)","KeyType":"\#($0.1)"}"# }.joined(separator: ",")
        return DynamoDBTestClient().error("CreateTable", #"{"TableName":"bad","BillingMode":"PAY_PER_REQUEST","AttributeDefinitions":[\#(defs)],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"GlobalSecondaryIndexes":[{"IndexName":"gsi","Projection":{"ProjectionType":"ALL"},"KeySchema":[\#(keys)]}]}"#)
    }

    @Test func fourHashAndFourRangeAttributesAreTheLimit() {
        let ok = Self.createError(gsiKeys: (1...4).map { ("h\($0)", "HASH") } + (1...4).map { ("r\($0)", "RANGE") })
        #expect(ok.status == 200)
        let hashes = Self.createError(gsiKeys: (1...5).map { ("h\($0)", "HASH") })
        #expect(hashes.type == "ValidationException")
        #expect(hashes.message == "One or more parameter values were invalid: The KeySchema exceeds the maximum allowed number of HASH key attributes")
        let both = Self.createError(gsiKeys: (1...5).map { ("h\($0)", "HASH") } + (1...5).map { ("r\($0)", "RANGE") })
        #expect(both.message == "One or more parameter values were invalid: The KeySchema exceeds the maximum allowed number of HASH key attributes")
        let ranges = Self.createError(gsiKeys: [("h", "HASH")] + (1...5).map { ("r\($0)", "RANGE") })
        #expect(ranges.message == "One or more parameter values were invalid: The KeySchema exceeds the maximum allowed number of RANGE key attributes")
    }

    @Test func hashAttributesComeFirst() {
        let interleaved = Self.createError(gsiKeys: [("a", "HASH"), ("b", "RANGE"), ("c", "HASH")])
        #expect(interleaved.message == "One or more parameter values were invalid: All HASH key attributes must precede RANGE key attributes in the KeySchema")
        let rangeFirst = Self.createError(gsiKeys: [("a", "RANGE"), ("b", "HASH"), ("c", "HASH")])
        #expect(rangeFirst.message == "Invalid KeySchema: The first KeySchemaElement is not a HASH key type")
    }

    @Test func keyAttributesAreDistinctAndDefined() {
        let twice = Self.createError(gsiKeys: [("a", "HASH"), ("b", "HASH"), ("a", "RANGE")])
        #expect(twice.message == "The KeySchema contains multiple key attributes with the same name")
        let undefined = Self.createError(gsiKeys: [("a", "HASH"), ("b", "HASH")], definitions: ["a"])
        #expect(undefined.message == "One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [a, b], AttributeDefinitions: [pk, a]")
    }

    @Test func tablesAndLocalIndexesKeepSingleAttributeKeys() {
        let client = DynamoDBTestClient()
        let table = client.error("CreateTable", #"{"TableName":"tab2","BillingMode":"PAY_PER_REQUEST","AttributeDefinitions":[{"AttributeName":"a","AttributeType":"S"},{"AttributeName":"b","AttributeType":"S"}],"KeySchema":[{"AttributeName":"a","KeyType":"HASH"},{"AttributeName":"b","KeyType":"HASH"}]}"#)
        #expect(table.message == "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type")
        let lsi = client.error("CreateTable", #"{"TableName":"tab3","BillingMode":"PAY_PER_REQUEST","AttributeDefinitions":[{"AttributeName":"a","AttributeType":"S"},{"AttributeName":"b","AttributeType":"S"},{"AttributeName":"c","AttributeType":"S"}],"KeySchema":[{"AttributeName":"a","KeyType":"HASH"},{"AttributeName":"b","KeyType":"RANGE"}],"LocalSecondaryIndexes":[{"IndexName":"lsi","Projection":{"ProjectionType":"ALL"},"KeySchema":[{"AttributeName":"a","KeyType":"HASH"},{"AttributeName":"b","KeyType":"RANGE"},{"AttributeName":"c","KeyType":"RANGE"}]}]}"#)
        #expect(lsi.type == "ValidationException")
    }

    // MARK: Indexing and Query

    @Test func itemsMissingAnyKeyAttributeAreNotIndexed() {
        let client = Self.makeClient()
        Self.put(client, "full", stage: "final", score: 1)
        Self.put(client, "noScore", stage: "final", score: nil)
        Self.put(client, "noRound", stage: nil, score: 2)
        let answer = Self.query(client, "tournament = :t AND area = :r", values: Self.partition, extra: #""#)
        #expect(Self.pks(answer) == ["full"])
        let index = client.ok("DescribeTable", #"{"TableName":"games"}"#)["Table"]?["GlobalSecondaryIndexes"]?.arrayValue?.first
        #expect(index?["ItemCount"] == .number(1))
    }

    @Test func partitionIsEveryHashAttributeAndOrderIsTheSortAttributesLeftToRight() {
        let client = Self.makeClient()
        Self.seed(client)
                let forward = Self.query(client, "tournament = :t AND area = :r", values: Self.partition)
        #expect(Self.pks(forward) == ["2", "4", "1", "3"])
        let backward = Self.query(client, "tournament = :t AND area = :r", values: Self.partition, extra: #","ScanIndexForward":false"#)
        #expect(Self.pks(backward) == ["3", "1", "4", "2"])
    }

    @Test func equalityPrefixThenOneRangeConditionOnTheLast() {
        let client = Self.makeClient()
        Self.seed(client)
                let prefix = Self.query(client, "tournament = :t AND area = :r AND stage = :d", values: Self.partition + #",":d":{"S":"final"}"#)
        #expect(Self.pks(prefix) == ["2", "4", "1"])
        let ranged = Self.query(client, "tournament = :t AND area = :r AND stage = :d AND score BETWEEN :lo AND :hi", values: Self.partition + #",":d":{"S":"final"},":lo":{"N":"150"},":hi":{"N":"300"}"#)
        #expect(Self.pks(ranged) == ["4", "1"])
        let begins = Self.query(client, "tournament = :t AND area = :r AND begins_with(stage, :p)", values: Self.partition + #",":p":{"S":"se"}"#)
        #expect(Self.pks(begins) == ["3"])
    }

    @Test func everyHashAttributeNeedsAnEquality() {
        let client = Self.makeClient()
        let missing = Self.queryError(client, "tournament = :t", values: #"":t":{"S":"W24"}"#)
        #expect(missing.message == "Query condition missed key schema element: area")
        let inequality = client.error("Query", #"{"TableName":"games","IndexName":"byMatch","KeyConditionExpression":"tournament = :t AND area > :r","ExpressionAttributeValues":{\#(Self.partition)}}"#)
        #expect(inequality.message == "Query key condition not supported")
    }

    @Test func sortAttributesCannotBeSkippedOrRangedBeforeTheLast() {
        let client = Self.makeClient()
        let skip = client.error("Query", #"{"TableName":"games","IndexName":"byMatch","KeyConditionExpression":"tournament = :t AND area = :r AND score > :s","ExpressionAttributeValues":{\#(Self.partition),":s":{"N":"1"}}}"#)
        #expect(skip.type == "ValidationException")
        #expect(skip.message == "RANGE key attributes stage must have equality conditions specified in the query because a condition is present on key attribute score")
        let rangedFirst = client.error("Query", #"{"TableName":"games","IndexName":"byMatch","KeyConditionExpression":"tournament = :t AND area = :r AND stage > :d AND score = :s","ExpressionAttributeValues":{\#(Self.partition),":d":{"S":"a"},":s":{"N":"1"}}}"#)
        #expect(rangedFirst.message == "RANGE key attributes stage must have equality conditions specified in the query because a condition is present on key attribute score")
        let numberPrefix = client.error("Query", #"{"TableName":"games","IndexName":"byMatch","KeyConditionExpression":"tournament = :t AND area = :r AND stage = :d AND begins_with(score, :s)","ExpressionAttributeValues":{\#(Self.partition),":d":{"S":"a"},":s":{"N":"1"}}}"#)
        #expect(numberPrefix.message == "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N")
    }

    @Test func filterCannotNameAnyIndexKeyAttribute() {
        let client = Self.makeClient()
        let answer = client.error("Query", #"{"TableName":"games","IndexName":"byMatch","KeyConditionExpression":"tournament = :t AND area = :r","FilterExpression":"score > :s","ExpressionAttributeValues":{\#(Self.partition),":s":{"N":"1"}}}"#)
        #expect(answer.message == "Filter Expression can only contain non-primary key attributes: Primary key attribute: score")
    }

    @Test func pagesCarryEveryKeyAttributeAndResumeAfterIt() {
        let client = Self.makeClient()
        Self.seed(client)
        let base = #"{"TableName":"games","IndexName":"byMatch","Limit":2,"KeyConditionExpression":"tournament = :t AND area = :r","ExpressionAttributeValues":{\#(Self.partition)}"#
        let first = client.ok("Query", base + "}")
        #expect(Self.pks(first) == ["2", "4"])
        let last = first["LastEvaluatedKey"] ?? .null
        #expect(last.objectValue?.map(\.0).sorted() == ["area", "pk", "score", "stage", "tournament"])
        #expect(last["pk"] == ["S": "4"] && last["stage"] == ["S": "final"] && last["score"] == ["N": "200"])
        let second = client.ok("Query", base + #","ExclusiveStartKey":\#(last.serialized())}"#)
        #expect(Self.pks(second) == ["1", "3"])
    }

    @Test func keysOnlyProjectionReturnsTableAndIndexKeys() {
        let client = Self.makeClient(projection: #"{"ProjectionType":"KEYS_ONLY"}"#)
        Self.put(client, "1", stage: "final", score: 3, extra: #""note":{"S":"x"}"#)
        let answer = Self.query(client, "tournament = :t AND area = :r", values: Self.partition, extra: #""#)
        #expect(answer["Items"]?.arrayValue?.first?.objectValue?.map(\.0).sorted() == ["area", "pk", "score", "stage", "tournament"])
    }

    @Test func legacyKeyConditionsFollowTheSameRules() {
        let client = Self.makeClient()
        Self.seed(client)
        func keyConditions(_ members: String) -> String {
            #"{"TableName":"games","IndexName":"byMatch","KeyConditions":{\#(members)}}"#
        }
        let hash = #""tournament":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"W24"}]},"area":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"EU"}]}"#
        #expect(Self.pks(client.ok("Query", keyConditions(hash))) == ["2", "4", "1", "3"])
        let ranged = client.ok("Query", keyConditions(hash + #","stage":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"final"}]},"score":{"ComparisonOperator":"GT","AttributeValueList":[{"N":"100"}]}"#))
        #expect(Self.pks(ranged) == ["4", "1"])
        let skip = client.error("Query", keyConditions(hash + #","score":{"ComparisonOperator":"GT","AttributeValueList":[{"N":"100"}]}"#))
        #expect(skip.message == "RANGE key attributes stage must have equality conditions specified in the query because a condition is present on key attribute score")
        let missing = client.error("Query", keyConditions(#""tournament":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"W24"}]}"#))
        #expect(missing.message == "Query condition missed key schema element: area")
    }

    @Test func wrongTypedKeyAttributeIsRefusedOnWrite() {
        let client = Self.makeClient()
        let answer = client.error("PutItem", #"{"TableName":"games","Item":{"pk":{"S":"1"},"tournament":{"S":"W"},"area":{"S":"EU"},"stage":{"S":"f"},"score":{"S":"high"}}}"#)
        #expect(answer.message == "One or more parameter values were invalid: Type mismatch for Index Key score Expected: N Actual: S IndexName: byMatch")
    }

    @Test func updateTableCreatesAMultiAttributeIndexOverExistingItems() {
        let client = DynamoDBTestClient()
        client.createTable("later")
        client.ok("PutItem", #"{"TableName":"later","Item":{"pk":{"S":"1"},"a":{"S":"x"},"b":{"S":"y"},"c":{"N":"2"}}}"#)
        client.ok("PutItem", #"{"TableName":"later","Item":{"pk":{"S":"2"},"a":{"S":"x"},"b":{"S":"y"},"c":{"N":"1"}}}"#)
        client.ok("UpdateTable", #"{"TableName":"later","AttributeDefinitions":[{"AttributeName":"a","AttributeType":"S"},{"AttributeName":"b","AttributeType":"S"},{"AttributeName":"c","AttributeType":"N"}],"GlobalSecondaryIndexUpdates":[{"Create":{"IndexName":"abc","Projection":{"ProjectionType":"ALL"},"KeySchema":[{"AttributeName":"a","KeyType":"HASH"},{"AttributeName":"b","KeyType":"HASH"},{"AttributeName":"c","KeyType":"RANGE"}]}}]}"#)
        let answer = client.ok("Query", #"{"TableName":"later","IndexName":"abc","KeyConditionExpression":"a = :a AND b = :b","ExpressionAttributeValues":{":a":{"S":"x"},":b":{"S":"y"}}}"#)
        #expect(Self.pks(answer) == ["2", "1"])
        let tooMany = client.error("UpdateTable", #"{"TableName":"later","AttributeDefinitions":[{"AttributeName":"a","AttributeType":"S"}],"GlobalSecondaryIndexUpdates":[{"Create":{"IndexName":"bad","Projection":{"ProjectionType":"ALL"},"KeySchema":[{"AttributeName":"a","KeyType":"HASH"},{"AttributeName":"b","KeyType":"RANGE"},{"AttributeName":"a","KeyType":"HASH"}]}}]}"#)
        #expect(tooMany.message == "One or more parameter values were invalid: All HASH key attributes must precede RANGE key attributes in the KeySchema")
    }

    @Test(arguments: [DataStore.defaultCompactionThreshold, 1])
    func aDataDirectoryKeepsTheIndexThroughReplayAndSnapshots(compactionThreshold: Int) throws {
        let scratch = try TemporaryDirectory("ddb-multi-gsi")
        defer { scratch.remove() }
        let fixtures = scratch.appending("fixtures")
        try FileManager.default.createDirectory(atPath: fixtures, withIntermediateDirectories: true)
        func open() throws -> DynamoDBEmulator {
            try DynamoDBEmulator.persisted(in: scratch, fixtures: fixtures, compactionThreshold: compactionThreshold)
        }
        do {
            let client = DynamoDBTestClient(emulator: try open())
            client.ok("CreateTable", #"""
            {"TableName":"games","BillingMode":"PAY_PER_REQUEST",
             "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"tournament","AttributeType":"S"},
               {"AttributeName":"area","AttributeType":"S"},{"AttributeName":"stage","AttributeType":"S"},{"AttributeName":"score","AttributeType":"N"}],
             "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],
             "GlobalSecondaryIndexes":[{"IndexName":"byMatch","Projection":{"ProjectionType":"ALL"},"KeySchema":[
               {"AttributeName":"tournament","KeyType":"HASH"},{"AttributeName":"area","KeyType":"HASH"},
               {"AttributeName":"stage","KeyType":"RANGE"},{"AttributeName":"score","KeyType":"RANGE"}]}]}
            """#)
            Self.seed(client)
        }
        let reopened = DynamoDBTestClient(emulator: try open())
        let index = reopened.ok("DescribeTable", #"{"TableName":"games"}"#)["Table"]?["GlobalSecondaryIndexes"]?.arrayValue?.first
        #expect(index?["KeySchema"]?.arrayValue?.count == 4)
        #expect(Self.pks(Self.query(reopened, "tournament = :t AND area = :r", values: Self.partition)) == ["2", "4", "1", "3"])
    }
}

