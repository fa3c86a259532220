import DrydockCore
import DrydockHTTP
import DrydockTesting
@testable import DynamoDBEmulator
import EmulatorKit
import Foundation
import Testing

/// Global tables version 2019.11.21: UpdateTable's ReplicaUpdates, replication of every write, the
/// stream rules, DescribeTable's members, DeleteTable of a replica and persistence.
@Suite("DynamoDB global tables")
struct GlobalTablesTests {
    static let ordersBody = #"""
    {"TableName":"orders","BillingMode":"PAY_PER_REQUEST",
     "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"},{"AttributeName":"holder","AttributeType":"S"}],
     "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],
     "GlobalSecondaryIndexes":[{"IndexName":"byHolder","KeySchema":[{"AttributeName":"holder","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}]}
    """#

    /// Clients of one emulator in us-east-1 and us-west-2, with `orders` in us-east-1.
    static func regions(_ emulator: DynamoDBEmulator = DynamoDBEmulator()) -> (east: DynamoDBTestClient, west: DynamoDBTestClient) {
        let east = DynamoDBTestClient(emulator: emulator, region: "us-east-1")
        let west = DynamoDBTestClient(emulator: emulator, region: "us-west-2")
        east.ok("CreateTable", ordersBody)
        return (east, west)
    }

    static func addReplica(_ client: DynamoDBTestClient, _ region: String, kind: String = "Create") -> JSONValue {
        client.ok("UpdateTable", #"{"TableName":"orders","ReplicaUpdates":[{"\#(kind)":{"RegionName":"\#(region)"}}]}"#)
    }

    static func describe(_ client: DynamoDBTestClient) -> JSONValue? {
        client.ok("DescribeTable", #"{"TableName":"orders"}"#)["Table"]
    }

    static func item(_ client: DynamoDBTestClient, _ id: String) -> JSONValue? {
        client.ok("GetItem", #"{"TableName":"orders","Key":{"id":{"S":"\#(id)"}}}"#)["Item"]
    }

    static func ids(_ client: DynamoDBTestClient) -> [String] {
        (client.ok("Scan", #"{"TableName":"orders"}"#)["Items"]?.arrayValue ?? []).compactMap { $0["id"]?["S"]?.stringValue }.sorted()
    }

    /// The `id` keys of the records of stream `arn` (of `client`'s region) from TRIM_HORIZON.
    static func streamKeys(_ client: DynamoDBTestClient, arn: String) -> [String] {
        func call(_ action: String, _ body: String) -> JSONValue {
            var request = client.request(action, body)
            request.headers.set("X-Amz-Target", "DynamoDBStreams_20120810.\(action)")
            return (try? JSONValue.parse(client.emulator.handle(request).body)) ?? .null
        }
        let shard = call("DescribeStream", #"{"StreamArn":"\#(arn)"}"#)["StreamDescription"]?["Shards"]?.arrayValue?.first?["ShardId"]?.stringValue ?? ""
        let iterator = call("GetShardIterator", #"{"StreamArn":"\#(arn)","ShardId":"\#(shard)","ShardIteratorType":"TRIM_HORIZON"}"#)["ShardIterator"]?.stringValue ?? ""
        let records = call("GetRecords", #"{"ShardIterator":"\#(iterator)"}"#)["Records"]?.arrayValue ?? []
        return records.compactMap { $0["dynamodb"]?["Keys"]?["id"]?["S"]?.stringValue }
    }

    // MARK: Creating and describing

    @Test func creatingAReplicaCopiesTheTableAndItsItems() throws {
        let (east, west) = Self.regions()
        east.ok("PutItem", #"{"TableName":"orders","Item":{"id":{"S":"o-1"},"holder":{"S":"ann"}}}"#)
        let answer = Self.addReplica(east, "us-west-2")["TableDescription"]
        #expect(answer?["GlobalTableVersion"] == "2019.11.21")
        let local = try #require(Self.describe(east))
        #expect(local["GlobalTableVersion"] == "2019.11.21")
        #expect(local["Replicas"] == [["RegionName": "us-west-2", "ReplicaStatus": "ACTIVE"]])
        let replica = try #require(Self.describe(west))
        #expect(replica["Replicas"] == [["RegionName": "us-east-1", "ReplicaStatus": "ACTIVE"]])
        #expect(replica["KeySchema"] == local["KeySchema"])
        #expect(replica["AttributeDefinitions"] == local["AttributeDefinitions"])
        #expect(replica["BillingModeSummary"]?["BillingMode"] == "PAY_PER_REQUEST")
        #expect(replica["GlobalSecondaryIndexes"]?.arrayValue?.first?["IndexName"] == "byHolder")
        #expect(replica["TableArn"]?.stringValue?.contains(":us-west-2:") == true)
        #expect(replica["TableId"] != local["TableId"])
        #expect(Self.item(west, "o-1") == ["holder": ["S": "ann"], "id": ["S": "o-1"]])
        let byHolder = west.ok("Query", #"{"TableName":"orders","IndexName":"byHolder","KeyConditionExpression":"holder = :h","ExpressionAttributeValues":{":h":{"S":"ann"}}}"#)
        #expect(byHolder["Count"] == .number(1))
    }

    @Test func aRegionalTableHasNoGlobalMembers() throws {
        let (east, _) = Self.regions()
        let table = try #require(Self.describe(east))
        #expect(table["Replicas"] == nil)
        #expect(table["GlobalTableVersion"] == nil)
    }

    @Test func aThirdReplicaAddedFromAnyReplicaJoinsTheWholeGroup() throws {
        let (east, west) = Self.regions()
        _ = Self.addReplica(east, "us-west-2")
        _ = Self.addReplica(west, "eu-west-1")
        let europe = DynamoDBTestClient(emulator: east.emulator, region: "eu-west-1")
        func regions(_ client: DynamoDBTestClient) -> [String] {
            (Self.describe(client)?["Replicas"]?.arrayValue ?? []).compactMap { $0["RegionName"]?.stringValue }
        }
        #expect(regions(east) == ["eu-west-1", "us-west-2"])
        #expect(regions(west) == ["eu-west-1", "us-east-1"])
        #expect(regions(europe) == ["us-east-1", "us-west-2"])
        europe.ok("PutItem", #"{"TableName":"orders","Item":{"id":{"S":"from-eu"}}}"#)
        #expect(Self.ids(east) == ["from-eu"])
        #expect(Self.ids(west) == ["from-eu"])
    }

    // MARK: Refusals

    @Test(arguments: [
        (#"[{"Create":{"RegionName":"us-east-1"}}]"#, "Cannot add or delete the local region through ReplicaUpdates. Use CreateTable, DeleteTable, or UpdateTable as required."),
        (#"[{"Delete":{"RegionName":"us-east-1"}}]"#, "Cannot add or delete the local region through ReplicaUpdates. Use CreateTable, DeleteTable, or UpdateTable as required."),
        (#"[{"Delete":{"RegionName":"us-west-2"}}]"#, "Replica for table orders in region us-west-2 does not exist"),
        (#"[{"Update":{"RegionName":"us-west-2"}}]"#, "Replica for table orders in region us-west-2 does not exist"),
        (#"[{"Create":{"RegionName":"not a region"}}]"#, "Invalid region name: not a region"),
        // Region-shaped is not enough: only AWS's regions hold replicas.
        (#"[{"Create":{"RegionName":"zz0"}}]"#, "Invalid region name: zz0"),
        (#"[{"Create":{"RegionName":"us-east-9"}}]"#, "Invalid region name: us-east-9"),
        (#"[{"Create":{"RegionName":"eu-west-1"}},{"Delete":{"RegionName":"eu-west-1"}}]"#,
         "One or more parameter values were invalid: ReplicaUpdates names region eu-west-1 more than once"),
        (ReplicaLimits.tooMany, "One or more parameter values were invalid: Too many ReplicaUpdates: 33; a request can name each of the 32 supported regions at most once"),
        (#"[]"#, "1 validation error detected: Value '[]' at 'replicaUpdates' failed to satisfy constraint: Member must have length greater than or equal to 1"),
        (#"[{}]"#, "One or more parameter values were invalid: Each ReplicaUpdates entry must specify exactly one of Create, Update or Delete"),
        (#"[{"Create":{}}]"#, "1 validation error detected: Value null at 'replicaUpdates.1.member.create.regionName' failed to satisfy constraint: Member must not be null"),
    ])
    func replicaUpdatesAreChecked(updates: String, message: String) {
        let (east, west) = Self.regions()
        let error = east.error("UpdateTable", #"{"TableName":"orders","ReplicaUpdates":\#(updates)}"#)
        #expect(error.type == "ValidationException")
        #expect(error.message == message)
        #expect(west.error("DescribeTable", #"{"TableName":"orders"}"#).type == "ResourceNotFoundException")
        #expect(Self.describe(east)?["Replicas"] == nil)
    }

    enum ReplicaLimits {
        /// One entry more than there are supported regions (the entries' regions are never read).
        static let tooMany = "[" + (0..<33).map { #"{"Create":{"RegionName":"zz\#($0)"}}"# }.joined(separator: ",") + "]"
    }

    @Test func aRegionThatHoldsTheTableAlreadyIsRefused() {
        let (east, west) = Self.regions()
        west.ok("CreateTable", Self.ordersBody)
        let error = east.error("UpdateTable", #"{"TableName":"orders","ReplicaUpdates":[{"Create":{"RegionName":"us-west-2"}}]}"#)
        #expect(error.type == "ValidationException")
        #expect(error.message.contains("already existed as tables"))
        _ = Self.addReplica(east, "eu-west-1")
        #expect(east.error("UpdateTable", #"{"TableName":"orders","ReplicaUpdates":[{"Create":{"RegionName":"eu-west-1"}}]}"#).message.contains("already existed as tables"))
    }

    @Test func aProvisionedTableCannotBecomeGlobal() {
        let client = DynamoDBTestClient(region: "us-east-1")
        client.ok("CreateTable", #"{"TableName":"orders","AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],"KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],"ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":5}}"#)
        let error = client.error("UpdateTable", #"{"TableName":"orders","ReplicaUpdates":[{"Create":{"RegionName":"us-west-2"}}]}"#)
        #expect(error.type == "ValidationException")
        #expect(error.message == "Table write capacity should either be Pay-Per-Request or AutoScaled.")
    }

    @Test func replicaUpdatesComeAlone() {
        let (east, _) = Self.regions()
        let error = east.error("UpdateTable", #"{"TableName":"orders","BillingMode":"PAY_PER_REQUEST","ReplicaUpdates":[{"Create":{"RegionName":"us-west-2"}}]}"#)
        #expect(error.message.contains("ReplicaUpdates cannot be combined"))
    }

    // MARK: Replication

    @Test func everyWriteKindReachesTheOtherReplica() {
        let (east, west) = Self.regions()
        _ = Self.addReplica(east, "us-west-2")
        east.ok("PutItem", #"{"TableName":"orders","Item":{"id":{"S":"put"},"n":{"N":"1"}}}"#)
        west.ok("UpdateItem", #"{"TableName":"orders","Key":{"id":{"S":"put"}},"UpdateExpression":"SET n = n + :one","ExpressionAttributeValues":{":one":{"N":"1"}}}"#)
        #expect(Self.item(east, "put")?["n"] == ["N": "2"])
        east.ok("BatchWriteItem", #"{"RequestItems":{"orders":[{"PutRequest":{"Item":{"id":{"S":"batch"}}}},{"DeleteRequest":{"Key":{"id":{"S":"put"}}}}]}}"#)
        #expect(Self.ids(west) == ["batch"])
        west.ok("TransactWriteItems", #"{"TransactItems":[{"Put":{"TableName":"orders","Item":{"id":{"S":"transact"}}}},{"Delete":{"TableName":"orders","Key":{"id":{"S":"batch"}}}}]}"#)
        #expect(Self.ids(east) == ["transact"])
        east.ok("ExecuteStatement", #"{"Statement":"INSERT INTO orders VALUE {'id': 'partiql'}"}"#)
        #expect(Self.ids(west) == ["partiql", "transact"])
        west.ok("DeleteItem", #"{"TableName":"orders","Key":{"id":{"S":"transact"}}}"#)
        #expect(Self.ids(east) == ["partiql"])
        // A refused write changes neither replica.
        _ = east.error("PutItem", #"{"TableName":"orders","Item":{"id":{"S":"partiql"}},"ConditionExpression":"attribute_not_exists(id)"}"#)
        #expect(Self.item(west, "partiql") == ["id": ["S": "partiql"]])
    }

    @Test func timeToLiveIsAlignedAndItsDeletionsAreReplicated() {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let clock = ManualClock(now: start)
        let (east, west) = Self.regions(DynamoDBEmulator(clock: clock))
        _ = Self.addReplica(east, "us-west-2")
        west.ok("UpdateTimeToLive", #"{"TableName":"orders","TimeToLiveSpecification":{"Enabled":true,"AttributeName":"expires"}}"#)
        #expect(east.ok("DescribeTimeToLive", #"{"TableName":"orders"}"#)["TimeToLiveDescription"]?["TimeToLiveStatus"] == "ENABLED")
        east.ok("PutItem", #"{"TableName":"orders","Item":{"id":{"S":"soon"},"expires":{"N":"\#(Int(start.timeIntervalSince1970) + 10)"}}}"#)
        #expect(Self.ids(west) == ["soon"])
        // Only us-east-1 sweeps: us-west-2's copy can go only by replication of that deletion.
        east.emulator.state.withLock { $0.regions["us-west-2"]?.tables["orders"]?.timeToLiveAttribute = nil }
        clock.advance(seconds: 60)
        #expect(Self.ids(east) == [])
        #expect(Self.ids(west) == [])
    }

    // MARK: Streams

    @Test func aGlobalTableGetsANewAndOldImagesStreamThatCannotBeTurnedOff() throws {
        let (east, west) = Self.regions()
        _ = Self.addReplica(east, "us-west-2")
        for client in [east, west] {
            #expect(Self.describe(client)?["StreamSpecification"] == ["StreamEnabled": true, "StreamViewType": "NEW_AND_OLD_IMAGES"])
        }
        let disable = east.error("UpdateTable", #"{"TableName":"orders","StreamSpecification":{"StreamEnabled":false}}"#)
        #expect(disable.type == "ValidationException")
        #expect(disable.message == "One or more parameter values were invalid: Disabling Stream is not allowed for a Global Table replica.")
        let change = west.error("UpdateTable", #"{"TableName":"orders","StreamSpecification":{"StreamEnabled":true,"StreamViewType":"KEYS_ONLY"}}"#)
        #expect(change.message == "Table already has an enabled stream: TableName: orders")
    }

    @Test func anExistingStreamKeepsItsViewTypeAndEachReplicaRecordsItsOwnCopy() throws {
        let emulator = DynamoDBEmulator()
        let east = DynamoDBTestClient(emulator: emulator, region: "us-east-1")
        let west = DynamoDBTestClient(emulator: emulator, region: "us-west-2")
        east.ok("CreateTable", Self.ordersBody.replacingOccurrences(
            of: #""BillingMode""#, with: #""StreamSpecification":{"StreamEnabled":true,"StreamViewType":"KEYS_ONLY"},"BillingMode""#))
        _ = Self.addReplica(east, "us-west-2")
        #expect(Self.describe(east)?["StreamSpecification"]?["StreamViewType"] == "KEYS_ONLY")
        #expect(Self.describe(west)?["StreamSpecification"]?["StreamViewType"] == "KEYS_ONLY")
        east.ok("PutItem", #"{"TableName":"orders","Item":{"id":{"S":"o-1"}}}"#)
        for client in [east, west] {
            let arn = try #require(Self.describe(client)?["LatestStreamArn"]?.stringValue)
            #expect(Self.streamKeys(client, arn: arn) == ["o-1"])
        }
    }

    // MARK: Removing replicas

    @Test func removingTheLastReplicaLeavesARegionalTableThatKeepsItsStream() throws {
        let (east, west) = Self.regions()
        _ = Self.addReplica(east, "us-west-2")
        east.ok("PutItem", #"{"TableName":"orders","Item":{"id":{"S":"o-1"}}}"#)
        _ = Self.addReplica(east, "us-west-2", kind: "Delete")
        #expect(west.error("DescribeTable", #"{"TableName":"orders"}"#).type == "ResourceNotFoundException")
        let table = try #require(Self.describe(east))
        #expect(table["Replicas"] == nil)
        #expect(table["GlobalTableVersion"] == nil)
        #expect(table["StreamSpecification"] == ["StreamEnabled": true, "StreamViewType": "NEW_AND_OLD_IMAGES"])
        east.ok("UpdateTable", #"{"TableName":"orders","StreamSpecification":{"StreamEnabled":false}}"#)
        #expect(Self.describe(east)?["StreamSpecification"] == nil)
        // Writes stay local now.
        east.ok("PutItem", #"{"TableName":"orders","Item":{"id":{"S":"o-2"}}}"#)
        west.ok("CreateTable", Self.ordersBody)
        #expect(Self.ids(west) == [])
    }

    @Test func deletingAReplicaTableTakesItOutOfTheGroup() throws {
        let (east, west) = Self.regions()
        _ = Self.addReplica(east, "us-west-2")
        west.ok("DeleteTable", #"{"TableName":"orders"}"#)
        #expect(Self.describe(east)?["Replicas"] == nil)
        east.ok("PutItem", #"{"TableName":"orders","Item":{"id":{"S":"o-1"}}}"#)
        #expect(Self.ids(east) == ["o-1"])
    }

    @Test func anIndexAddedToOneReplicaIsAddedToAll() throws {
        let (east, west) = Self.regions()
        _ = Self.addReplica(east, "us-west-2")
        west.ok("UpdateTable", #"{"TableName":"orders","AttributeDefinitions":[{"AttributeName":"city","AttributeType":"S"}],"GlobalSecondaryIndexUpdates":[{"Create":{"IndexName":"byCity","KeySchema":[{"AttributeName":"city","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}}]}"#)
        let names = (Self.describe(east)?["GlobalSecondaryIndexes"]?.arrayValue ?? []).compactMap { $0["IndexName"]?.stringValue }.sorted()
        #expect(names == ["byCity", "byHolder"])
    }

    // MARK: Persistence

    @Test(arguments: [DataStore.defaultCompactionThreshold, 1])
    func aDataDirectoryKeepsTheGroupAndReplaysReplication(compactionThreshold: Int) throws {
        let scratch = try TemporaryDirectory("ddb-global-tables")
        let fixtures = scratch.appending("fixtures")
        try FileManager.default.createDirectory(atPath: fixtures, withIntermediateDirectories: true)
        func open() throws -> DynamoDBEmulator {
            try DynamoDBEmulator.persisted(in: scratch, fixtures: fixtures, compactionThreshold: compactionThreshold)
        }
        var before: [String: JSONValue] = [:]
        do {
            let (east, west) = Self.regions(try open())
            _ = Self.addReplica(east, "us-west-2")
            east.ok("PutItem", #"{"TableName":"orders","Item":{"id":{"S":"o-1"}}}"#)
            west.ok("PutItem", #"{"TableName":"orders","Item":{"id":{"S":"o-2"}}}"#)
            before = ["east": Self.describe(east) ?? .null, "west": Self.describe(west) ?? .null]
        }
        let emulator = try open()
        let east = DynamoDBTestClient(emulator: emulator, region: "us-east-1")
        let west = DynamoDBTestClient(emulator: emulator, region: "us-west-2")
        for (client, key) in [(east, "east"), (west, "west")] {
            #expect(Self.ids(client) == ["o-1", "o-2"])
            let table = Self.describe(client)
            for member in ["Replicas", "GlobalTableVersion", "TableId", "LatestStreamArn", "StreamSpecification"] {
                #expect(table?[member] == before[key]?[member], "\(key) \(member)")
            }
        }
        west.ok("DeleteItem", #"{"TableName":"orders","Key":{"id":{"S":"o-1"}}}"#)
        #expect(Self.ids(east) == ["o-2"])
    }

    @Test func resetRestoresTheRegionalTable() throws {
        let fixtures = try TemporaryDirectory("ddb-global-reset")
        defer { fixtures.remove() }
        let file = fixtures.appending("dynamodb/us-east-1/orders.json")
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try #"{"TableName":"orders","BillingMode":"PAY_PER_REQUEST","AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],"KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],"Items":[{"id":{"S":"o-1"}},{"id":{"S":"o-2"}}]}"#
            .write(toFile: file, atomically: true, encoding: .utf8)
        let emulator = try DynamoDBEmulator(fixturesDirectory: fixtures.path)
        let east = DynamoDBTestClient(emulator: emulator, region: "us-east-1")
        let west = DynamoDBTestClient(emulator: emulator, region: "us-west-2")
        _ = Self.addReplica(east, "us-west-2")
        east.ok("PutItem", #"{"TableName":"orders","Item":{"id":{"S":"o-3"}}}"#)
        #expect(Self.describe(east)?["Replicas"] != nil)
        emulator.reset()
        let table = Self.describe(east)
        #expect(table?["Replicas"] == nil)
        #expect(table?["GlobalTableVersion"] == nil)
        #expect(Self.ids(east) == ["o-1", "o-2"])
        #expect(west.error("DescribeTable", #"{"TableName":"orders"}"#).type == "ResourceNotFoundException")
        // Regional again: a write stays in us-east-1.
        east.ok("PutItem", #"{"TableName":"orders","Item":{"id":{"S":"o-4"}}}"#)
        #expect(west.error("Scan", #"{"TableName":"orders"}"#).type == "ResourceNotFoundException")
    }
}
