import DrydockCore
import Foundation
import Testing
@testable import SecretsManagerEmulator

@Suite("Secrets Manager: staging labels and ClientRequestToken idempotency")
struct StageTests {
    typealias Client = SecretsManagerTestClient

    @Test func putMovesCurrentAndPrevious() throws {
        let client = try Client()
        client.create("s", "v1", token: Client.token(1))
        let put = client.put("s", "v2", token: Client.token(2))
        #expect(put["VersionId"]?.stringValue == Client.token(2))
        #expect(put["VersionStages"] == .array(["AWSCURRENT"]))
        client.put("s", "v3", token: Client.token(3))
        // v1 lost its last label: deprecated, kept, listed only with IncludeDeprecated.
        #expect(client.stages("s") == [Client.token(1): [], Client.token(2): ["AWSPREVIOUS"], Client.token(3): ["AWSCURRENT"]])
        let labelled = client.call("ListSecretVersionIds", ["SecretId": "s"])["Versions"]?.arrayValue?.compactMap { $0["VersionId"]?.stringValue }
        #expect(labelled == [Client.token(3), Client.token(2)])
        #expect(client.get("s", version: Client.token(1))["SecretString"]?.stringValue == "v1")
    }

    @Test func pendingVersionThenPromotion() throws {
        let client = try Client()
        client.create("s", "v1", token: Client.token(1))
        let pending = client.put("s", "v2", token: Client.token(2), stages: ["AWSPENDING"])
        #expect(pending["VersionStages"] == .array(["AWSPENDING"]))
        #expect(client.get("s")["SecretString"]?.stringValue == "v1")
        // AWSCURRENT elsewhere must be named in RemoveFromVersionId.
        let refused = client.error("UpdateSecretVersionStage", ["SecretId": "s", "VersionStage": "AWSCURRENT", "MoveToVersionId": .string(Client.token(2))])
        #expect(refused == (400, "InvalidParameterException",
            "The parameter RemoveFromVersionId can't be empty. Staging label AWSCURRENT is currently attached to version \(Client.token(1)), so you must explicitly reference that version in RemoveFromVersionId."))
        let moved = client.call("UpdateSecretVersionStage", [
            "SecretId": "s", "VersionStage": "AWSCURRENT", "MoveToVersionId": .string(Client.token(2)), "RemoveFromVersionId": .string(Client.token(1)),
        ])
        #expect(moved["Name"]?.stringValue == "s")
        #expect(client.stages("s") == [Client.token(1): ["AWSPREVIOUS"], Client.token(2): ["AWSPENDING", "AWSCURRENT"]])
        // Remove AWSPENDING without moving it.
        _ = client.call("UpdateSecretVersionStage", ["SecretId": "s", "VersionStage": "AWSPENDING", "RemoveFromVersionId": .string(Client.token(2))])
        #expect(client.stages("s") == [Client.token(1): ["AWSPREVIOUS"], Client.token(2): ["AWSCURRENT"]])
    }

    @Test func updateSecretVersionStageErrors() throws {
        let client = try Client()
        client.create("s", "v1", token: Client.token(1))
        client.put("s", "v2", token: Client.token(2))
        let unknown = client.error("UpdateSecretVersionStage", ["SecretId": "s", "VersionStage": "X", "MoveToVersionId": .string(Client.token(7))])
        #expect(unknown == (400, "InvalidParameterException", "Not a valid version: \(Client.token(7))"))
        let wrongHolder = client.error("UpdateSecretVersionStage", [
            "SecretId": "s", "VersionStage": "AWSCURRENT", "MoveToVersionId": .string(Client.token(1)), "RemoveFromVersionId": .string(Client.token(1)),
        ])
        #expect(wrongHolder.type == "InvalidParameterException")
        let orphan = client.error("UpdateSecretVersionStage", ["SecretId": "s", "VersionStage": "AWSCURRENT", "RemoveFromVersionId": .string(Client.token(2))])
        #expect(orphan.type == "InvalidParameterException")
        #expect(client.error("UpdateSecretVersionStage", ["SecretId": "s"]).type == "ValidationException")
        #expect(client.stages("s") == [Client.token(1): ["AWSPREVIOUS"], Client.token(2): ["AWSCURRENT"]])
        // A custom label moves freely when not attached elsewhere.
        _ = client.call("UpdateSecretVersionStage", ["SecretId": "s", "VersionStage": "blue", "MoveToVersionId": .string(Client.token(1))])
        #expect(client.stages("s")[Client.token(1)] == ["AWSPREVIOUS", "blue"])
    }

    @Test func customStagesAndFirstVersionGetsCurrent() throws {
        let client = try Client()
        client.create("s")
        let first = client.put("s", "v1", token: Client.token(1), stages: ["blue"])
        #expect(first["VersionStages"] == .array(["blue", "AWSCURRENT"]))
        client.put("s", "v2", token: Client.token(2), stages: ["blue"])
        #expect(client.stages("s") == [Client.token(1): ["AWSCURRENT"], Client.token(2): ["blue"]])
    }

    @Test func clientRequestTokenIdempotency() throws {
        let client = try Client()
        client.create("s", "v1", token: Client.token(1))
        let first = client.put("s", "v2", token: Client.token(2))
        let again = client.put("s", "v2", token: Client.token(2))
        #expect(again == first)
        #expect(client.stages("s").count == 2)
        let conflict = client.error("PutSecretValue", ["SecretId": "s", "SecretString": "other", "ClientRequestToken": .string(Client.token(2))])
        #expect(conflict.type == "ResourceExistsException")
        #expect(conflict.message.hasPrefix("You can't use ClientRequestToken \(Client.token(2)) because that value is already in use for a version of secret arn:aws:secretsmanager:us-east-1:123456789012:secret:s-"))
        #expect(!conflict.message.contains("other"))
        // CreateSecret retried with its token answers as the first call did.
        #expect(client.create("s", "v1", token: Client.token(1))["VersionId"]?.stringValue == Client.token(1))
        #expect(client.error("PutSecretValue", ["SecretId": "s"]).type == "InvalidParameterException")
    }

    @Test func deprecatedVersionsArePrunedPast100OnlyWhenOlderThanADay() throws {
        let client = try Client()
        client.create("s", "v0", token: Client.token(0))
        for n in 1...99 { client.put("s", "v\(n)", token: Client.token(n)) }
        // 100 versions, all created now: none may go, so a 101st is refused.
        #expect(client.stages("s").count == 100)
        let refused = client.error("PutSecretValue", ["SecretId": "s", "SecretString": "late", "ClientRequestToken": .string(Client.token(500))])
        #expect(refused.type == "LimitExceededException")
        client.clock.advance(seconds: 86_401)
        client.put("s", "v100", token: Client.token(100))
        let stages = client.stages("s")
        #expect(stages.count == 100)
        #expect(stages[Client.token(0)] == nil && stages[Client.token(1)] == [])
        #expect(stages[Client.token(100)] == ["AWSCURRENT"] && stages[Client.token(99)] == ["AWSPREVIOUS"])
    }
}
