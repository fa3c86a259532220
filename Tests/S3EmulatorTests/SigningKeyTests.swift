import DrydockCrypto
import DrydockHTTP
import EmulatorKit
import Foundation
import IMDSEmulator
@testable import S3Emulator
import Testing

/// S3's verifier derives signing keys through `SigningKeyCache`, as the DynamoDB emulator's does: the
/// four-HMAC chain runs once per secret, day, region and service, and the prepared key also continues
/// the chunk-signature chain of aws-chunked bodies.
@Suite("S3 signing keys", .timeLimit(.minutes(1)))
struct SigningKeyTests {
    @Test func oneDerivedKeyServesEveryRequestOfItsDayAndRegion() {
        let cache = SigningKeyCache(capacity: 8)
        let emulator = S3Emulator(
            clock: S3TestClock(S3TestClient.now),
            keys: AWSRequestKeys(staticKeys: [S3TestClient.credentials.accessKeyID: S3TestClient.credentials.secretAccessKey], authority: nil),
            buckets: [:], signingKeys: cache)
        var client = S3TestClient(emulator: emulator)
        client.createBucket("manifests")
        #expect(client.put("/manifests/a", "one").status == 200)
        #expect(client.send("GET", "/manifests/a").bodyText == "one")
        let streamed = emulator.handle(IntegrityTests.streamingRequest(client, chunks: [Array("signed ".utf8), Array("chunks".utf8)]))
        #expect(streamed.status == 200, "\(streamed.bodyText)")
        #expect(client.send("GET", "/manifests/streamed").bodyText == "signed chunks")
        #expect(cache.count == 1)
        client.region = "eu-west-1"
        #expect(client.send("GET", "/").status == 200)
        #expect(cache.count == 2)
        // A wrong secret still fails: the cache is keyed by the secret, not only the access key.
        client.credentials = AWSCredentials(accessKeyID: S3TestClient.credentials.accessKeyID, secretAccessKey: "not-the-secret")
        #expect(S3TestClient.error(client.send("GET", "/")).code == "SignatureDoesNotMatch")
    }
}
