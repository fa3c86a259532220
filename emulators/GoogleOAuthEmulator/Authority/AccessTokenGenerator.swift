import DrydockCrypto
import EmulatorKit
import Synchronization

/// Makes the opaque access-token strings the emulator hands out.
///
/// Tokens look like Google's (`ya29.` followed by base64url characters), so Drydock's redaction scanner
/// recognises them in logs exactly as it would a real one. Randomness is injected: `.system` for real use,
/// `.seeded(_:)` for tests that want the same tokens every run.
public struct AccessTokenGenerator: Sendable {
    private let make: @Sendable () -> String

    /// A generator from any closure; every call must return a fresh, unique token.
    public init(_ make: @escaping @Sendable () -> String) { self.make = make }

    /// The next token.
    public func next() -> String { make() }

    /// How many random bytes follow `ya29.` (128 base64url characters).
    static let tokenBytes = 96

    /// `ya29.` + 128 base64url characters from libcrypto's CSPRNG.
    public static let system = AccessTokenGenerator { SecureRandom.token(prefix: "ya29.", bytes: tokenBytes) }

    /// A deterministic generator (EmulatorKit's `SeededRandom`) for tests: same seed, same token
    /// sequence. Safe to share across threads.
    public static func seeded(_ seed: UInt64) -> AccessTokenGenerator {
        let random = Mutex(SeededRandom(seed: seed))
        return AccessTokenGenerator { "ya29." + Base64URL.encode(random.withLock { $0.bytes(tokenBytes) }) }
    }
}
