import DrydockCore
@testable import DynamoDBEmulator
import EmulatorKit
import Foundation
import Testing

@Suite("DynamoDB tables")
struct TableTests {
    static let defs = #""AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}]"#
    static let schema = #""KeySchema":[{"AttributeName":"id","KeyType":"HASH"}]"#

    @Test(arguments: [
        (#"{"AttributeDefinitions":[],"KeySchema":[]}"#, "ValidationException",
         "2 validation errors detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null; Value '[]' at 'keySchema' failed to satisfy constraint: Member must have length greater than or equal to 1"),
        (#"{"TableName":"ab",\#(defs),\#(schema),"BillingMode":"PAY_PER_REQUEST"}"#, "ValidationException",
         "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3"),
        (#"{"TableName":"a b c",\#(defs),\#(schema),"BillingMode":"PAY_PER_REQUEST"}"#, "ValidationException",
         "1 validation error detected: Value 'a b c' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"),
        (#"{"TableName":"things",\#(defs),\#(schema)}"#, "ValidationException",
         "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED"),
        (#"{"TableName":"things",\#(defs),\#(schema),"BillingMode":"PAY_PER_REQUEST","ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":1}}"#,
         "ValidationException",
         "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST"),
        (#"{"TableName":"things",\#(defs),"KeySchema":[{"AttributeName":"other","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST"}"#,
         "ValidationException",
         "One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [other], AttributeDefinitions: [id]"),
        (#"{"TableName":"things","AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"},{"AttributeName":"x","AttributeType":"N"}],\#(schema),"BillingMode":"PAY_PER_REQUEST"}"#,
         "ValidationException",
         "One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions"),
        (#"{"TableName":"things",\#(defs),"KeySchema":[{"AttributeName":"id","KeyType":"RANGE"}],"BillingMode":"PAY_PER_REQUEST"}"#,
         "ValidationException", "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"),
        (#"{"TableName":"things","AttributeDefinitions":[{"AttributeName":"id","AttributeType":"X"}],\#(schema),"BillingMode":"PAY_PER_REQUEST"}"#,
         "ValidationException",
         "1 validation error detected: Value 'X' at 'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]"),
        (#"{"TableName":"things",\#(defs),"KeySchema":[{"AttributeName":"id","KeyType":"HASH"},{"AttributeName":"id","KeyType":"RANGE"}],"BillingMode":"PAY_PER_REQUEST"}"#,
         "ValidationException", "Invalid KeySchema: Some index key attribute have no definition"),
        (#"{"TableName":"things",\#(defs),\#(schema),"BillingMode":"CHEAP"}"#, "ValidationException",
         "1 validation error detected: Value 'CHEAP' at 'billingMode' failed to satisfy constraint: Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]"),
        (#"{"TableName":"things",\#(defs),\#(schema),"BillingMode":"PAY_PER_REQUEST","LocalSecondaryIndexes":[{"IndexName":"byX","KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}]}"#,
         "ValidationException",
         "One or more parameter values were invalid: Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex"),
        (#"{"TableName":"things","BillingMode":"PAY_PER_REQUEST","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"S"},{"AttributeName":"lr","AttributeType":"S"},{"AttributeName":"gh","AttributeType":"S"}],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],"LocalSecondaryIndexes":[{"IndexName":"aa","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"lr","KeyType":"RANGE"}],"Projection":{"ProjectionType":"ALL"}}],"GlobalSecondaryIndexes":[{"IndexName":"zz","KeySchema":[{"AttributeName":"gh","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}]}"#,
         "ValidationException",
         "2 validation errors detected: Value 'zz' at 'globalSecondaryIndexes.1.member.indexName' failed to satisfy constraint: Member must have length greater than or equal to 3; Value 'aa' at 'localSecondaryIndexes.1.member.indexName' failed to satisfy constraint: Member must have length greater than or equal to 3"),
    ])
    func createTableValidation(_ body: String, _ type: String, _ message: String) {
        let answer = DynamoDBTestClient().error("CreateTable", body)
        #expect(answer.type == type)
        #expect(answer.message == message)
        #expect(answer.status == 400)
    }

    @Test func createDescribeDelete() throws {
        let clock = ManualTestClock(Date(timeIntervalSince1970: 1_767_225_600.5))
        let client = DynamoDBTestClient(emulator: DynamoDBEmulator(clock: clock))
        let created = client.ok("CreateTable", #"{"TableName":"things",\#(Self.defs),\#(Self.schema),"ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":2}}"#)
        #expect(created["TableDescription"]?["TableStatus"] == "CREATING")
        let table = try #require(client.ok("DescribeTable", #"{"TableName":"things"}"#)["Table"])
        #expect(table["TableStatus"] == "ACTIVE")
        #expect(table["TableName"] == "things")
        #expect(table["ItemCount"] == 0)
        #expect(table["TableSizeBytes"] == 0)
        #expect(table["CreationDateTime"] == .number("1767225600.500"))
        #expect(table["TableArn"] == "arn:aws:dynamodb:us-east-1:123456789012:table/things")
        #expect(table["KeySchema"] == [["AttributeName": "id", "KeyType": "HASH"]])
        #expect(table["AttributeDefinitions"] == [["AttributeName": "id", "AttributeType": "S"]])
        #expect(table["ProvisionedThroughput"]?["ReadCapacityUnits"] == 5)
        #expect(table["BillingModeSummary"] == nil)

        let again = client.error("CreateTable", #"{"TableName":"things",\#(Self.defs),\#(Self.schema),"BillingMode":"PAY_PER_REQUEST"}"#)
        #expect(again.type == "ResourceInUseException")
        #expect(again.message == "Table already exists: things")

        client.ok("PutItem", #"{"TableName":"things","Item":{"id":{"S":"a"},"n":{"N":"1"}}}"#)
        let counted = client.ok("DescribeTable", #"{"TableName":"things"}"#)["Table"]
        #expect(counted?["ItemCount"] == 1)
        #expect(counted?["TableSizeBytes"] == 6)  // "id"+"a" = 3, "n"+1 = 1 + 2 bytes for the number

        #expect(client.ok("DeleteTable", #"{"TableName":"things"}"#)["TableDescription"]?["TableStatus"] == "DELETING")
        let gone = client.error("DescribeTable", #"{"TableName":"things"}"#)
        #expect(gone.type == "ResourceNotFoundException")
        #expect(gone.message == "Requested resource not found: Table: things not found")
        #expect(client.error("DeleteTable", #"{"TableName":"things"}"#).type == "ResourceNotFoundException")
        #expect(client.error("GetItem", #"{"TableName":"things","Key":{"id":{"S":"a"}}}"#).message == "Requested resource not found")
    }

    @Test func indexesAreDescribed() throws {
        let client = DynamoDBTestClient()
        client.ok("CreateTable", #"""
        {"TableName":"orders","BillingMode":"PAY_PER_REQUEST",
         "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"S"},
           {"AttributeName":"status","AttributeType":"S"},{"AttributeName":"total","AttributeType":"N"}],
         "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],
         "LocalSecondaryIndexes":[{"IndexName":"byTotal","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"total","KeyType":"RANGE"}],"Projection":{"ProjectionType":"KEYS_ONLY"}}],
         "GlobalSecondaryIndexes":[{"IndexName":"byStatus","KeySchema":[{"AttributeName":"status","KeyType":"HASH"}],"Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":["total"]}}]}
        """#)
        let table = try #require(client.ok("DescribeTable", #"{"TableName":"orders"}"#)["Table"])
        #expect(table["BillingModeSummary"]?["BillingMode"] == "PAY_PER_REQUEST")
        #expect(table["LocalSecondaryIndexes"]?.arrayValue?.first?["IndexName"] == "byTotal")
        let gsi = try #require(table["GlobalSecondaryIndexes"]?.arrayValue?.first)
        #expect(gsi["IndexStatus"] == "ACTIVE")
        #expect(gsi["Projection"] == ["ProjectionType": "INCLUDE", "NonKeyAttributes": ["total"]])
        #expect(gsi["IndexArn"] == "arn:aws:dynamodb:us-east-1:123456789012:table/orders/index/byStatus")
    }

    @Test func listTablesPages() {
        let client = DynamoDBTestClient()
        for name in ["delta", "alpha", "charlie", "bravo", "echo"] { client.createTable(name) }
        let first = client.ok("ListTables", #"{"Limit":2}"#)
        #expect(first["TableNames"] == ["alpha", "bravo"])
        #expect(first["LastEvaluatedTableName"] == "bravo")
        let second = client.ok("ListTables", #"{"Limit":2,"ExclusiveStartTableName":"bravo"}"#)
        #expect(second["TableNames"] == ["charlie", "delta"])
        let last = client.ok("ListTables", #"{"Limit":2,"ExclusiveStartTableName":"delta"}"#)
        #expect(last["TableNames"] == ["echo"])
        #expect(last["LastEvaluatedTableName"] == nil)
        #expect(client.ok("ListTables", "{}")["LastEvaluatedTableName"] == nil)
        let bad = client.error("ListTables", #"{"Limit":101}"#)
        #expect(bad.message == "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100")
    }
}

/// A fixed clock for exact timestamps.
final class ManualTestClock: WallClock, Sendable {
    let date: Date
    init(_ date: Date) { self.date = date }
    func now() -> Date { date }
    func sleep(seconds: Double) {}
}
