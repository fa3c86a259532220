import DrydockCore
import Foundation
import Testing
@testable import IMDSEmulator

@Suite("role credentials")
struct CredentialTests {
    static let role = "/latest/meta-data/iam/security-credentials/drydock-ops-host"

    @Test("the credentials document has EC2's members, order and formatting")
    func documentShape() throws {
        let harness = try IMDSHarness()
        let response = try harness.get(Self.role)
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"] == "text/plain")
        let json = try JSONValue.parse(response.bodyText)
        #expect(json.objectValue?.map(\.0) == ["Code", "LastUpdated", "Type", "AccessKeyId", "SecretAccessKey", "Token", "Expiration"])
        let key = harness.imds.authority.currentKey()
        let expected = """
            {
              "Code" : "Success",
              "LastUpdated" : "2027-01-15T08:00:00Z",
              "Type" : "AWS-HMAC",
              "AccessKeyId" : "\(key.accessKeyID)",
              "SecretAccessKey" : "\(key.secretAccessKey)",
              "Token" : "\(key.sessionToken)",
              "Expiration" : "2027-01-15T14:00:00Z"
            }
            """
        #expect(response.bodyText == expected)
    }

    @Test("keys look like STS temporary credentials")
    func keyFormats() throws {
        let json = try IMDSHarness().credentials()
        let id = try #require(json["AccessKeyId"]?.stringValue)
        #expect(id.count == 20 && id.hasPrefix("ASIA"))
        #expect(id.dropFirst(4).allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) })
        let secret = try #require(json["SecretAccessKey"]?.stringValue)
        #expect(secret.count == 40)
        let token = try #require(json["Token"]?.stringValue)
        #expect(token.count > 900)
        #expect(token.hasPrefix("IQoJb3JpZ2luX2Vj"))
    }

    @Test("seeded randomness gives the same keys every run, and again after reset")
    func deterministic() throws {
        let first = try IMDSHarness(seed: 99)
        let second = try IMDSHarness(seed: 99)
        let key = first.imds.authority.currentKey()
        #expect(key == second.imds.authority.currentKey())
        first.imds.reset()
        #expect(first.imds.authority.issuedKeys.isEmpty)
        #expect(first.imds.authority.currentKey() == key)
        #expect(try IMDSHarness(seed: 100).imds.authority.currentKey() != key)
    }

    @Test("rotation: same key until 1 h before expiry, then a new one; the old works until it expires")
    func rotationTimeline() throws {
        let harness = try IMDSHarness()
        let authority = harness.imds.authority
        let first = try #require(try harness.credentials()["AccessKeyId"]?.stringValue)
        #expect(authority.secret(forAccessKey: first, now: harness.clock.now())?.isExpired(at: harness.clock.now()) == false)

        harness.clock.advance(seconds: 5 * 3600 - 1)  // one second before the rotation time
        #expect(try harness.credentials()["AccessKeyId"]?.stringValue == first)

        harness.clock.advance(seconds: 1)  // rotation time: a new key, issued now
        let rotated = try harness.credentials()
        let second = try #require(rotated["AccessKeyId"]?.stringValue)
        #expect(second != first)
        #expect(rotated["LastUpdated"]?.stringValue == RFC3339.string(from: harness.clock.now()))
        #expect(rotated["Expiration"]?.stringValue == RFC3339.string(from: harness.clock.now().addingTimeInterval(21_600)))

        // The old key keeps working until its own expiration…
        let old = try #require(authority.secret(forAccessKey: first, now: harness.clock.now()))
        #expect(!old.isExpired(at: harness.clock.now()))
        harness.clock.advance(seconds: 3599)
        #expect(!old.isExpired(at: harness.clock.now()))
        // …and then the authority reports it expired (not unknown).
        harness.clock.advance(seconds: 1)
        let expired = try #require(authority.secret(forAccessKey: first, now: harness.clock.now()))
        #expect(expired.isExpired(at: harness.clock.now()))
        #expect(authority.secret(forAccessKey: second, now: harness.clock.now())?.isExpired(at: harness.clock.now()) == false)
        #expect(try harness.credentials()["AccessKeyId"]?.stringValue == second)
    }

    @Test("secret(forAccessKey:) knows only issued keys")
    func unknownKeys() throws {
        let harness = try IMDSHarness()
        let authority = harness.imds.authority
        #expect(authority.secret(forAccessKey: "ASIAAAAAAAAAAAAAAAAA", now: harness.clock.now()) == nil)
        let key = authority.currentKey()
        let found = try #require(authority.secret(forAccessKey: key.accessKeyID))
        #expect(found.secretAccessKey == key.secretAccessKey)
        #expect(found.sessionToken == key.sessionToken)
        #expect(found.expiration == key.expiration)
        // A key issued after `now` (a clock since reset) is unknown then.
        #expect(authority.secret(forAccessKey: key.accessKeyID, now: key.issuedAt.addingTimeInterval(-1)) == nil)
    }

    @Test("a jump past expiration issues a fresh key")
    func jumpPastExpiry() throws {
        let harness = try IMDSHarness()
        let first = harness.imds.authority.currentKey()
        harness.clock.advance(seconds: 30 * 3600)
        let next = harness.imds.authority.currentKey()
        #expect(next.accessKeyID != first.accessKeyID)
        #expect(next.issuedAt == harness.clock.now())
    }

    @Test("expireIssuedTokens expires the current key; the next request gets a new one")
    func expireIssuedTokens() throws {
        let harness = try IMDSHarness()
        let first = try #require(try harness.credentials()["AccessKeyId"]?.stringValue)
        harness.imds.expireIssuedTokens()
        let now = harness.clock.now()
        #expect(harness.imds.authority.secret(forAccessKey: first, now: now)?.isExpired(at: now) == true)
        let second = try #require(try harness.credentials()["AccessKeyId"]?.stringValue)
        #expect(second != first)
        #expect(harness.imds.authority.secret(forAccessKey: second, now: now)?.isExpired(at: now) == false)
    }

    @Test("rotation settings come from instance.json")
    func customRotation() throws {
        var instance = IMDSInstance.defaults
        instance.credentialLifetime = 3600
        instance.rotationBeforeExpiry = 600
        let harness = try IMDSHarness(instance: instance)
        let first = harness.imds.authority.currentKey()
        #expect(first.expiration == IMDSHarness.start.addingTimeInterval(3600))
        harness.clock.advance(seconds: 2999)
        #expect(harness.imds.authority.currentKey() == first)
        harness.clock.advance(seconds: 1)
        #expect(harness.imds.authority.currentKey() != first)
    }
}
