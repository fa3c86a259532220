import DrydockCore
import Foundation
import Testing
@testable import SecretsManagerEmulator

@Suite("Secrets Manager: DeleteSecret, the recovery window on the virtual clock, RestoreSecret")
struct DeletionTests {
    @Test func scheduledDeletionRefusesUseUntilRestored() throws {
        let client = try SecretsManagerTestClient()
        client.create("s", "v")
        let now = client.clock.now().timeIntervalSince1970
        let deleted = client.call("DeleteSecret", ["SecretId": "s", "RecoveryWindowInDays": 7])
        #expect(deleted["DeletionDate"]?.doubleValue == now + 7 * 86_400)
        let refused = client.error("GetSecretValue", ["SecretId": "s"])
        #expect(refused == (400, "InvalidRequestException", "You can't perform this operation on the secret because it was marked for deletion."))
        #expect(client.error("PutSecretValue", ["SecretId": "s", "SecretString": "w"]).type == "InvalidRequestException")
        #expect(client.error("DeleteSecret", ["SecretId": "s"]).type == "InvalidRequestException")
        #expect(client.call("DescribeSecret", ["SecretId": "s"])["DeletedDate"]?.doubleValue == now)
        #expect(client.error("CreateSecret", ["Name": "s", "SecretString": "x"])
            == (400, "InvalidRequestException", "You can't create this secret because a secret with this name is already scheduled for deletion."))
        #expect(client.call("ListSecrets", [:])["SecretList"]?.arrayValue?.isEmpty == true)
        #expect(client.call("ListSecrets", ["IncludePlannedDeletion": true])["SecretList"]?.arrayValue?.count == 1)
        _ = client.call("RestoreSecret", ["SecretId": "s"])
        #expect(client.get("s")["SecretString"]?.stringValue == "v")
        #expect(client.call("DescribeSecret", ["SecretId": "s"])["DeletedDate"] == nil)
    }

    @Test(.timeLimit(.minutes(1))) func purgedWhenTheWindowPasses() throws {
        let client = try SecretsManagerTestClient()
        client.create("s", "v")
        _ = client.call("DeleteSecret", ["SecretId": "s"])
        client.clock.advance(seconds: 30 * 86_400 - 1)
        #expect(client.error("GetSecretValue", ["SecretId": "s"]).type == "InvalidRequestException")
        client.clock.advance(seconds: 1)
        #expect(client.error("GetSecretValue", ["SecretId": "s"]).type == "ResourceNotFoundException")
        #expect(client.error("RestoreSecret", ["SecretId": "s"]).type == "ResourceNotFoundException")
        // The name is free again.
        #expect(client.create("s", "new")["ARN"] != nil)
    }

    @Test func dueWorkPurgesWithoutARequest() throws {
        let client = try SecretsManagerTestClient()
        client.create("s", "v")
        _ = client.call("DeleteSecret", ["SecretId": "s", "RecoveryWindowInDays": 10])
        client.clock.advance(seconds: 10 * 86_400)
        let work = client.emulator.performDueWork(now: client.clock.now())
        #expect(work.map(\.path) == ["/us-east-1/s"])
        #expect(client.emulator.secretString(name: "s") == nil)
    }

    @Test func deleteSecretParameterErrors() throws {
        let client = try SecretsManagerTestClient()
        client.create("s", "v")
        #expect(client.error("DeleteSecret", ["SecretId": "s", "RecoveryWindowInDays": 7, "ForceDeleteWithoutRecovery": true])
            == (400, "InvalidParameterException", "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays."))
        for days in [6, 31, -1] {
            #expect(client.error("DeleteSecret", ["SecretId": "s", "RecoveryWindowInDays": .number(days)])
                == (400, "InvalidParameterException", "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive)."))
        }
        #expect(client.error("DeleteSecret", ["SecretId": "missing"]).type == "ResourceNotFoundException")
        #expect(client.error("DeleteSecret", ["SecretId": "s", "RecoveryWindowInDays": .number("1e30")]).type == "SerializationException")
    }

    @Test func forceDeleteIsImmediateEvenWhenScheduled() throws {
        let client = try SecretsManagerTestClient()
        client.create("s", "v")
        _ = client.call("DeleteSecret", ["SecretId": "s"])
        let forced = client.call("DeleteSecret", ["SecretId": "s", "ForceDeleteWithoutRecovery": true])
        #expect(forced["DeletionDate"]?.doubleValue == client.clock.now().timeIntervalSince1970)
        #expect(client.error("DescribeSecret", ["SecretId": "s"]).type == "ResourceNotFoundException")
        #expect(client.call("DeleteSecret", ["SecretId": "never-was", "ForceDeleteWithoutRecovery": true])["Name"]?.stringValue == "never-was")
    }
}
