import DrydockCrypto
import EmulatorKit
import Synchronization

/// Where the IMDS emulator's key ids, secrets, session tokens and v2 tokens come from: libcrypto's
/// CSPRNG (`.system()`), or a seeded generator (`.seeded(_:)`) so tests see the same values every run.
/// `reset()` restarts a seeded sequence, so `POST /_drydock/reset` replays the same credentials.
public final class IMDSRandom: Sendable {
    private let seed: UInt64?
    private let generator: Mutex<SeededRandom?>

    private init(seed: UInt64?) {
        self.seed = seed
        generator = Mutex(seed.map { SeededRandom(seed: $0) })
    }

    /// Random bytes from `SecureRandom`.
    public static func system() -> IMDSRandom { IMDSRandom(seed: nil) }

    /// A reproducible sequence.
    public static func seeded(_ seed: UInt64) -> IMDSRandom { IMDSRandom(seed: seed) }

    /// `count` random bytes.
    public func bytes(_ count: Int) -> [UInt8] {
        generator.withLock { generator in
            guard var seeded = generator else { return SecureRandom.bytes(count) }
            defer { generator = seeded }
            return seeded.bytes(count)
        }
    }

    /// `count` characters drawn from `alphabet` (a small modulo bias is harmless here).
    func characters(_ count: Int, from alphabet: [Character]) -> String {
        String(bytes(count).map { alphabet[Int($0) % alphabet.count] })
    }

    /// Restarts a seeded sequence; no effect on `.system()`.
    public func reset() {
        generator.withLock { $0 = seed.map { SeededRandom(seed: $0) } }
    }

    static let upperAlphanumerics = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    static let secretAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
}
