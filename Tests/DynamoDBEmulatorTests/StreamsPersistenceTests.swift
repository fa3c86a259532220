import DrydockCore
import DrydockHTTP
import DrydockTesting
@testable import DynamoDBEmulator
import EmulatorKit
import Foundation
import Testing

/// Streams across fixtures and data directories: the stream (its ARN) is kept, its records are not.
@Suite("DynamoDB Streams persistence")
struct StreamsPersistenceTests {
    static let table = #"""
    {"TableName":"orders","BillingMode":"PAY_PER_REQUEST",
     "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],
     "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],
     "StreamSpecification":{"StreamEnabled":true,"StreamViewType":"NEW_IMAGE"},
     "Items":[{"id":{"S":"o-1"}}]}
    """#

    static func fixtures(in scratch: TemporaryDirectory, table: String = table) throws -> String {
        let path = scratch.appending("fixtures/dynamodb/us-east-1/orders.json")
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try table.write(toFile: path, atomically: true, encoding: .utf8)
        return scratch.appending("fixtures")
    }

    static func streamsRequest(_ action: String, _ body: String) -> HTTPRequest {
        HTTPRequest(method: "POST", target: "/", headers: ["X-Amz-Target": "DynamoDBStreams_20120810.\(action)"], body: Array(body.utf8))
    }

    /// Keys of the records from TRIM_HORIZON.
    static func recordKeys(_ emulator: DynamoDBEmulator, arn: String) -> [String] {
        let describe = (try? JSONValue.parse(emulator.handle(streamsRequest("DescribeStream", #"{"StreamArn":"\#(arn)"}"#)).body)) ?? .null
        let shard = describe["StreamDescription"]?["Shards"]?.arrayValue?.first?["ShardId"]?.stringValue ?? ""
        let iterator = (try? JSONValue.parse(emulator.handle(streamsRequest("GetShardIterator", #"{"StreamArn":"\#(arn)","ShardId":"\#(shard)","ShardIteratorType":"TRIM_HORIZON"}"#)).body))?["ShardIterator"]?.stringValue ?? ""
        let records = (try? JSONValue.parse(emulator.handle(streamsRequest("GetRecords", #"{"ShardIterator":"\#(iterator)"}"#)).body))?["Records"]?.arrayValue
        return (records ?? []).compactMap { $0["dynamodb"]?["Keys"]?["id"]?["S"]?.stringValue }
    }

    @Test func aFixtureTableCanHaveAStreamAndItsItemsAreNotRecords() throws {
        let scratch = try TemporaryDirectory("ddb-streams-fixture")
        let emulator = try DynamoDBEmulator(fixturesDirectory: try Self.fixtures(in: scratch), clock: VirtualClock())
        let client = DynamoDBTestClient(emulator: emulator)
        let table = client.ok("DescribeTable", #"{"TableName":"orders"}"#)["Table"]
        #expect(table?["StreamSpecification"] == ["StreamEnabled": true, "StreamViewType": "NEW_IMAGE"])
        let arn = try #require(table?["LatestStreamArn"]?.stringValue)
        #expect(Self.recordKeys(emulator, arn: arn) == [])
        client.ok("PutItem", #"{"TableName":"orders","Item":{"id":{"S":"o-2"}}}"#)
        #expect(Self.recordKeys(emulator, arn: arn) == ["o-2"])
        // reset() goes back to the fixtures: the stream is there, empty.
        emulator.reset()
        #expect(Self.recordKeys(emulator, arn: arn) == [])
    }

    @Test func aBadStreamSpecificationInAFixtureNamesTheFile() throws {
        let scratch = try TemporaryDirectory("ddb-streams-bad-fixture")
        let bad = Self.table.replacingOccurrences(of: #""StreamViewType":"NEW_IMAGE""#, with: #""StreamViewType":"ALL""#)
        #expect(throws: FixtureError.self) {
            try DynamoDBEmulator(fixturesDirectory: try Self.fixtures(in: scratch, table: bad), clock: VirtualClock())
        }
    }

    @Test(arguments: [DataStore.defaultCompactionThreshold, 1])
    func aDataDirectoryKeepsTheStreamButNotItsRecords(compactionThreshold: Int) throws {
        let scratch = try TemporaryDirectory("ddb-streams-data")
        let fixtures = try Self.fixtures(in: scratch, table: Self.table.replacingOccurrences(
            of: #""StreamSpecification":{"StreamEnabled":true,"StreamViewType":"NEW_IMAGE"},"#, with: ""))
        func open() throws -> DynamoDBEmulator {
            try DynamoDBEmulator.persisted(in: scratch, fixtures: fixtures, compactionThreshold: compactionThreshold)
        }
        let arn: String
        do {
            let first = try open()
            let client = DynamoDBTestClient(emulator: first)
            let updated = client.ok("UpdateTable", #"{"TableName":"orders","StreamSpecification":{"StreamEnabled":true,"StreamViewType":"KEYS_ONLY"}}"#)
            arn = try #require(updated["TableDescription"]?["LatestStreamArn"]?.stringValue)
            client.ok("PutItem", #"{"TableName":"orders","Item":{"id":{"S":"before"}}}"#)
            #expect(Self.recordKeys(first, arn: arn) == ["before"])
        }
        let second = try open()
        let client = DynamoDBTestClient(emulator: second)
        #expect(client.ok("DescribeTable", #"{"TableName":"orders"}"#)["Table"]?["LatestStreamArn"]?.stringValue == arn)
        #expect(Self.recordKeys(second, arn: arn) == [])
        client.ok("PutItem", #"{"TableName":"orders","Item":{"id":{"S":"after"}}}"#)
        #expect(Self.recordKeys(second, arn: arn) == ["after"])
    }
}
