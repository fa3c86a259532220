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

    /// `ya29.` + 128 base64url characters from the system's cryptographic random source
    /// (getrandom(2) on Linux).
    public static let system = AccessTokenGenerator {
        var random = SystemRandomNumberGenerator()
        return "ya29." + Base64URL.encode(randomBytes(96, using: &random))
    }

    /// A deterministic generator (SplitMix64) for tests: same seed, same token sequence.
    public static func seeded(_ seed: UInt64) -> AccessTokenGenerator {
        let state = SeededState(seed)
        return AccessTokenGenerator { "ya29." + Base64URL.encode(state.bytes(96)) }
    }
}

func randomBytes<R: RandomNumberGenerator>(_ count: Int, using generator: inout R) -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(count)
    while bytes.count < count {
        var word = generator.next()
        for _ in 0..<8 where bytes.count < count {
            bytes.append(UInt8(truncatingIfNeeded: word))
            word >>= 8
        }
    }
    return bytes
}

/// SplitMix64 behind a lock, so a seeded generator can be shared across threads.
private final class SeededState: Sendable {
    private let state: Mutex<UInt64>
    init(_ seed: UInt64) { state = Mutex(seed) }

    func bytes(_ count: Int) -> [UInt8] {
        state.withLock { value in
            var generator = SplitMix64(state: value)
            let bytes = randomBytes(count, using: &generator)
            value = generator.state
            return bytes
        }
    }
}

struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Unpadded base64url (RFC 4648 §5), the alphabet Google's tokens use.
enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index < bytes.count {
            let b0 = UInt32(bytes[index])
            let b1 = index + 1 < bytes.count ? UInt32(bytes[index + 1]) : 0
            let b2 = index + 2 < bytes.count ? UInt32(bytes[index + 2]) : 0
            let triple = b0 << 16 | b1 << 8 | b2
            let available = min(3, bytes.count - index) + 1
            for slot in 0..<available {
                out.append(alphabet[Int(triple >> UInt32(18 - 6 * slot) & 0x3F)])
            }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
