import Synchronization

/// Derived SigV4 signing keys by secret, date, region and service, so a verifier runs the four-HMAC chain
/// once per key and day instead of on every request it checks (the chain was a third of signature
/// verification in a GetItem profile). Bounded: emptied when it reaches `capacity` entries.
public final class SigningKeyCache: Sendable {
    public static let shared = SigningKeyCache()

    public let capacity: Int
    private let keys = Mutex<[String: HMACKey]>([:])

    public init(capacity: Int = 1024) { self.capacity = capacity }

    /// `SigV4Signer.signingKey(secret:date:region:service:)`, computed and prepared for HMAC once per
    /// distinct input.
    public func key(secret: String, date: String, region: String, service: String) -> HMACKey {
        let id = [date, region, service, secret].joined(separator: "\u{0}")
        if let key = keys.withLock({ $0[id] }) { return key }
        let key = HMACKey(SigV4Signer.signingKey(secret: secret, date: date, region: region, service: service))
        keys.withLock { keys in
            if keys.count >= capacity { keys.removeAll(keepingCapacity: true) }
            keys[id] = key
        }
        return key
    }

    public var count: Int { keys.withLock { $0.count } }
}
