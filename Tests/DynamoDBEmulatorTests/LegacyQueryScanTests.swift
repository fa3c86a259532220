import DrydockCore
@testable import DynamoDBEmulator
import Testing

/// KeyConditions, QueryFilter, ScanFilter, ConditionalOperator and AttributesToGet (API Reference,
/// Query and Scan, "Legacy conditional parameters" in the Developer Guide).
@Suite("DynamoDB legacy parameters: Query and Scan")
struct LegacyQueryScanTests {
    static func client() -> DynamoDBTestClient { QueryScanTests.client() }

    func query(_ members: String, client: DynamoDBTestClient = client()) -> JSONValue {
        client.ok("Query", #"{"TableName":"events",\#(members)}"#)
    }

    func queryError(_ members: String, client: DynamoDBTestClient = client()) -> String {
        let error = client.error("Query", #"{"TableName":"events",\#(members)}"#)
        #expect(error.type == "ValidationException")
        return error.message
    }

    @Test(arguments: [
        (#""sk":{"ComparisonOperator":"LT","AttributeValueList":[{"N":"3"}]}"#, ["1", "2"]),
        (#""sk":{"ComparisonOperator":"LE","AttributeValueList":[{"N":"3"}]}"#, ["1", "2", "3"]),
        (#""sk":{"ComparisonOperator":"GT","AttributeValueList":[{"N":"8"}]}"#, ["9", "10"]),
        (#""sk":{"ComparisonOperator":"GE","AttributeValueList":[{"N":"9"}]}"#, ["9", "10"]),
        (#""sk":{"ComparisonOperator":"EQ","AttributeValueList":[{"N":"5"}]}"#, ["5"]),
        (#""sk":{"ComparisonOperator":"BETWEEN","AttributeValueList":[{"N":"4"},{"N":"6"}]}"#, ["4", "5", "6"]),
    ])
    func keyConditionsOnTheSortKey(_ rangeCondition: String, _ expected: [String]) {
        let answer = query(#""KeyConditions":{"pk":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"a"}]},\#(rangeCondition)}"#)
        #expect(QueryScanTests.sortKeys(answer) == expected)
    }

    @Test func keyConditionsOnThePartitionKeyAloneAndOnAnIndex() {
        let all = query(#""KeyConditions":{"pk":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"b"}]}}"#)
        #expect(all["Count"] == 10)
        let byKind = query(#""IndexName":"byKind","KeyConditions":{"kind":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"even"}]},"sk":{"ComparisonOperator":"LE","AttributeValueList":[{"N":"4"}]}}"#)
        #expect(byKind["Count"] == 4)
        #expect(QueryScanTests.sortKeys(byKind) == ["2", "2", "4", "4"])
    }

    @Test func beginsWithOnAStringSortKey() {
        let client = DynamoDBTestClient()
        client.createTable("names", range: true)
        for sk in ["apple", "apricot", "banana"] {
            client.ok("PutItem", #"{"TableName":"names","Item":{"pk":{"S":"p"},"sk":{"S":"\#(sk)"}}}"#)
        }
        let answer = client.ok("Query", #"{"TableName":"names","KeyConditions":{"pk":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"p"}]},"sk":{"ComparisonOperator":"BEGINS_WITH","AttributeValueList":[{"S":"ap"}]}}}"#)
        #expect(answer["Count"] == 2)
    }

    @Test(arguments: [
        (#""KeyConditions":{"pk":{"ComparisonOperator":"NULL"}}"#, "Attempted conditional constraint is not an indexable operation"),
        (#""KeyConditions":{"pk":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"a"}]},"sk":{"ComparisonOperator":"IN","AttributeValueList":[{"N":"1"}]}}"#,
         "Attempted conditional constraint is not an indexable operation"),
        (#""KeyConditions":{"pk":{"ComparisonOperator":"GT","AttributeValueList":[{"S":"a"}]}}"#, "Query key condition not supported"),
        (#""KeyConditions":{"sk":{"ComparisonOperator":"EQ","AttributeValueList":[{"N":"1"}]}}"#, "Query condition missed key schema element: pk"),
        (#""KeyConditions":{"pk":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"a"}]},"label":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"x"}]}}"#,
         "Query condition missed key schema element: sk"),
        (#""KeyConditions":{"pk":{"ComparisonOperator":"EQ","AttributeValueList":[{"N":"1"}]}}"#,
         "One or more parameter values were invalid: Condition parameter type does not match schema type"),
        (#""KeyConditions":{}"#, "Conditions can be of length 1 or 2 only"),
        (#""KeyConditions":{"pk":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"a"}]},"sk":{"ComparisonOperator":"BETWEEN","AttributeValueList":[{"N":"1"}]}}"#,
         "One or more parameter values were invalid: Invalid number of argument(s) for the BETWEEN ComparisonOperator"),
        (#""KeyConditions":{"pk":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"a"}]},"sk":{"ComparisonOperator":"BETWEEN","AttributeValueList":[{"N":"6"},{"N":"4"}]}}"#,
         "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound"),
        (#""KeyConditions":{"pk":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"a"}]},"sk":{"ComparisonOperator":"BEGINS_WITH","AttributeValueList":[{"N":"1"}]}}"#,
         "One or more parameter values were invalid: ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type"),
        (#""KeyConditions":{"pk":{"ComparisonOperator":"LIKE","AttributeValueList":[{"S":"a"}]}}"#,
         "1 validation error detected: Value 'LIKE' at 'keyConditions.pk.member.comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set: [IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]"),
        (#""KeyConditions":{"pk":{"AttributeValueList":[{"S":"a"}]}}"#,
         "1 validation error detected: Value null at 'keyConditions.pk.member.comparisonOperator' failed to satisfy constraint: Member must not be null"),
        (#""KeyConditions":{"pk":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"a"}]}},"KeyConditionExpression":"pk = :a","ExpressionAttributeValues":{":a":{"S":"a"}}"#,
         "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {KeyConditions} Expression parameters: {KeyConditionExpression}"),
        (#""KeyConditions":{"pk":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"a"}]}},"QueryFilter":{"label":{"ComparisonOperator":"NOT_NULL"}},"FilterExpression":"attribute_exists(label)""#,
         "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {QueryFilter} Expression parameters: {FilterExpression}"),
        (#""KeyConditions":{"pk":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"a"}]}},"QueryFilter":{"sk":{"ComparisonOperator":"NOT_NULL"}}"#,
         "QueryFilter can only contain non-primary key attributes: Primary key attribute: sk"),
        (#""KeyConditions":{"pk":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"a"}]}},"ConditionalOperator":"XOR""#,
         "1 validation error detected: Value 'XOR' at 'conditionalOperator' failed to satisfy constraint: Member must satisfy enum value set: [OR, AND]"),
    ])
    func keyConditionErrors(_ members: String, _ message: String) {
        #expect(queryError(members) == message)
    }

    @Test func keyConditionsWithAFilterExpressionIsAllowed() {
        let answer = query(#""KeyConditions":{"pk":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"a"}]}},"FilterExpression":"kind = :k","ExpressionAttributeValues":{":k":{"S":"odd"}}"#)
        #expect(QueryScanTests.sortKeys(answer) == ["1", "3", "5", "7", "9"])
    }

    @Test func queryFilterWithConditionalOperator() {
        let keys = #""KeyConditions":{"pk":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"a"}]}}"#
        let both = query(keys + #","QueryFilter":{"kind":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"odd"}]},"label":{"ComparisonOperator":"IN","AttributeValueList":[{"S":"item-1"},{"S":"item-2"}]}}"#)
        #expect(QueryScanTests.sortKeys(both) == ["1"])
        #expect(both["ScannedCount"] == 10)
        let either = query(keys + #","ConditionalOperator":"OR","QueryFilter":{"kind":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"odd"}]},"label":{"ComparisonOperator":"IN","AttributeValueList":[{"S":"item-1"},{"S":"item-2"}]}}"#)
        #expect(QueryScanTests.sortKeys(either) == ["1", "2", "3", "5", "7", "9"])
    }

    // MARK: ScanFilter

    /// Table `things` (pk S) with a few attribute shapes to filter on.
    static func things() -> DynamoDBTestClient {
        let client = DynamoDBTestClient()
        client.createTable("things")
        client.ok("PutItem", #"{"TableName":"things","Item":{"pk":{"S":"1"},"name":{"S":"alpha"},"n":{"N":"10"},"tags":{"SS":["red","blue"]}}}"#)
        client.ok("PutItem", #"{"TableName":"things","Item":{"pk":{"S":"2"},"name":{"S":"beta"},"n":{"N":"20"},"tags":{"SS":["green"]}}}"#)
        client.ok("PutItem", #"{"TableName":"things","Item":{"pk":{"S":"3"},"name":{"S":"alpine"}}}"#)
        return client
    }

    static func keys(_ answer: JSONValue) -> [String] {
        (answer["Items"]?.arrayValue ?? []).compactMap { $0["pk"]?["S"]?.stringValue }.sorted()
    }

    @Test(arguments: [
        (#""n":{"ComparisonOperator":"NULL"}"#, ["3"]),
        (#""n":{"ComparisonOperator":"NOT_NULL"}"#, ["1", "2"]),
        (#""n":{"ComparisonOperator":"NE","AttributeValueList":[{"N":"10"}]}"#, ["2", "3"]),
        (#""n":{"ComparisonOperator":"GE","AttributeValueList":[{"N":"15"}]}"#, ["2"]),
        (#""n":{"ComparisonOperator":"BETWEEN","AttributeValueList":[{"N":"5"},{"N":"10"}]}"#, ["1"]),
        (#""n":{"ComparisonOperator":"IN","AttributeValueList":[{"N":"20"},{"N":"30"}]}"#, ["2"]),
        (#""name":{"ComparisonOperator":"BEGINS_WITH","AttributeValueList":[{"S":"alp"}]}"#, ["1", "3"]),
        (#""name":{"ComparisonOperator":"CONTAINS","AttributeValueList":[{"S":"et"}]}"#, ["2"]),
        (#""tags":{"ComparisonOperator":"CONTAINS","AttributeValueList":[{"S":"red"}]}"#, ["1"]),
        // On a missing attribute NOT_CONTAINS is false, as CONTAINS is (while NE holds).
        (#""tags":{"ComparisonOperator":"NOT_CONTAINS","AttributeValueList":[{"S":"red"}]}"#, ["2"]),
        (#""tags":{"ComparisonOperator":"EQ","AttributeValueList":[{"SS":["blue","red"]}]}"#, ["1"]),
        (#""name":{"ComparisonOperator":"LT","AttributeValueList":[{"N":"5"}]}"#, []),
    ])
    func scanFilterOperators(_ filter: String, _ expected: [String]) {
        let answer = Self.things().ok("Scan", #"{"TableName":"things","ScanFilter":{\#(filter)}}"#)
        #expect(Self.keys(answer) == expected)
        #expect(answer["ScannedCount"] == 3)
    }

    @Test(arguments: [
        (#""ScanFilter":{"n":{"ComparisonOperator":"LT","AttributeValueList":[{"SS":["a"]}]}}"#,
         "One or more parameter values were invalid: ComparisonOperator LT is not valid for SS AttributeValue type"),
        (#""ScanFilter":{"n":{"ComparisonOperator":"IN","AttributeValueList":[{"N":"1"},{"S":"1"}]}}"#,
         "One or more parameter values were invalid: AttributeValues inside AttributeValueList must be of same type"),
        (#""ScanFilter":{"n":{"ComparisonOperator":"IN","AttributeValueList":[]}}"#,
         "One or more parameter values were invalid: Invalid number of argument(s) for the IN ComparisonOperator"),
        (#""ScanFilter":{"n":{"ComparisonOperator":"NULL","AttributeValueList":[{"N":"1"}]}}"#,
         "One or more parameter values were invalid: Invalid number of argument(s) for the NULL ComparisonOperator"),
        (#""ScanFilter":{"n":{"ComparisonOperator":"CONTAINS","AttributeValueList":[{"L":[]}]}}"#,
         "One or more parameter values were invalid: ComparisonOperator CONTAINS is not valid for L AttributeValue type"),
        (#""ScanFilter":{"n":{"ComparisonOperator":"NOT_NULL"}},"FilterExpression":"attribute_exists(n)""#,
         "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {ScanFilter} Expression parameters: {FilterExpression}"),
        (#""AttributesToGet":["n"],"ProjectionExpression":"n""#,
         "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}"),
        (#""AttributesToGet":["n","n"]"#, "One or more parameter values were invalid: Duplicate value in attribute name: n"),
        (#""AttributesToGet":[]"#,
         "1 validation error detected: Value '[]' at 'attributesToGet' failed to satisfy constraint: Member must have length greater than or equal to 1"),
        (#""AttributesToGet":["n"],"Select":"ALL_ATTRIBUTES""#, "Cannot specify the AttributesToGet when choosing to get ALL_ATTRIBUTES"),
        (#""AttributesToGet":["n"],"Select":"COUNT""#, "Cannot specify the AttributesToGet when choosing to get only the Count"),
        (#""ProjectionExpression":"n","Select":"COUNT""#, "Cannot specify the ProjectionExpression when choosing to get only the Count"),
        (#""Select":"SPECIFIC_ATTRIBUTES""#, "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES"),
        (#""ExpressionAttributeValues":{":v":{"N":"1"}},"ScanFilter":{"n":{"ComparisonOperator":"NOT_NULL"}}"#,
         "ExpressionAttributeValues can only be specified when using expressions"),
    ])
    func scanErrors(_ members: String, _ message: String) {
        let error = Self.things().error("Scan", #"{"TableName":"things",\#(members)}"#)
        #expect(error.type == "ValidationException")
        #expect(error.message == message)
    }

    @Test func attributesToGetOnScanQueryGetItemAndBatchGetItem() {
        let client = Self.things()
        let scanned = client.ok("Scan", #"{"TableName":"things","AttributesToGet":["name","missing"],"Select":"SPECIFIC_ATTRIBUTES","ScanFilter":{"n":{"ComparisonOperator":"EQ","AttributeValueList":[{"N":"20"}]}}}"#)
        #expect(scanned["Items"] == [["name": ["S": "beta"]]])
        let got = client.ok("GetItem", #"{"TableName":"things","Key":{"pk":{"S":"1"}},"AttributesToGet":["n","tags"]}"#)
        #expect(got["Item"]?["n"] == ["N": "10"])
        #expect(got["Item"]?["name"] == nil)
        let queried = client.ok("Query", #"{"TableName":"things","KeyConditions":{"pk":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"3"}]}},"AttributesToGet":["name"]}"#)
        #expect(queried["Items"] == [["name": ["S": "alpine"]]])
        let batch = client.ok("BatchGetItem", #"{"RequestItems":{"things":{"Keys":[{"pk":{"S":"2"}}],"AttributesToGet":["pk"]}}}"#)
        #expect(batch["Responses"]?["things"] == [["pk": ["S": "2"]]])
        let mixed = client.error("GetItem", #"{"TableName":"things","Key":{"pk":{"S":"1"}},"AttributesToGet":["n"],"ProjectionExpression":"n"}"#)
        #expect(mixed.message == "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}")
    }

    @Test func selectAllAttributesOnAKeysOnlyGlobalIndexIsRefused() {
        let error = Self.client().error("Query", #"{"TableName":"events","IndexName":"byKind","Select":"ALL_ATTRIBUTES","KeyConditionExpression":"kind = :k","ExpressionAttributeValues":{":k":{"S":"odd"}}}"#)
        #expect(error.message == "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index byKind because its projection type is not ALL")
        let projected = Self.client().error("Query", #"{"TableName":"events","IndexName":"byKind","Select":"ALL_PROJECTED_ATTRIBUTES","ProjectionExpression":"sk","KeyConditionExpression":"kind = :k","ExpressionAttributeValues":{":k":{"S":"odd"}}}"#)
        #expect(projected.message == "Cannot specify the ProjectionExpression when choosing to get ALL_PROJECTED_ATTRIBUTES")
    }
}
