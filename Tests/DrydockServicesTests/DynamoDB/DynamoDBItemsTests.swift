import DrydockCore
import DrydockCredentials
import DrydockCrypto
import DrydockHTTP
import DrydockServices
import Foundation
import Testing

/// Query pagination and the GetItem / PutItem helpers.
@Suite struct DynamoDBItemsTests {
    let clock = ManualClock()

    func client(_ fake: FakeDynamoDB) throws -> DynamoDBClient {
        try DynamoDBClient(
            region: "eu-west-1",
            credentials: EnvironmentCredentialProvider(environment: Environment(["AWS_ACCESS_KEY_ID": "AKIATEST", "AWS_SECRET_ACCESS_KEY": "s"])),
            transport: fake.transport, environment: Environment(), clock: clock)
    }

    static func item(_ id: Int) -> JSONValue { ["pk": ["S": "booking"], "sk": ["N": .number(id)]] }

    @Test func queryFollowsEveryPage() throws {
        let fake = FakeDynamoDB([
            FakeDynamoDB.ok(["Items": [Self.item(1), Self.item(2)], "Count": 2, "ScannedCount": 2, "LastEvaluatedKey": Self.item(2)]),
            FakeDynamoDB.ok(["Items": [], "Count": 0, "ScannedCount": 3, "LastEvaluatedKey": Self.item(5)]),
            FakeDynamoDB.ok(["Items": [Self.item(6)], "Count": 1, "ScannedCount": 1]),
        ])
        let input: JSONValue = [
            "TableName": "bookings", "KeyConditionExpression": "pk = :pk",
            "ExpressionAttributeValues": [":pk": ["S": "booking"]],
        ]
        let result = try client(fake).query(input)

        #expect(result.items == [Self.item(1), Self.item(2), Self.item(6)])
        #expect(result.count == 3 && result.scannedCount == 6 && result.pages == 3)
        let bodies = fake.bodies
        #expect(bodies.count == 3)
        #expect(bodies[0]["ExclusiveStartKey"] == nil)
        #expect(bodies[1]["ExclusiveStartKey"] == Self.item(2))
        #expect(bodies[2]["ExclusiveStartKey"] == Self.item(5))
        #expect(bodies.allSatisfy { $0["TableName"] == "bookings" && $0["KeyConditionExpression"] == "pk = :pk" })
        #expect(fake.requests.allSatisfy { $0.headers["X-Amz-Target"] == "DynamoDB_20120810.Query" })
    }

    @Test func aRepeatedPageKeyStopsInsteadOfLooping() throws {
        let page = FakeDynamoDB.ok(["Items": [], "Count": 0, "ScannedCount": 0, "LastEvaluatedKey": Self.item(1)])
        let fake = FakeDynamoDB([page, page, page])
        let error = try #require(throws: DynamoDBError.self) { try client(fake).query(["TableName": "bookings"]) }
        #expect(error.code == "InvalidResponse")
        #expect(fake.requests.count == 2)
    }

    @Test func getItemReturnsTheItemOrNil() throws {
        let fake = FakeDynamoDB([FakeDynamoDB.ok(["Item": Self.item(1)]), FakeDynamoDB.ok([:])])
        let client = try client(fake)
        #expect(try client.getItem(table: "bookings", key: Self.item(1), consistentRead: true) == Self.item(1))
        #expect(try client.getItem(table: "bookings", key: Self.item(9)) == nil)
        #expect(fake.bodies[0] == ["TableName": "bookings", "Key": Self.item(1), "ConsistentRead": true])
        #expect(fake.requests[1].headers["X-Amz-Target"] == "DynamoDB_20120810.GetItem")
    }

    @Test func putItemSendsTheItemAndCondition() throws {
        let fake = FakeDynamoDB([
            FakeDynamoDB.ok([:]),
            FakeDynamoDB.error(400, "ConditionalCheckFailedException", "The conditional request failed"),
        ])
        let client = try client(fake)
        try client.putItem(table: "bookings", item: Self.item(1))
        let error = try #require(throws: DynamoDBError.self) {
            try client.putItem(table: "bookings", item: Self.item(1), conditionExpression: "attribute_not_exists(pk)")
        }
        #expect(error.code == "ConditionalCheckFailedException")
        #expect(fake.bodies[1] == ["TableName": "bookings", "Item": Self.item(1), "ConditionExpression": "attribute_not_exists(pk)"])
        #expect(fake.requests.count == 2)
    }
}
