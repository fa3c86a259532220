import DrydockCore
import DrydockTesting
@testable import DynamoDBEmulator
import EmulatorKit
import IMDSEmulator
import Foundation
import Testing

@Suite("DynamoDB fixtures")
struct FixtureLoadingTests {
    static let orders = #"""
    {"TableName":"orders","BillingMode":"PAY_PER_REQUEST",
     "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],
     "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],
     "Items":[{"id":{"S":"o-1"},"total":{"N":"12.50"}},{"id":{"S":"o-2"},"total":{"N":"3"}}]}
    """#

    func write(_ files: [String: String]) throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory("ddb-fixtures")
        for (path, text) in files {
            let full = directory.appending(path)
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        }
        return directory
    }

    @Test func loadsTablesPerRegionAndResets() throws {
        let directory = try write(["dynamodb/us-west-2/orders.json": Self.orders])
        defer { directory.remove() }
        let emulator = try DynamoDBEmulator(fixturesDirectory: directory.path)
        let west = DynamoDBTestClient(emulator: emulator, region: "us-west-2")
        #expect(west.ok("GetItem", #"{"TableName":"orders","Key":{"id":{"S":"o-1"}}}"#)["Item"]?["total"] == ["N": "12.5"])
        #expect(west.ok("DescribeTable", #"{"TableName":"orders"}"#)["Table"]?["ItemCount"] == 2)
        #expect(DynamoDBTestClient(emulator: emulator).ok("ListTables", "{}")["TableNames"] == [])
        west.ok("DeleteItem", #"{"TableName":"orders","Key":{"id":{"S":"o-1"}}}"#)
        emulator.reset()
        #expect(west.ok("DescribeTable", #"{"TableName":"orders"}"#)["Table"]?["ItemCount"] == 2)
    }

    @Test func noDynamoDBDirectoryMeansNoTables() throws {
        let directory = try write(["gmail/profiles.json": "[]"])
        defer { directory.remove() }
        let emulator = try DynamoDBEmulator(fixturesDirectory: directory.path)
        #expect(DynamoDBTestClient(emulator: emulator).ok("ListTables", "{}")["TableNames"] == [])
    }

    @Test(arguments: [
        (#"{"TableName":"bad","BillingMode":"PAY_PER_REQUEST","AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],"KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],"Items":[{"nope":{"S":"x"}}]}"#,
         "Items[0]: ValidationException: One or more parameter values were invalid: Missing the key id in the item"),
        (#"{"TableName":"bad","AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],"KeySchema":[{"AttributeName":"id","KeyType":"HASH"}]}"#,
         "ValidationException: One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED"),
        ("{nope", "invalid JSON"),
    ])
    func badFilesNameTheProblem(_ text: String, _ reason: String) throws {
        let directory = try write(["dynamodb/us-east-1/bad.json": text])
        defer { directory.remove() }
        #expect {
            _ = try DynamoDBEmulator(fixturesDirectory: directory.path)
        } throws: { error in
            guard let error = error as? FixtureError else { return false }
            return error.path.hasSuffix("bad.json") && error.reason.contains(reason)
        }
    }
}

extension FixtureLoadingTests {
    @Test func suiteInitRequiresSignaturesWithFixtureKeys() throws {
        let directory = try write(["dynamodb/credentials.json": #"{"accessKeys":{"AKIDSTATIC":"secret"}}"#])
        defer { directory.remove() }
        let clock = VirtualClock()
        let emulator = try DynamoDBEmulator(
            fixturesDirectory: directory.path, clock: clock, authority: IMDSCredentialAuthority(clock: clock))
        let unsigned = DynamoDBTestClient(emulator: emulator).error("ListTables", "{}")
        #expect(unsigned.type == "MissingAuthenticationTokenException")
        let bad = try write(["dynamodb/credentials.json": #"{"keys":[]}"#])
        defer { bad.remove() }
        #expect(throws: FixtureError.self) {
            _ = try DynamoDBEmulator(fixturesDirectory: bad.path, clock: clock, authority: IMDSCredentialAuthority(clock: clock))
        }
    }
}

extension FixtureLoadingTests {
    @Test func exportedTablesLoadBack() throws {
        let directory = try TemporaryDirectory("ddb-export")
        defer { directory.remove() }
        let emulator = DynamoDBEmulator()
        let west = DynamoDBTestClient(emulator: emulator, region: "us-west-2")
        west.ok("CreateTable", #"""
        {"TableName":"orders","ProvisionedThroughput":{"ReadCapacityUnits":2,"WriteCapacityUnits":3},
         "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"day","AttributeType":"N"}],
         "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],
         "GlobalSecondaryIndexes":[{"IndexName":"byDay","KeySchema":[{"AttributeName":"day","KeyType":"HASH"}],"Projection":{"ProjectionType":"KEYS_ONLY"},"ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":1}}]}
        """#)
        west.ok("PutItem", #"{"TableName":"orders","Item":{"pk":{"S":"o-1"},"day":{"N":"7"},"tags":{"SS":["a"]}}}"#)
        west.ok("UpdateTimeToLive", #"{"TableName":"orders","TimeToLiveSpecification":{"Enabled":true,"AttributeName":"expires"}}"#)
        try emulator.exportTables(to: directory.path)

        let restored = DynamoDBTestClient(emulator: try DynamoDBEmulator(fixturesDirectory: directory.path), region: "us-west-2")
        #expect(restored.ok("GetItem", #"{"TableName":"orders","Key":{"pk":{"S":"o-1"}}}"#)["Item"]?["tags"] == ["SS": ["a"]])
        let table = restored.ok("DescribeTable", #"{"TableName":"orders"}"#)["Table"]
        #expect(table?["ProvisionedThroughput"]?["WriteCapacityUnits"] == 3)
        #expect(table?["GlobalSecondaryIndexes"]?.arrayValue?.first?["IndexName"] == "byDay")
        #expect(restored.ok("DescribeTimeToLive", #"{"TableName":"orders"}"#)["TimeToLiveDescription"]?["AttributeName"] == "expires")

        west.ok("DeleteTable", #"{"TableName":"orders"}"#)
        try emulator.exportTables(to: directory.path)
        #expect(!FileManager.default.fileExists(atPath: directory.appending("dynamodb/us-west-2/orders.json")))
    }
}
