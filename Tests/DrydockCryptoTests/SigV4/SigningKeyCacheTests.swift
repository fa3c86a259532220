@testable import DrydockCrypto
import Testing

/// The verifier's cache of derived signing keys signs as the HMAC chain's key does, keeps one entry per
/// distinct input, and empties itself at its capacity.
@Suite struct SigningKeyCacheTests {
    @Test func cachedKeysEqualTheChainAndStayBounded() {
        let cache = SigningKeyCache(capacity: 3)
        let key = SigV4Signer.signingKey(secret: "s", date: "20261205", region: "us-east-1", service: "dynamodb")
        let direct = HMAC.sha256(key: key, message: "string to sign")
        #expect(cache.key(secret: "s", date: "20261205", region: "us-east-1", service: "dynamodb").sha256("string to sign") == direct)
        #expect(cache.key(secret: "s", date: "20261205", region: "us-east-1", service: "dynamodb").sha256("string to sign") == direct)
        #expect(cache.count == 1)
        #expect(cache.key(secret: "t", date: "20261205", region: "us-east-1", service: "dynamodb").sha256("string to sign") != direct)
        _ = cache.key(secret: "s", date: "20261206", region: "us-east-1", service: "dynamodb")
        #expect(cache.count == 3)
        _ = cache.key(secret: "s", date: "20261205", region: "us-west-2", service: "dynamodb")
        #expect(cache.count == 1, "emptied at capacity, then the new key")
    }
}
