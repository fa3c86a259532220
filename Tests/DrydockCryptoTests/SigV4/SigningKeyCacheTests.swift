@testable import DrydockCrypto
import Testing

/// The verifier's cache of derived signing keys gives the same key as the HMAC chain, keeps one entry per
/// distinct input, and empties itself at its capacity.
@Suite struct SigningKeyCacheTests {
    @Test func cachedKeysEqualTheChainAndStayBounded() {
        let cache = SigningKeyCache(capacity: 3)
        let direct = SigV4Signer.signingKey(secret: "s", date: "20261205", region: "us-east-1", service: "dynamodb")
        #expect(cache.key(secret: "s", date: "20261205", region: "us-east-1", service: "dynamodb") == direct)
        #expect(cache.key(secret: "s", date: "20261205", region: "us-east-1", service: "dynamodb") == direct)
        #expect(cache.count == 1)
        #expect(cache.key(secret: "t", date: "20261205", region: "us-east-1", service: "dynamodb") != direct)
        _ = cache.key(secret: "s", date: "20261206", region: "us-east-1", service: "dynamodb")
        #expect(cache.count == 3)
        _ = cache.key(secret: "s", date: "20261205", region: "us-west-2", service: "dynamodb")
        #expect(cache.count == 1, "emptied at capacity, then the new key")
    }
}
