import DrydockCore
import DrydockTesting
@testable import DynamoDBEmulator
import EmulatorKit
import Foundation
import Testing

/// `--data-dir` keeps what PartiQL writes, tags and the point-in-time-recovery setting across a restart
/// (the write-ahead log replays them; a snapshot carries them as `"Tags"` and
/// `"PointInTimeRecoverySpecification"`).
@Suite("DynamoDB data directory: PartiQL writes, tags, point-in-time recovery")
struct PartiQLPersistenceTests {
    static let arn = "arn:aws:dynamodb:us-east-1:123456789012:table/orders"

    func settings(_ client: DynamoDBTestClient) -> (tags: JSONValue?, recovery: JSONValue?) {
        let tags = client.ok("ListTagsOfResource", #"{"ResourceArn":"\#(Self.arn)"}"#)["Tags"]
        let backups = client.ok("DescribeContinuousBackups", #"{"TableName":"orders"}"#)
        return (tags, backups["ContinuousBackupsDescription"]?["PointInTimeRecoveryDescription"]?["RecoveryPeriodInDays"])
    }

    func change(_ client: DynamoDBTestClient) {
        client.ok("TagResource", #"{"ResourceArn":"\#(Self.arn)","Tags":[{"Key":"env","Value":"prod"},{"Key":"team","Value":"ops"}]}"#)
        client.ok("UntagResource", #"{"ResourceArn":"\#(Self.arn)","TagKeys":["team"]}"#)
        client.ok("UpdateContinuousBackups", #"{"TableName":"orders","PointInTimeRecoverySpecification":{"PointInTimeRecoveryEnabled":true,"RecoveryPeriodInDays":7}}"#)
        client.ok("ExecuteStatement", #"{"Statement":"INSERT INTO orders VALUE {'id': 'p-1', 'total': 3}"}"#)
        client.ok("ExecuteStatement", #"{"Statement":"UPDATE orders SET total = total + 1 WHERE id = 'p-1'"}"#)
        client.ok("ExecuteStatement", #"{"Statement":"SELECT * FROM orders"}"#)
        client.ok("BatchExecuteStatement", #"{"Statements":[{"Statement":"INSERT INTO orders VALUE {'id': 'p-2'}"},{"Statement":"DELETE FROM orders WHERE id = 'o-1'"}]}"#)
        client.ok("ExecuteTransaction", #"{"TransactStatements":[{"Statement":"INSERT INTO orders VALUE {'id': 'p-3'}"}]}"#)
    }

    func expectChanged(_ client: DynamoDBTestClient, sourceLocation: SourceLocation = #_sourceLocation) {
        let (tags, days) = settings(client)
        #expect(tags == [["Key": "env", "Value": "prod"]], sourceLocation: sourceLocation)
        #expect(days == 7, sourceLocation: sourceLocation)
        let items = client.ok("ExecuteStatement", #"{"Statement":"SELECT id, total FROM orders"}"#)["Items"]
        #expect(items == [["id": ["S": "p-1"], "total": ["N": "4"]], ["id": ["S": "p-2"]], ["id": ["S": "p-3"]]], sourceLocation: sourceLocation)
    }

    @Test func theLogReplaysThemAfterARestart() throws {
        let fixture = try DataDirectoryTests.Fixture()
        do { change(DynamoDBTestClient(emulator: try fixture.open())) }
        expectChanged(DynamoDBTestClient(emulator: try fixture.open()))
        // Only writes are logged: the SELECT left no record.
        let log = try String(contentsOfFile: try fixture.logPath(), encoding: .utf8)
        #expect(!log.contains("SELECT"))
    }

    @Test func aSnapshotKeepsThem() throws {
        let fixture = try DataDirectoryTests.Fixture()
        // A threshold of 1 byte snapshots after every logged write, so the state comes back from the
        // snapshot's table file rather than from the log.
        do { change(DynamoDBTestClient(emulator: try fixture.open(compactionThreshold: 1))) }
        let log = try fixture.logPath()
        #expect(((try? FileManager.default.attributesOfItem(atPath: log)[.size] as? Int) ?? -1) == 0)
        expectChanged(DynamoDBTestClient(emulator: try fixture.open()))
    }

    /// A repeat answered from the token cache changed nothing, so it is not logged: were it logged and a
    /// snapshot taken between it and the first request, a restart would apply it again.
    @Test func aRepeatedClientRequestTokenIsNotLogged() throws {
        let fixture = try DataDirectoryTests.Fixture()
        let bump = #"{"ClientRequestToken":"t-1","TransactStatements":[{"Statement":"UPDATE orders SET total = total + 1 WHERE id = 'o-1'"}]}"#
        do {
            let client = DynamoDBTestClient(emulator: try fixture.open())
            client.ok("ExecuteTransaction", bump)
            client.ok("ExecuteTransaction", bump)
        }
        let log = try String(contentsOfFile: try fixture.logPath(), encoding: .utf8)
        #expect(log.components(separatedBy: "\"ExecuteTransaction\"").count - 1 == 1)
        let client = DynamoDBTestClient(emulator: try fixture.open())
        #expect(client.ok("GetItem", #"{"TableName":"orders","Key":{"id":{"S":"o-1"}}}"#)["Item"]?["total"] == ["N": "13.5"])
    }

    @Test func turningRecoveryOffAndRemovingTagsIsKeptToo() throws {
        let fixture = try DataDirectoryTests.Fixture()
        do {
            let client = DynamoDBTestClient(emulator: try fixture.open())
            change(client)
            client.ok("UntagResource", #"{"ResourceArn":"\#(Self.arn)","TagKeys":["env"]}"#)
            client.ok("UpdateContinuousBackups", #"{"TableName":"orders","PointInTimeRecoverySpecification":{"PointInTimeRecoveryEnabled":false}}"#)
        }
        let (tags, days) = settings(DynamoDBTestClient(emulator: try fixture.open()))
        #expect(tags == [])
        #expect(days == nil)
    }
}
