import DrydockCrypto
import DrydockCore
import DrydockTesting
@testable import DynamoDBEmulator
import EmulatorKit
import Foundation
import Testing

/// `--data-dir`: snapshots plus a write-ahead log, replayed on open.
@Suite("DynamoDB data directory")
struct DataDirectoryTests {
    /// A data directory and a way to (re)open an emulator on it, as a restart would.
    struct Fixture {
        let scratch: TemporaryDirectory
        var data: String { scratch.appending("data") }
        var fixtures: String { scratch.appending("fixtures") }

        init() throws {
            scratch = try TemporaryDirectory("ddb-data")
            let table = #"""
            {"TableName":"orders","BillingMode":"PAY_PER_REQUEST",
             "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],
             "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],
             "Items":[{"id":{"S":"o-1"},"total":{"N":"12.50"}}]}
            """#
            let path = scratch.appending("fixtures/dynamodb/us-east-1/orders.json")
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try table.write(toFile: path, atomically: true, encoding: .utf8)
        }

        func open(compactionThreshold: Int = DataStore.defaultCompactionThreshold) throws -> DynamoDBEmulator {
            try DynamoDBEmulator(
                fixturesDirectory: fixtures, clock: VirtualClock(), authenticator: AcceptAllAuthenticator(),
                dataDirectory: data, compactionThreshold: compactionThreshold)
        }

        /// One emulator's life: open, put item `id` into orders, close.
        func putAndClose(_ id: String) throws {
            let client = DynamoDBTestClient(emulator: try open())
            client.ok("PutItem", #"{"TableName":"orders","Item":{"id":{"S":"\#(id)"}}}"#)
        }

        func files() -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: data)) ?? []).sorted() }

        func logPath() throws -> String {
            let log = try #require(files().first { $0.hasSuffix(".wal") })
            return (data as NSString).appendingPathComponent(log)
        }
    }

    /// Opening, writing and "restarting" (a new emulator on the same directory, after the old one is gone).
    func restarted(_ fixture: Fixture, _ writes: (DynamoDBTestClient) -> Void) throws -> DynamoDBTestClient {
        do {
            let first = try fixture.open()
            writes(DynamoDBTestClient(emulator: first))
        }
        return DynamoDBTestClient(emulator: try fixture.open())
    }

    @Test func aNewDirectoryStartsFromTheFixturesAndKeepsEveryWriteKind() throws {
        let fixture = try Fixture()
        defer { fixture.scratch.remove() }
        var tableID: JSONValue?
        do {
        let client = try restarted(fixture) { client in
            client.ok("PutItem", #"{"TableName":"orders","Item":{"id":{"S":"o-2"},"tags":{"SS":["a","b"]}}}"#)
            for _ in 0..<3 {
                client.ok("UpdateItem", #"{"TableName":"orders","Key":{"id":{"S":"o-1"}},"UpdateExpression":"ADD visits :one","ExpressionAttributeValues":{":one":{"N":"1"}}}"#)
            }
            client.ok("DeleteItem", #"{"TableName":"orders","Key":{"id":{"S":"o-2"}}}"#)
            client.createTable("crew")
            tableID = client.ok("DescribeTable", #"{"TableName":"crew"}"#)["Table"]?["TableId"]
            client.ok("BatchWriteItem", #"{"RequestItems":{"crew":[{"PutRequest":{"Item":{"pk":{"S":"x"}}}},{"PutRequest":{"Item":{"pk":{"S":"y"}}}}]}}"#)
            client.ok("TransactWriteItems", #"{"TransactItems":[{"Put":{"TableName":"crew","Item":{"pk":{"S":"z"}}}}]}"#)
            client.ok("UpdateTimeToLive", #"{"TableName":"crew","TimeToLiveSpecification":{"Enabled":true,"AttributeName":"expires"}}"#)
            // A failed conditional write changes nothing and must not be replayed as if it had.
            _ = client.error("PutItem", #"{"TableName":"orders","Item":{"id":{"S":"o-1"}},"ConditionExpression":"attribute_not_exists(id)"}"#)
        }
        let item = client.ok("GetItem", #"{"TableName":"orders","Key":{"id":{"S":"o-1"}}}"#)["Item"]
        #expect(item?["visits"] == ["N": "3"])
        #expect(item?["total"] == ["N": "12.5"])
        #expect(client.ok("GetItem", #"{"TableName":"orders","Key":{"id":{"S":"o-2"}}}"#)["Item"] == nil)
        #expect(client.ok("Scan", #"{"TableName":"crew","Select":"COUNT"}"#)["Count"] == 3)
        #expect(client.ok("DescribeTable", #"{"TableName":"crew"}"#)["Table"]?["TableId"] == tableID)
        #expect(client.ok("DescribeTimeToLive", #"{"TableName":"crew"}"#)["TimeToLiveDescription"]?["TimeToLiveStatus"] == "ENABLED")
        }
        // Once the directory has data, the fixtures no longer matter.
        try FileManager.default.removeItem(atPath: fixture.fixtures)
        #expect(DynamoDBTestClient(emulator: try fixture.open()).ok("Scan", #"{"TableName":"crew","Select":"COUNT"}"#)["Count"] == 3)
    }

    @Test func aDeletedTableStaysDeleted() throws {
        let fixture = try Fixture()
        defer { fixture.scratch.remove() }
        let client = try restarted(fixture) { client in client.ok("DeleteTable", #"{"TableName":"orders"}"#) }
        #expect(client.ok("ListTables", "{}")["TableNames"] == [])
    }

    @Test func aTornLastRecordWasNeverAcknowledgedAndIsDropped() throws {
        let fixture = try Fixture()
        defer { fixture.scratch.remove() }
        try fixture.putAndClose("kept")
        // A writer killed mid-append: half a record, no newline.
        let log = try fixture.logPath()
        let handle = try #require(FileHandle(forWritingAtPath: log))
        handle.seekToEndOfFile()
        handle.write(Data(#"0badc0de {"at":1,"region":"us-east-1","action":"PutItem","req"#.utf8))
        handle.closeFile()
        let client = DynamoDBTestClient(emulator: try fixture.open())
        #expect(client.ok("GetItem", #"{"TableName":"orders","Key":{"id":{"S":"kept"}}}"#)["Item"] != nil)
        #expect(client.ok("Scan", #"{"TableName":"orders","Select":"COUNT"}"#)["Count"] == 2)
    }

    @Test func aDamagedRecordFollowedByGoodOnesRefusesToStart() throws {
        let fixture = try Fixture()
        defer { fixture.scratch.remove() }
        do {
            let client = DynamoDBTestClient(emulator: try fixture.open())
            for id in ["a", "b", "c"] { client.ok("PutItem", #"{"TableName":"orders","Item":{"id":{"S":"\#(id)"}}}"#) }
        }
        let log = try fixture.logPath()
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: log)))
        let secondLine = try #require(bytes.firstIndex(of: UInt8(ascii: "\n"))) + 1
        bytes[secondLine + 40] ^= 0x20  // flip a bit inside record 2
        try Data(bytes).write(to: URL(fileURLWithPath: log))
        #expect {
            _ = try fixture.open()
        } throws: { error in
            let text = "\(error)"
            return text.contains(log) && text.contains("record 2 at byte \(secondLine)") && text.contains("checksum mismatch")
        }
    }

    @Test func aRecordThatNoLongerAppliesNamesItself() throws {
        let fixture = try Fixture()
        defer { fixture.scratch.remove() }
        _ = try fixture.open()
        let log = try fixture.logPath()
        let json = #"{"at":1,"region":"us-east-1","action":"PutItem","request":{"TableName":"missing","Item":{"id":{"S":"x"}}}}"#
        let crc = String(CRC32.checksum(Array(json.utf8)), radix: 16)
        try Data((String(repeating: "0", count: 8 - crc.count) + crc + " " + json + "\n").utf8).write(to: URL(fileURLWithPath: log))
        #expect {
            _ = try fixture.open()
        } throws: { error in
            "\(error)" == "data directory \(log): record 1: PutItem no longer applies: ResourceNotFoundException: Requested resource not found"
        }
    }

    @Test func theLogIsCompactedIntoANewSnapshot() throws {
        let fixture = try Fixture()
        defer { fixture.scratch.remove() }
        do {
            let client = DynamoDBTestClient(emulator: try fixture.open(compactionThreshold: 2_000))
            for index in 0..<40 {
                client.ok("PutItem", #"{"TableName":"orders","Item":{"id":{"S":"item-\#(index)"},"pad":{"S":"\#(String(repeating: "x", count: 50))"}}}"#)
            }
        }
        let files = fixture.files()
        // One generation left (older ones removed), its log under the threshold plus one record.
        #expect(files.filter { $0.hasPrefix("generation-") && !$0.hasSuffix(".wal") }.count == 1)
        #expect(try #require(files.first { $0.hasSuffix(".wal") }) > "generation-000002.wal")
        let size = try #require(try FileManager.default.attributesOfItem(atPath: fixture.logPath())[.size] as? Int)
        #expect(size < 2_300)
        #expect(DynamoDBTestClient(emulator: try fixture.open()).ok("Scan", #"{"TableName":"orders","Select":"COUNT"}"#)["Count"] == 41)
    }

    @Test func resetReturnsToTheStartingStateAndPersistsIt() throws {
        let fixture = try Fixture()
        defer { fixture.scratch.remove() }
        do {
        let client = try restarted(fixture) { client in
            client.ok("PutItem", #"{"TableName":"orders","Item":{"id":{"S":"before-start"}}}"#)
        }
        client.ok("PutItem", #"{"TableName":"orders","Item":{"id":{"S":"after-start"}}}"#)
        client.emulator.reset()
        #expect(client.ok("Scan", #"{"TableName":"orders","Select":"COUNT"}"#)["Count"] == 2)
        }
        let reopened = DynamoDBTestClient(emulator: try fixture.open())
        #expect(reopened.ok("GetItem", #"{"TableName":"orders","Key":{"id":{"S":"after-start"}}}"#)["Item"] == nil)
        #expect(reopened.ok("GetItem", #"{"TableName":"orders","Key":{"id":{"S":"before-start"}}}"#)["Item"] != nil)
    }

    @Test func oneDirectoryServesOneEmulator() throws {
        let fixture = try Fixture()
        defer { fixture.scratch.remove() }
        let first = try fixture.open()
        #expect {
            _ = try fixture.open()
        } throws: { error in
            "\(error)" == "data directory \(fixture.data): is in use by another drydock emulator (its lock file is held)"
        }
        _ = first
    }

    @Test func aHalfWrittenSnapshotIsIgnored() throws {
        let fixture = try Fixture()
        defer { fixture.scratch.remove() }
        try fixture.putAndClose("kept")
        // A crash while writing the next snapshot leaves a .tmp directory with garbage in it.
        let torn = fixture.data + "/generation-000099.tmp/dynamodb/us-east-1"
        try FileManager.default.createDirectory(atPath: torn, withIntermediateDirectories: true)
        try "{\"TableName\":".write(toFile: torn + "/orders.json", atomically: true, encoding: .utf8)
        let client = DynamoDBTestClient(emulator: try fixture.open())
        #expect(client.ok("GetItem", #"{"TableName":"orders","Key":{"id":{"S":"kept"}}}"#)["Item"] != nil)
        #expect(!fixture.files().contains("generation-000099.tmp"))
    }
}

/// A log written while requests could name a region with an empty hyphen part (`us--east-1`, admitted
/// before `AWSJSONRequest.isRegionName` refused it) still replays.
@Suite struct LegacyRegionLogTests {
    @Test func aLoggedRegionWithEmptyHyphenPartsStillReplays() throws {
        let fixture = try DataDirectoryTests.Fixture()
        do {
            let client = DynamoDBTestClient(emulator: try fixture.open())
            client.ok("CreateTable", #"{"TableName":"legacy","BillingMode":"PAY_PER_REQUEST","AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],"KeySchema":[{"AttributeName":"id","KeyType":"HASH"}]}"#)
            client.ok("PutItem", #"{"TableName":"legacy","Item":{"id":{"S":"kept"}}}"#)
        }
        // Rewrite the log as the earlier build would have written it for a client signing `us--east-1`.
        let name = (try fixture.logPath() as NSString).lastPathComponent
        do {
            let directory = try DataDirectory(path: fixture.data)
            let (records, _) = try WriteAheadLog.read(name: name, in: directory)
            #expect(records.count >= 2)
            try FileManager.default.removeItem(atPath: try fixture.logPath())
            let log = try WriteAheadLog(name: name, in: directory, validSize: 0)
            for record in records {
                guard case .object(let members) = record else { continue }
                try log.append(.object(members.map { $0.0 == "region" ? ($0.0, .string("us--east-1")) : $0 }))
            }
        }
        let emulator = try fixture.open()
        #expect(emulator.state.withLock { $0.regions["us--east-1"]?.tables["legacy"] != nil })
    }
}
