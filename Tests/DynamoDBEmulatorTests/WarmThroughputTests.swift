import DrydockCore
import DrydockTesting
@testable import DynamoDBEmulator
import EmulatorKit
import Foundation
import Testing

/// `WarmThroughput` on CreateTable and UpdateTable (table and global indexes) and as DescribeTable
/// reports it: the baseline every table has, the minimums, no decrease, and persistence.
@Suite("DynamoDB warm throughput")
struct WarmThroughputTests {
    static let schema = #""KeySchema":[{"AttributeName":"p","KeyType":"HASH"}],"AttributeDefinitions":[{"AttributeName":"p","AttributeType":"S"}]"#
    static let indexedSchema = #""KeySchema":[{"AttributeName":"p","KeyType":"HASH"}],"AttributeDefinitions":[{"AttributeName":"p","AttributeType":"S"},{"AttributeName":"g","AttributeType":"S"}]"#
    static let onDemand = #""BillingMode":"PAY_PER_REQUEST""#
    static let provisioned = #""BillingMode":"PROVISIONED","ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":3}"#

    static func gsi(_ extra: String = "") -> String {
        #""GlobalSecondaryIndexes":[{"IndexName":"by-g","KeySchema":[{"AttributeName":"g","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}\#(extra)}]"#
    }

    static func create(_ client: DynamoDBTestClient, _ members: String) -> JSONValue {
        let keys = members.contains("GlobalSecondaryIndexes") ? indexedSchema : schema
        return client.ok("CreateTable", #"{"TableName":"hot",\#(keys),\#(members)}"#)
    }

    static func warm(_ read: Int, _ write: Int) -> JSONValue {
        ["ReadUnitsPerSecond": .number(read), "WriteUnitsPerSecond": .number(write), "Status": "ACTIVE"]
    }

    static func described(_ client: DynamoDBTestClient) -> JSONValue? {
        client.ok("DescribeTable", #"{"TableName":"hot"}"#)["Table"]
    }

    static func indexWarm(_ table: JSONValue?) -> JSONValue? {
        guard case .array(let indexes)? = table?["GlobalSecondaryIndexes"] else { return nil }
        return indexes.first?["WarmThroughput"]
    }

    @Test func everyTableHasABaseline() {
        let client = DynamoDBTestClient()
        let answer = Self.create(client, "\(Self.onDemand),\(Self.gsi())")
        #expect(answer["TableDescription"]?["WarmThroughput"] == Self.warm(12_000, 4_000))
        #expect(Self.described(client)?["WarmThroughput"] == Self.warm(12_000, 4_000))
        #expect(Self.indexWarm(Self.described(client)) == Self.warm(12_000, 4_000))
    }

    @Test func aProvisionedTableStartsAtItsCapacityAndKeepsItsPeak() {
        let client = DynamoDBTestClient()
        _ = Self.create(client, "\(Self.provisioned),\(Self.gsi(#","ProvisionedThroughput":{"ReadCapacityUnits":2,"WriteCapacityUnits":1}"#))")
        #expect(Self.described(client)?["WarmThroughput"] == Self.warm(5, 3))
        #expect(Self.indexWarm(Self.described(client)) == Self.warm(2, 1))
        client.ok("UpdateTable", #"{"TableName":"hot","ProvisionedThroughput":{"ReadCapacityUnits":9,"WriteCapacityUnits":9}}"#)
        client.ok("UpdateTable", #"{"TableName":"hot","ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":1}}"#)
        #expect(Self.described(client)?["WarmThroughput"] == Self.warm(9, 9))
        client.ok("UpdateTable", #"{"TableName":"hot","BillingMode":"PAY_PER_REQUEST"}"#)
        #expect(Self.described(client)?["WarmThroughput"] == Self.warm(12_000, 4_000))
        client.ok("UpdateTable", #"{"TableName":"hot","BillingMode":"PROVISIONED","ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":1}}"#)
        #expect(Self.described(client)?["WarmThroughput"] == Self.warm(12_000, 4_000))
    }

    @Test func createTableKeepsWhatItWasGivenAndFillsAMissingUnit() {
        let client = DynamoDBTestClient()
        let answer = Self.create(client, #"\#(Self.onDemand),"WarmThroughput":{"ReadUnitsPerSecond":12240}"#)
        #expect(answer["TableDescription"]?["WarmThroughput"] == Self.warm(12_240, 4_000))
        #expect(Self.described(client)?["WarmThroughput"] == Self.warm(12_240, 4_000))
        let empty = DynamoDBTestClient()
        _ = Self.create(empty, #"\#(Self.onDemand),"WarmThroughput":{}"#)
        #expect(Self.described(empty)?["WarmThroughput"] == Self.warm(12_000, 4_000))
    }

    @Test(arguments: [
        (11_999, 4_000, "ReadUnitsPerSecond"), (12_000, 3_999, "WriteUnitsPerSecond"), (0, 0, "ReadUnitsPerSecond"),
    ])
    func anOnDemandTableRefusesLessThanItStartsWith(_ read: Int, _ write: Int, _ unit: String) {
        let client = DynamoDBTestClient()
        let answer = client.error("CreateTable", #"{"TableName":"hot",\#(Self.schema),\#(Self.onDemand),"WarmThroughput":{"ReadUnitsPerSecond":\#(read),"WriteUnitsPerSecond":\#(write)}}"#)
        #expect(answer.type == "ValidationException")
        #expect(answer.message == "One or more parameter values were invalid: Requested \(unit) for WarmThroughput for table is lower than initial throughput for OnDemand. See: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/on-demand-capacity-mode.html#on-demand-capacity-mode-initial")
        #expect(client.error("DescribeTable", #"{"TableName":"hot"}"#).type == "ResourceNotFoundException")
    }

    @Test func aProvisionedTableRefusesLessThanItsCapacity() {
        let client = DynamoDBTestClient()
        let answer = client.error("CreateTable", #"{"TableName":"hot",\#(Self.schema),\#(Self.provisioned),"WarmThroughput":{"ReadUnitsPerSecond":4,"WriteUnitsPerSecond":4}}"#)
        #expect(answer.message == "One or more parameter values were invalid: Requested ReadUnitsPerSecond for WarmThroughput for table is lower than ReadCapacityUnits of ProvisionedThroughput")
    }

    @Test func anIndexRefusesLessThanItStartsWith() {
        let client = DynamoDBTestClient()
        let answer = client.error("CreateTable", #"{"TableName":"hot",\#(Self.indexedSchema),\#(Self.onDemand),\#(Self.gsi(#","WarmThroughput":{"WriteUnitsPerSecond":10}"#))}"#)
        #expect(answer.message == "One or more parameter values were invalid: Requested WriteUnitsPerSecond for WarmThroughput for index by-g is lower than initial throughput for OnDemand. See: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/on-demand-capacity-mode.html#on-demand-capacity-mode-initial")
        _ = Self.create(client, "\(Self.onDemand),\(Self.gsi(#","WarmThroughput":{"WriteUnitsPerSecond":5000}"#))")
        #expect(Self.indexWarm(Self.described(client)) == Self.warm(12_000, 5_000))
    }

    @Test func updateTableWithOnlyWarmThroughputRaisesIt() {
        let client = DynamoDBTestClient()
        _ = Self.create(client, Self.onDemand)
        let answer = client.ok("UpdateTable", #"{"TableName":"hot","WarmThroughput":{"ReadUnitsPerSecond":12240,"WriteUnitsPerSecond":4080}}"#)
        #expect(answer["TableDescription"]?["WarmThroughput"] == Self.warm(12_240, 4_080))
        client.ok("UpdateTable", #"{"TableName":"hot","WarmThroughput":{"WriteUnitsPerSecond":4090}}"#)
        #expect(Self.described(client)?["WarmThroughput"] == Self.warm(12_240, 4_090))
        // The same values again are no decrease.
        client.ok("UpdateTable", #"{"TableName":"hot","WarmThroughput":{"ReadUnitsPerSecond":12240,"WriteUnitsPerSecond":4090}}"#)
    }

    @Test func updateTableCannotLowerIt() {
        let client = DynamoDBTestClient()
        _ = Self.create(client, #"\#(Self.onDemand),"WarmThroughput":{"ReadUnitsPerSecond":12240,"WriteUnitsPerSecond":4080}"#)
        let read = client.error("UpdateTable", #"{"TableName":"hot","WarmThroughput":{"ReadUnitsPerSecond":12120,"WriteUnitsPerSecond":4040}}"#)
        #expect(read.type == "ValidationException")
        #expect(read.message == "One or more parameter values were invalid: Requested ReadUnitsPerSecond for WarmThroughput for table is lower than current WarmThroughput, decreasing WarmThroughput is not supported")
        let write = client.error("UpdateTable", #"{"TableName":"hot","WarmThroughput":{"WriteUnitsPerSecond":4040}}"#)
        #expect(write.message.contains("Requested WriteUnitsPerSecond for WarmThroughput for table is lower than current WarmThroughput"))
        #expect(Self.described(client)?["WarmThroughput"] == Self.warm(12_240, 4_080))
    }

    @Test func anEmptyTableWarmThroughputIsAServerError() {
        let client = DynamoDBTestClient()
        _ = Self.create(client, Self.onDemand)
        let answer = client.error("UpdateTable", #"{"TableName":"hot","WarmThroughput":{}}"#)
        #expect(answer.status == 500)
        #expect(answer.type == "InternalFailure")
    }

    @Test func aUnitIsALong() {
        let client = DynamoDBTestClient()
        _ = Self.create(client, Self.onDemand)
        let answer = client.error("UpdateTable", #"{"TableName":"hot","WarmThroughput":{"ReadUnitsPerSecond":"fast"}}"#)
        #expect(answer.type == "SerializationException")
        #expect(answer.message == "STRING_VALUE cannot be converted to Long")
    }

    @Test func anIndexUpdateRaisesOnlyThatIndex() {
        let client = DynamoDBTestClient()
        _ = Self.create(client, "\(Self.onDemand),\(Self.gsi())")
        let update = #"{"TableName":"hot","GlobalSecondaryIndexUpdates":[{"Update":{"IndexName":"by-g","WarmThroughput":{"ReadUnitsPerSecond":20000}}}]}"#
        client.ok("UpdateTable", update)
        #expect(Self.indexWarm(Self.described(client)) == Self.warm(20_000, 4_000))
        #expect(Self.described(client)?["WarmThroughput"] == Self.warm(12_000, 4_000))
        let lower = client.error("UpdateTable", #"{"TableName":"hot","GlobalSecondaryIndexUpdates":[{"Update":{"IndexName":"by-g","WarmThroughput":{"ReadUnitsPerSecond":19000}}}]}"#)
        #expect(lower.message == "One or more parameter values were invalid: Requested ReadUnitsPerSecond for WarmThroughput for index by-g is lower than current WarmThroughput, decreasing WarmThroughput is not supported")
        let empty = client.error("UpdateTable", #"{"TableName":"hot","GlobalSecondaryIndexUpdates":[{"Update":{"IndexName":"by-g","WarmThroughput":{}}}]}"#)
        #expect(empty.message == "One or more parameter values were invalid: WarmThroughput must have at least one of ReadUnitsPerSecond or WriteUnitsPerSecond specified for index: by-g")
        let ghostEmpty = client.error("UpdateTable", #"{"TableName":"hot","GlobalSecondaryIndexUpdates":[{"Update":{"IndexName":"ghost","WarmThroughput":{}}}]}"#)
        #expect(ghostEmpty.message.hasSuffix("specified for index: ghost"))
        let ghost = client.error("UpdateTable", #"{"TableName":"hot","GlobalSecondaryIndexUpdates":[{"Update":{"IndexName":"ghost","WarmThroughput":{"ReadUnitsPerSecond":20000}}}]}"#)
        #expect(ghost.type == "ResourceNotFoundException")
        #expect(ghost.message == "Requested resource not found: Index ghost for table hot")
    }

    @Test(arguments: [
        #""ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":1}"#, #""OnDemandThroughput":{}"#,
    ])
    func anOnDemandIndexUpdateChangesOnlyWarmOrOnDemandThroughput(_ member: String) {
        let client = DynamoDBTestClient()
        _ = Self.create(client, "\(Self.onDemand),\(Self.gsi())")
        let answer = client.error("UpdateTable", #"{"TableName":"hot","GlobalSecondaryIndexUpdates":[{"Update":{"IndexName":"by-g",\#(member)}}]}"#)
        #expect(answer.message == "One or more parameter values were invalid: The only Updates for index: by-g when TableThroughputMode is PAY_PER_REQUEST can be to OnDemandThroughput, WarmThroughput")
        guard case .array(let indexes)? = Self.described(client)?["GlobalSecondaryIndexes"] else { Issue.record("no indexes"); return }
        #expect(indexes.first?["ProvisionedThroughput"]?["ReadCapacityUnits"] == 0)
    }

    @Test func aProvisionedIndexKeepsItsCapacityWhenOnlyItsWarmThroughputChanges() {
        let client = DynamoDBTestClient()
        _ = Self.create(client, "\(Self.provisioned),\(Self.gsi(#","ProvisionedThroughput":{"ReadCapacityUnits":2,"WriteCapacityUnits":1}"#))")
        client.ok("UpdateTable", #"{"TableName":"hot","GlobalSecondaryIndexUpdates":[{"Update":{"IndexName":"by-g","WarmThroughput":{"ReadUnitsPerSecond":50,"WriteUnitsPerSecond":60}}}]}"#)
        guard case .array(let indexes)? = Self.described(client)?["GlobalSecondaryIndexes"] else { Issue.record("no indexes"); return }
        #expect(indexes.first?["ProvisionedThroughput"]?["ReadCapacityUnits"] == 2)
        #expect(indexes.first?["WarmThroughput"] == Self.warm(50, 60))
    }

    @Test func theDataDirectoryKeepsItThroughSnapshotsAndTheLog() throws {
        let scratch = try TemporaryDirectory("ddb-warm")
        func open(_ threshold: Int) throws -> DynamoDBTestClient {
            DynamoDBTestClient(emulator: try DynamoDBEmulator.persisted(in: scratch, compactionThreshold: threshold))
        }
        do {
            // Log replay: every write stays in the log.
            let client = try open(DataStore.defaultCompactionThreshold)
            _ = Self.create(client, "\(Self.onDemand),\(Self.gsi())")
            client.ok("UpdateTable", #"{"TableName":"hot","WarmThroughput":{"ReadUnitsPerSecond":13000}}"#)
            client.ok("UpdateTable", #"{"TableName":"hot","GlobalSecondaryIndexUpdates":[{"Update":{"IndexName":"by-g","WarmThroughput":{"WriteUnitsPerSecond":4500}}}]}"#)
        }
        do {
            let replayed = try open(1)
            #expect(Self.described(replayed)?["WarmThroughput"] == Self.warm(13_000, 4_000))
            #expect(Self.indexWarm(Self.described(replayed)) == Self.warm(12_000, 4_500))
            // Snapshot: a threshold of one byte snapshots after every write.
            replayed.ok("PutItem", #"{"TableName":"hot","Item":{"p":{"S":"a"},"g":{"S":"b"}}}"#)
        }
        let restored = try open(1)
        #expect(Self.described(restored)?["WarmThroughput"] == Self.warm(13_000, 4_000))
        #expect(Self.indexWarm(Self.described(restored)) == Self.warm(12_000, 4_500))
    }
}
