@testable import DynamoDBEmulator
import Testing

/// Global Tables version 2017.11.29 (Legacy): refused to create, never found, never listed.
@Suite("DynamoDB legacy global tables")
struct LegacyGlobalTablesTests {
    @Test func creatingOneIsRefusedNamingTheVersions() {
        let client = DynamoDBTestClient()
        client.createTable("orders")
        let error = client.error("CreateGlobalTable", #"{"GlobalTableName":"orders","ReplicationGroup":[{"RegionName":"us-west-2"}]}"#)
        #expect(error.type == "ValidationException")
        #expect(error.message.contains("version 2017.11.29 is not supported"))
        #expect(error.message.contains("2019.11.21"))
    }

    @Test(arguments: ["UpdateGlobalTable", "DescribeGlobalTable", "DescribeGlobalTableSettings", "UpdateGlobalTableSettings"])
    func operationsNamingOneFindNone(_ action: String) {
        let client = DynamoDBTestClient()
        client.createTable("orders")  // a table of that name is no legacy global table
        let error = client.error(action, #"{"GlobalTableName":"orders"}"#)
        #expect(error.type == "GlobalTableNotFoundException")
        #expect(error.message == "Global table with name 'orders' does not exist.")
        #expect(error.status == 400)
    }

    @Test func aBadOrMissingNameIsAValidationError() {
        let client = DynamoDBTestClient()
        #expect(client.error("DescribeGlobalTable", "{}").message
            == "1 validation error detected: Value null at 'globalTableName' failed to satisfy constraint: Member must not be null")
        #expect(client.error("DescribeGlobalTable", #"{"GlobalTableName":"a b"}"#).message.contains(
            "Value 'a b' at 'globalTableName' failed to satisfy constraint: Member must satisfy regular expression pattern"))
    }

    @Test func listingFindsNone() {
        let client = DynamoDBTestClient()
        client.createTable("orders")
        #expect(client.ok("ListGlobalTables", "{}") == ["GlobalTables": []])
    }
}
