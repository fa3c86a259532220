import DrydockCore
@testable import DynamoDBEmulator
import Testing

/// CreateTable's and UpdateTable's rules for an index's projection and definition, and the backfill.
@Suite("DynamoDB index definitions")
struct IndexDefinitionTests {
    static func createWithProjection(_ projection: String) -> (type: String, message: String, status: Int) {
        DynamoDBTestClient().error("CreateTable", #"""
        {"TableName":"things","BillingMode":"PAY_PER_REQUEST","KeySchema":[{"AttributeName":"p","KeyType":"HASH"}],
         "AttributeDefinitions":[{"AttributeName":"p","AttributeType":"S"},{"AttributeName":"x","AttributeType":"S"}],
         "GlobalSecondaryIndexes":[{"IndexName":"byX","KeySchema":[{"AttributeName":"x","KeyType":"HASH"}],"Projection":\#(projection)}]}
        """#)
    }

    @Test func includeProjectionNeedsDistinctStringNonKeyAttributes() {
        let missing = Self.createWithProjection(#"{"ProjectionType":"INCLUDE"}"#)
        #expect(missing.message == "One or more parameter values were invalid: ProjectionType is INCLUDE, but NonKeyAttributes is not specified")
        let twice = Self.createWithProjection(#"{"ProjectionType":"INCLUDE","NonKeyAttributes":["a","b","a"]}"#)
        #expect(twice.type == "ValidationException")
        #expect(twice.message == "One or more parameter values were invalid: Duplicate element in NonKeyAttributes: a")
        let number = Self.createWithProjection(#"{"ProjectionType":"INCLUDE","NonKeyAttributes":["a",123]}"#)
        #expect(number.type == "SerializationException")
    }

    static func createWithIndexThroughput(billing: String, _ throughput: String) -> (type: String, message: String, status: Int) {
        let tableThroughput = billing == "PROVISIONED" ? #","ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":1}"# : ""
        return DynamoDBTestClient().error("CreateTable", #"""
        {"TableName":"things","BillingMode":"\#(billing)"\#(tableThroughput),"KeySchema":[{"AttributeName":"p","KeyType":"HASH"}],
         "AttributeDefinitions":[{"AttributeName":"p","AttributeType":"S"},{"AttributeName":"x","AttributeType":"S"}],
         "GlobalSecondaryIndexes":[{"IndexName":"byX","KeySchema":[{"AttributeName":"x","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}\#(throughput)}]}
        """#)
    }

    /// The texts AWS users quote for an index's throughput that does not fit the table's billing mode.
    @Test func indexThroughputMustFitTheBillingMode() {
        let none = Self.createWithIndexThroughput(billing: "PROVISIONED", "")
        #expect(none.type == "ValidationException")
        #expect(none.message == "One or more parameter values were invalid: ProvisionedThroughput is not specified for index: byX")
        let half = Self.createWithIndexThroughput(billing: "PROVISIONED", #","ProvisionedThroughput":{"ReadCapacityUnits":1}"#)
        #expect(half.message == "One or more parameter values were invalid: Both ReadCapacityUnits and WriteCapacityUnits must be specified for index: byX")
        let onDemand = Self.createWithIndexThroughput(billing: "PAY_PER_REQUEST", #","ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":1}"#)
        #expect(onDemand.message == "One or more parameter values were invalid: ProvisionedThroughput should not be specified for index: byX when BillingMode is PAY_PER_REQUEST")
    }

    @Test func attributeDefinedTwiceIsRefused() {
        // Two indexes on `x` cannot give it two types: AttributeDefinitions cannot name it twice.
        let answer = DynamoDBTestClient().error("CreateTable", #"""
        {"TableName":"things","BillingMode":"PAY_PER_REQUEST","KeySchema":[{"AttributeName":"p","KeyType":"HASH"}],
         "AttributeDefinitions":[{"AttributeName":"p","AttributeType":"S"},{"AttributeName":"x","AttributeType":"S"},{"AttributeName":"x","AttributeType":"N"}],
         "GlobalSecondaryIndexes":[{"IndexName":"one","KeySchema":[{"AttributeName":"x","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}},
                                   {"IndexName":"two","KeySchema":[{"AttributeName":"x","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}]}
        """#)
        #expect(answer.type == "ValidationException")
        #expect(answer.message == "Attribute Name is duplicated: x")
    }

    static func client() -> DynamoDBTestClient {
        let client = DynamoDBTestClient()
        client.ok("CreateTable", #"""
        {"TableName":"things","BillingMode":"PAY_PER_REQUEST","KeySchema":[{"AttributeName":"p","KeyType":"HASH"}],
         "AttributeDefinitions":[{"AttributeName":"p","AttributeType":"S"},{"AttributeName":"x","AttributeType":"S"}],
         "GlobalSecondaryIndexes":[{"IndexName":"byX","KeySchema":[{"AttributeName":"x","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}]}
        """#)
        return client
    }

    static func create(_ index: String, key: String, definitions: String) -> String {
        #"{"TableName":"things",\#(definitions)"GlobalSecondaryIndexUpdates":[{"Create":{"IndexName":"\#(index)","KeySchema":[{"AttributeName":"\#(key)","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}}]}"#
    }

    @Test func updateTableChecksEachIndexUpdate() {
        let client = Self.client()
        let empty = client.error("UpdateTable", #"{"TableName":"things","GlobalSecondaryIndexUpdates":[{}]}"#)
        #expect(empty.type == "ValidationException")
        #expect(empty.message.contains("GlobalSecondaryIndexUpdate"))
        let both = client.error("UpdateTable", #"{"TableName":"things","GlobalSecondaryIndexUpdates":[{"Delete":{"IndexName":"byX"},"Update":{"IndexName":"byX"}}]}"#)
        #expect(both.message.contains("Only one of Create, Update or Delete"))
        let long = String(repeating: "n", count: 256)
        let named = client.error("UpdateTable", Self.create(long, key: "p", definitions: #""AttributeDefinitions":[{"AttributeName":"p","AttributeType":"S"}],"#))
        #expect(named.message == "1 validation error detected: Value '\(long)' at 'globalSecondaryIndexUpdates.1.member.create.indexName' failed to satisfy constraint: Member must have length less than or equal to 255")
    }

    @Test func updateTableCannotDeleteALocalIndex() {
        let client = DynamoDBTestClient()
        client.ok("CreateTable", #"""
        {"TableName":"things","BillingMode":"PAY_PER_REQUEST",
         "AttributeDefinitions":[{"AttributeName":"p","AttributeType":"S"},{"AttributeName":"c","AttributeType":"S"},{"AttributeName":"x","AttributeType":"S"}],
         "KeySchema":[{"AttributeName":"p","KeyType":"HASH"},{"AttributeName":"c","KeyType":"RANGE"}],
         "LocalSecondaryIndexes":[{"IndexName":"lsi","KeySchema":[{"AttributeName":"p","KeyType":"HASH"},{"AttributeName":"x","KeyType":"RANGE"}],"Projection":{"ProjectionType":"ALL"}}]}
        """#)
        // The index exists but is not global: invalid, not missing.
        let local = client.error("UpdateTable", #"{"TableName":"things","GlobalSecondaryIndexUpdates":[{"Delete":{"IndexName":"lsi"}}]}"#)
        #expect(local.type == "ValidationException")
        #expect(local.message == "Cannot delete an index that is not a GlobalSecondaryIndex: lsi")
        #expect(client.ok("DescribeTable", #"{"TableName":"things"}"#)["Table"]?["LocalSecondaryIndexes"]?.arrayValue?.count == 1)
        let missing = client.error("UpdateTable", #"{"TableName":"things","GlobalSecondaryIndexUpdates":[{"Delete":{"IndexName":"nope"}}]}"#)
        #expect(missing.type == "ResourceNotFoundException")
    }

    @Test func updateTableCreateNeedsItsKeysDefinedWithTheirTypes() {
        let client = Self.client()
        // `x` is declared already, yet the request must declare it again.
        let undeclared = client.error("UpdateTable", Self.create("again", key: "x", definitions: ""))
        #expect(undeclared.message == "One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [x], AttributeDefinitions: []")
        let twoKeys = client.error("UpdateTable", #"{"TableName":"things","AttributeDefinitions":[{"AttributeName":"x","AttributeType":"S"}],"GlobalSecondaryIndexUpdates":[{"Create":{"IndexName":"again","KeySchema":[{"AttributeName":"x","KeyType":"HASH"},{"AttributeName":"p","KeyType":"RANGE"}],"Projection":{"ProjectionType":"ALL"}}}]}"#)
        #expect(twoKeys.message == "Invalid KeySchema: Some index key attribute have no definition")
        let retyped = client.error("UpdateTable", Self.create("again", key: "x", definitions: #""AttributeDefinitions":[{"AttributeName":"x","AttributeType":"N"}],"#))
        #expect(retyped.message == "One or more parameter values were invalid: Attributes cannot be redefined. Please check that your attribute has the same type as previously defined. Existing schema: Schema:[SchemaElement: key{x:S:HASH}] New schema: Schema:[SchemaElement: key{x:N:HASH}]")
        client.ok("UpdateTable", Self.create("again", key: "x", definitions: #""AttributeDefinitions":[{"AttributeName":"x","AttributeType":"S"}],"#))
    }

    @Test func updateCannotReachInsideAnIndexKey() {
        let client = Self.client()
        client.ok("PutItem", #"{"TableName":"things","Item":{"p":{"S":"a"},"x":{"S":"v"}}}"#)
        let nested = client.error("UpdateItem", #"{"TableName":"things","Key":{"p":{"S":"a"}},"UpdateExpression":"SET x.y = :v","ExpressionAttributeValues":{":v":{"N":"3"}}}"#)
        #expect(nested.type == "ValidationException")
        #expect(nested.message == "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: IndexKey: x")
        let map = client.error("UpdateItem", #"{"TableName":"things","Key":{"p":{"S":"a"}},"UpdateExpression":"SET x = :v","ExpressionAttributeValues":{":v":{"M":{}}}}"#)
        #expect(map.message.contains("Type mismatch for Index Key x"))
    }

    @Test func backfillLeavesOutEmptyKeyValues() {
        let client = DynamoDBTestClient()
        client.createTable("things")
        client.ok("PutItem", #"{"TableName":"things","Item":{"pk":{"S":"a"},"x":{"S":"hello"}}}"#)
        client.ok("PutItem", #"{"TableName":"things","Item":{"pk":{"S":"b"},"x":{"S":""}}}"#)
        client.ok("UpdateTable", #"{"TableName":"things","AttributeDefinitions":[{"AttributeName":"x","AttributeType":"S"}],"GlobalSecondaryIndexUpdates":[{"Create":{"IndexName":"byX","KeySchema":[{"AttributeName":"x","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}}]}"#)
        let scanned = client.ok("Scan", #"{"TableName":"things","IndexName":"byX"}"#)
        #expect(scanned["Count"] == 1)
        let described = client.ok("DescribeTable", #"{"TableName":"things"}"#)["Table"]?["GlobalSecondaryIndexes"]?.arrayValue?.first
        #expect(described?["ItemCount"] == 1)
        #expect(scanned["Items"]?.arrayValue?.first?["pk"] == ["S": "a"])
    }
}
