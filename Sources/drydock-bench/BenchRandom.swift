import EmulatorKit

/// The bench's seeded generator: EmulatorKit's SplitMix64, so a generated fixture set is the same on every
/// run (apart from dates, which are anchored to the time of the run so `newer_than:` finds recent mail).
typealias BenchRandom = SeededRandom

extension SeededRandom {
    /// One element of a non-empty array.
    mutating func pick<T>(_ values: [T]) -> T { values[Int.random(in: 0..<values.count, using: &self)] }

    /// True with probability `chance` (0…1).
    mutating func chance(_ chance: Double) -> Bool { Double.random(in: 0..<1, using: &self) < chance }
}
