import DrydockCrypto
import EmulatorKit
import Foundation
import Synchronization

/// IMDSv2 session tokens: issued by `PUT /latest/api/token` for 1–21600 seconds, checked on every GET.
///
/// At most `capacity` unexpired tokens are kept: past that, issuing one forgets the token closest to
/// expiry (its holder gets a 401 and, as every SDK does, fetches a new one), so a client issuing tokens
/// in a loop cannot grow the emulator's memory without bound. EC2 documents no such number; an
/// emulator-only bound.
final class IMDSSessionTokens: Sendable {
    /// Unexpired tokens kept at once.
    static let capacity = 10_000
    private let random: IMDSRandom
    private let tokens = Mutex<[String: Date]>([:])

    init(random: IMDSRandom) { self.random = random }

    /// A new opaque token valid until `now + ttl`. Real tokens are 56 base64 characters beginning
    /// `AQAE`; ours have the same shape (42 random bytes after a fixed 3-byte prefix).
    func issue(ttl: Int, now: Date) -> String {
        let token = Base64.encode([0x01, 0x00, 0x04] + random.bytes(39))
        tokens.withLock { tokens in
            tokens = tokens.filter { $0.value > now }
            if tokens.count >= Self.capacity, let soonest = tokens.min(by: { $0.value < $1.value }) {
                tokens[soonest.key] = nil
            }
            tokens[token] = now.addingTimeInterval(TimeInterval(ttl))
        }
        return token
    }

    /// How many tokens are kept (for tests of the bound).
    var count: Int { tokens.withLock { $0.count } }

    /// Whether `token` was issued and has not expired at `now`.
    func isValid(_ token: String, now: Date) -> Bool {
        tokens.withLock { tokens in tokens[token].map { now < $0 } ?? false }
    }

    /// Expires every issued token.
    func expireAll(now: Date) {
        tokens.withLock { tokens in tokens = tokens.mapValues { min($0, now) } }
    }

    func reset() { tokens.withLock { $0 = [:] } }
}
