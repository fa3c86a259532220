import EmulatorKit
import Foundation
import Synchronization

/// The instance role's temporary credentials, shared between the IMDS emulator (which hands them out at
/// `iam/security-credentials/<role>`) and the DynamoDB emulator (which accepts exactly the keys handed
/// out and not yet expired).
///
/// Rotation follows EC2: a key set lives `lifetime` seconds, and from `rotationBeforeExpiry` seconds
/// before its expiration the service hands out a new one while the old keeps working until it expires.
/// Keys are issued lazily, on the first request at or after the rotation time, reading the shared
/// `VirtualClock`, so advancing the clock walks through the timeline without waiting.
public final class IMDSCredentialAuthority: Sendable {
    public let clock: VirtualClock
    /// Seconds each key set is valid.
    public let lifetime: TimeInterval
    /// Seconds before expiration at which the next key set is issued.
    public let rotationBeforeExpiry: TimeInterval
    let random: IMDSRandom
    private let state = Mutex(State())

    private struct State {
        /// Every key issued since load or the last reset, oldest first.
        var keys: [IssuedKey] = []
        var indexByID: [String: Int] = [:]
        /// The key `iam/security-credentials/<role>` currently serves.
        var current: Int?

        mutating func append(_ key: IssuedKey) -> Int {
            keys.append(key)
            indexByID[key.accessKeyID] = keys.count - 1
            return keys.count - 1
        }
    }

    public init(clock: VirtualClock, lifetime: TimeInterval = 21_600, rotationBeforeExpiry: TimeInterval = 3_600, random: IMDSRandom = .system()) {
        precondition(lifetime > 0 && rotationBeforeExpiry >= 0 && rotationBeforeExpiry < lifetime,
                     "IMDSCredentialAuthority: rotationBeforeExpiry must be in 0..<lifetime")
        self.clock = clock
        self.lifetime = lifetime
        self.rotationBeforeExpiry = rotationBeforeExpiry
        self.random = random
    }

    /// The key set served now: the current one until its rotation time, then a newly issued one.
    public func currentKey() -> IssuedKey { currentKey(now: clock.now()) }

    /// The key set served at `now` (issuing one when there is none or the current one is due to rotate).
    public func currentKey(now: Date) -> IssuedKey {
        state.withLock { state in
            if let index = state.current {
                let key = state.keys[index]
                if now < key.expiration.addingTimeInterval(-rotationBeforeExpiry), !key.isExpired(at: now) { return key }
            }
            let key = IssuedKey.generate(random, issuedAt: now, expiration: now.addingTimeInterval(lifetime))
            state.current = state.append(key)
            return key
        }
    }

    /// The key issued under `accessKey` — its secret, session token and expiration — or nil when this
    /// authority never issued it (or issued it only after `now`, on a clock since reset). Expired keys
    /// are returned too: the caller tells "unknown" from "expired" with `IssuedKey.isExpired(at:)`.
    public func secret(forAccessKey accessKey: String, now: Date) -> IssuedKey? {
        state.withLock { state in
            guard let index = state.indexByID[accessKey] else { return nil }
            let key = state.keys[index]
            return key.issuedAt <= now ? key : nil
        }
    }

    /// `secret(forAccessKey:now:)` at the clock's current time.
    public func secret(forAccessKey accessKey: String) -> IssuedKey? { secret(forAccessKey: accessKey, now: clock.now()) }

    /// A new key set whose expiration is already past (issued `lifetime` ago, expired a minute ago), for
    /// the `expired-credentials` fault. Remembered, so services reject it as expired rather than unknown;
    /// the current key is unchanged.
    public func issueExpiredKey(now: Date) -> IssuedKey {
        let key = IssuedKey.generate(random, issuedAt: now.addingTimeInterval(-lifetime), expiration: now.addingTimeInterval(-60))
        state.withLock { _ = $0.append(key) }
        return key
    }

    /// Every key issued since load or the last reset, oldest first.
    public var issuedKeys: [IssuedKey] { state.withLock { $0.keys } }

    /// Expires every key issued so far at the clock's current time (the `expire-tokens` fault); the next
    /// credentials request issues a fresh key.
    public func expireIssuedTokens() {
        let now = clock.now()
        state.withLock { state in
            for index in state.keys.indices where state.keys[index].expiration > now {
                state.keys[index].expiration = now
            }
        }
    }

    /// Forgets every issued key (and restarts a seeded random sequence).
    public func reset() {
        state.withLock { $0 = State() }
        random.reset()
    }
}
