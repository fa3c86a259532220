import DrydockCore
import DrydockTesting
import EmulatorKit
import Foundation
import Testing
@testable import SecretsManagerEmulator

@Suite("Secrets Manager: --data-dir persistence")
struct PersistenceTests {
    @Test func everyChangeSurvivesARestart() throws {
        let scratch = try TemporaryDirectory("secretsmanager-data")
        let data = scratch.appending("data")
        let clock = VirtualClock(base: ManualClock())
        var arn = ""
        do {
            let client = try SecretsManagerTestClient(dataDirectory: data, clock: clock)
            arn = try #require(client.create("kept", "v1", token: SecretsManagerTestClient.token(1))["ARN"]?.stringValue)
            client.put("kept", "v2", token: SecretsManagerTestClient.token(2))
            _ = client.call("TagResource", ["SecretId": "kept", "Tags": [["Key": "k", "Value": "v"]]])
            client.create("doomed", "x")
            _ = client.call("DeleteSecret", ["SecretId": "doomed", "RecoveryWindowInDays": 7])
            client.create("gone", "y")
            _ = client.call("DeleteSecret", ["SecretId": "gone", "ForceDeleteWithoutRecovery": true])
        }
        let client = try SecretsManagerTestClient(dataDirectory: data, clock: clock)
        #expect(client.get("kept")["SecretString"]?.stringValue == "v2")
        #expect(client.get("kept")["ARN"]?.stringValue == arn)
        #expect(client.stages("kept") == [SecretsManagerTestClient.token(1): ["AWSPREVIOUS"], SecretsManagerTestClient.token(2): ["AWSCURRENT"]])
        #expect(client.call("DescribeSecret", ["SecretId": "kept"])["Tags"] == .array([["Key": "k", "Value": "v"]]))
        #expect(client.error("GetSecretValue", ["SecretId": "doomed"]).type == "InvalidRequestException")
        #expect(client.error("DescribeSecret", ["SecretId": "gone"]).type == "ResourceNotFoundException")
        // The scheduled deletion still happens on the clock after the restart.
        clock.advance(seconds: 7 * 86_400)
        #expect(client.error("DescribeSecret", ["SecretId": "doomed"]).type == "ResourceNotFoundException")
    }

    @Test func aTornLastRecordIsDroppedAndEveryAcknowledgedOneKept() throws {
        let scratch = try TemporaryDirectory("secretsmanager-data")
        let data = scratch.appending("data")
        let clock = VirtualClock(base: ManualClock())
        var second: JSONValue = .null
        do {
            let first = try SecretsManagerTestClient(dataDirectory: data, clock: clock)
            first.create("s", "v1")
            second = first.put("s", "v2")
        }
        // No snapshot was taken after the writes: they are in the log only. A record torn at its end (a
        // write killed mid-append, never acknowledged) is dropped.
        let logs = try FileManager.default.contentsOfDirectory(atPath: data).filter { $0.hasSuffix(".wal") }
        let log = data + "/" + (try #require(logs.max()))
        let handle = try #require(FileHandle(forWritingAtPath: log))
        handle.seekToEndOfFile()
        handle.write(Data("0badc0de {\"region\": \"us-east-1\", \"na".utf8))
        try handle.close()
        let reopened = try SecretsManagerTestClient(dataDirectory: data, clock: clock)
        #expect(reopened.get("s")["VersionId"] == second["VersionId"])
        #expect(reopened.get("s")["SecretString"]?.stringValue == "v2")
    }

    @Test func fixturesSeedANewDirectoryOnly() throws {
        let scratch = try TemporaryDirectory("secretsmanager-data")
        let data = scratch.appending("data")
        let fixtures = ["secretsmanager/us-west-2/drydock-token.json": #"{"Name": "drydock/token", "SecretString": "{\"refresh_token\": \"r\"}"}"#]
        let clock = VirtualClock(base: ManualClock())
        do {
            var client = try SecretsManagerTestClient(fixtures: fixtures, dataDirectory: data, clock: clock)
            client.region = "us-west-2"
            #expect(client.get("drydock/token")["SecretString"]?.stringValue == #"{"refresh_token": "r"}"#)
            _ = client.call("DeleteSecret", ["SecretId": "drydock/token", "ForceDeleteWithoutRecovery": true])
        }
        var client = try SecretsManagerTestClient(fixtures: fixtures, dataDirectory: data, clock: clock)
        client.region = "us-west-2"
        #expect(client.error("GetSecretValue", ["SecretId": "drydock/token"]).type == "ResourceNotFoundException")
        // reset() goes back to the state loaded at start (here: the data directory's, without the secret).
        client.emulator.reset()
        #expect(client.error("GetSecretValue", ["SecretId": "drydock/token"]).type == "ResourceNotFoundException")
    }
}
