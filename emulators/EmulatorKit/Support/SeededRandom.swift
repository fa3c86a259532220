/// A small, fast, reproducible random number generator (SplitMix64): the same seed always yields the same
/// sequence, on every platform, so a probabilistic fault fires on the same requests in every run and a
/// seeded emulator hands out the same tokens.
///
/// A value type: share one across threads behind a `Mutex`.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniformly distributed value in `0..<1` with 53 bits of precision.
    public mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// `count` bytes: each 64-bit value's bytes, least significant first (a stable layout, so seeded
    /// byte strings are the same on every platform).
    public mutating func bytes(_ count: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        while bytes.count < count {
            var word = next()
            for _ in 0..<8 where bytes.count < count {
                bytes.append(UInt8(truncatingIfNeeded: word))
                word >>= 8
            }
        }
        return bytes
    }
}
