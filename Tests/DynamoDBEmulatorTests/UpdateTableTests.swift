import DrydockCore
@testable import DynamoDBEmulator
import Testing

@Suite("DynamoDB UpdateTable")
struct UpdateTableTests {
    @Test func addsQueriesAndRemovesAGlobalIndex() throws {
        let client = DynamoDBTestClient()
        client.createTable("people")
        for (pk, city) in [("ann", "Oslo"), ("bob", "Rome"), ("cy", "Oslo")] {
            client.ok("PutItem", #"{"TableName":"people","Item":{"pk":{"S":"\#(pk)"},"city":{"S":"\#(city)"}}}"#)
        }
        let updated = client.ok("UpdateTable", #"""
        {"TableName":"people","AttributeDefinitions":[{"AttributeName":"city","AttributeType":"S"}],
         "GlobalSecondaryIndexUpdates":[{"Create":{"IndexName":"byCity","KeySchema":[{"AttributeName":"city","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}}]}
        """#)
        #expect(updated["TableDescription"]?["TableStatus"] == "UPDATING")
        let described = try #require(client.ok("DescribeTable", #"{"TableName":"people"}"#)["Table"])
        #expect(described["GlobalSecondaryIndexes"]?.arrayValue?.first?["ItemCount"] == 3)
        let oslo = client.ok("Query", #"{"TableName":"people","IndexName":"byCity","KeyConditionExpression":"city = :c","ExpressionAttributeValues":{":c":{"S":"Oslo"}}}"#)
        #expect(oslo["Count"] == 2)
        client.ok("UpdateTable", #"{"TableName":"people","GlobalSecondaryIndexUpdates":[{"Delete":{"IndexName":"byCity"}}]}"#)
        #expect(client.ok("DescribeTable", #"{"TableName":"people"}"#)["Table"]?["GlobalSecondaryIndexes"] == nil)
    }

    @Test func switchesBillingMode() {
        let client = DynamoDBTestClient()
        client.createTable("people")
        client.ok("UpdateTable", #"{"TableName":"people","BillingMode":"PROVISIONED","ProvisionedThroughput":{"ReadCapacityUnits":3,"WriteCapacityUnits":4}}"#)
        let table = client.ok("DescribeTable", #"{"TableName":"people"}"#)["Table"]
        #expect(table?["ProvisionedThroughput"]?["WriteCapacityUnits"] == 4)
        #expect(table?["BillingModeSummary"] == nil)
        #expect(client.error("UpdateTable", #"{"TableName":"nope","BillingMode":"PAY_PER_REQUEST"}"#).type == "ResourceNotFoundException")
    }

    /// DynamoDB's texts as a public catalogue recorded them live (2026): an index that exists already,
    /// and a request that changes nothing.
    @Test func refusalTexts() {
        let client = DynamoDBTestClient()
        client.createTable("people")
        let create = #"""
        {"TableName":"people","AttributeDefinitions":[{"AttributeName":"city","AttributeType":"S"}],
         "GlobalSecondaryIndexUpdates":[{"Create":{"IndexName":"byCity","KeySchema":[{"AttributeName":"city","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}}]}
        """#
        client.ok("UpdateTable", create)
        let twice = client.error("UpdateTable", create)
        #expect(twice.type == "ValidationException")
        #expect(twice.message == "Attempting to create an index which already exists")
        let missing = client.error("UpdateTable", #"{"TableName":"people","GlobalSecondaryIndexUpdates":[{"Delete":{"IndexName":"nope"}}]}"#)
        #expect(missing.type == "ResourceNotFoundException")
        let nothing = client.error("UpdateTable", #"{"TableName":"people"}"#)
        #expect(nothing.message == "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates, SSESpecification, ReplicaUpdates, MultiAccountReplicaReady, ReplicaTransitRoleArn, MultiRegionConsistency, DeletionProtectionEnabled, OnDemandThroughput, WarmThroughput or TableClass is required")
    }

    /// A local index cannot be deleted or updated through GlobalSecondaryIndexUpdates, nor a global one
    /// created under its name (DynamoDB's texts, as a public catalogue recorded them live in 2026).
    @Test func localIndexNamesInGlobalIndexUpdates() {
        let client = DynamoDBTestClient()
        client.ok("CreateTable", #"""
        {"TableName":"people","BillingMode":"PAY_PER_REQUEST",
         "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"S"},{"AttributeName":"city","AttributeType":"S"}],
         "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],
         "LocalSecondaryIndexes":[{"IndexName":"byCity","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"city","KeyType":"RANGE"}],"Projection":{"ProjectionType":"ALL"}}]}
        """#)
        let delete = client.error("UpdateTable", #"{"TableName":"people","GlobalSecondaryIndexUpdates":[{"Delete":{"IndexName":"byCity"}}]}"#)
        #expect(delete.type == "ValidationException")
        #expect(delete.message == "Cannot delete an index that is not a GlobalSecondaryIndex: byCity")
        let update = client.error("UpdateTable", #"{"TableName":"people","GlobalSecondaryIndexUpdates":[{"Update":{"IndexName":"byCity","OnDemandThroughput":{"MaxReadRequestUnits":5}}}]}"#)
        #expect(update.message == "Cannot update an index that is not a GlobalSecondaryIndex: byCity")
        let create = client.error("UpdateTable", #"""
        {"TableName":"people","GlobalSecondaryIndexUpdates":[{"Create":{"IndexName":"byCity","KeySchema":[{"AttributeName":"city","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}}]}
        """#)
        #expect(create.message == "Attempting to create an index which already exists")
    }
}
