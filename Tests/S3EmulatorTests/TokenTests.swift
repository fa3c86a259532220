import DrydockCrypto
import DrydockHTTP
import EmulatorKit
import Foundation
import IMDSEmulator
@testable import S3Emulator
import Testing

/// IMDS-issued keys through `AWSRequestKeys.lookup`: S3 answers an expired key's token with
/// ExpiredToken, a token that is not the key's with InvalidToken (both 400, before the signature is
/// checked) and a key nobody issued with InvalidAccessKeyId (403).
@Suite("S3 temporary credentials", .timeLimit(.minutes(1)))
struct TokenTests {
    /// An emulator accepting only what `authority` issues, and a client signing with `credentials`.
    static func client(_ authority: IMDSCredentialAuthority, clock: S3TestClock, credentials: AWSCredentials) -> S3TestClient {
        let emulator = S3Emulator(
            clock: clock, keys: AWSRequestKeys(staticKeys: [:], authority: authority),
            buckets: ["backups": S3Bucket(name: "backups", region: "us-east-1", creationDate: S3TestClient.now)])
        var client = S3TestClient(emulator: emulator)
        client.credentials = credentials
        return client
    }

    static func credentials(_ key: IssuedKey, sessionToken: String? = nil) -> AWSCredentials {
        AWSCredentials(accessKeyID: key.accessKeyID, secretAccessKey: key.secretAccessKey, sessionToken: sessionToken ?? key.sessionToken)
    }

    static func authority(_ clock: S3TestClock) -> IMDSCredentialAuthority {
        IMDSCredentialAuthority(clock: VirtualClock(base: clock), random: .seeded(16))
    }

    @Test func anIssuedKeyWorksUntilItExpires() {
        let clock = S3TestClock(S3TestClient.now)
        let authority = Self.authority(clock)
        let key = authority.currentKey(now: clock.now())
        let client = Self.client(authority, clock: clock, credentials: Self.credentials(key))
        #expect(client.put("/backups/a.txt", "fresh").status == 200)

        clock.advance(key.expiration.timeIntervalSince(clock.now()) + 1)
        let response = client.put("/backups/a.txt", "stale")
        #expect(response.status == 400)
        #expect(S3TestClient.error(response) == ("ExpiredToken", "The provided token has expired."))
    }

    @Test func anExpiredIssuedKeyIsExpiredToken() {
        let clock = S3TestClock(S3TestClient.now)
        let authority = Self.authority(clock)
        let expired = authority.issueExpiredKey(now: clock.now())
        let response = Self.client(authority, clock: clock, credentials: Self.credentials(expired)).send("GET", "/backups/a.txt")
        #expect(response.status == 400)
        #expect(S3TestClient.error(response) == ("ExpiredToken", "The provided token has expired."))
        #expect(response.headers["x-amz-request-id"] != nil)
    }

    @Test(arguments: ["another-session-token", ""])
    func aTokenThatIsNotTheKeysIsInvalidToken(_ token: String) {
        let clock = S3TestClock(S3TestClient.now)
        let authority = Self.authority(clock)
        let key = authority.currentKey(now: clock.now())
        let client = Self.client(authority, clock: clock, credentials: Self.credentials(key, sessionToken: token))
        let response = client.send("GET", "/backups/a.txt")
        #expect(response.status == 400)
        #expect(S3TestClient.error(response) == ("InvalidToken", "The provided token is malformed or otherwise invalid."))
    }

    @Test func anIssuedKeyWithoutItsTokenIsInvalidToken() {
        let clock = S3TestClock(S3TestClient.now)
        let authority = Self.authority(clock)
        let key = authority.currentKey(now: clock.now())
        let client = Self.client(authority, clock: clock, credentials: AWSCredentials(accessKeyID: key.accessKeyID, secretAccessKey: key.secretAccessKey))
        let response = client.send("GET", "/backups/a.txt")
        #expect(response.status == 400)
        #expect(S3TestClient.error(response) == ("InvalidToken", "The provided token is malformed or otherwise invalid."))
    }

    @Test func aKeyNobodyIssuedIsInvalidAccessKeyId() {
        let clock = S3TestClock(S3TestClient.now)
        let authority = Self.authority(clock)
        let client = Self.client(
            authority, clock: clock,
            credentials: AWSCredentials(accessKeyID: "ASIANOTISSUED0000000", secretAccessKey: "x", sessionToken: "token"))
        let response = client.send("GET", "/backups/a.txt")
        #expect(response.status == 403)
        #expect(S3TestClient.error(response) == ("InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records."))
        #expect(S3TestClient.xml(response).childText("AWSAccessKeyId") == "ASIANOTISSUED0000000")
    }
}
