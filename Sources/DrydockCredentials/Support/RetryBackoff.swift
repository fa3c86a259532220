/// Exponential backoff with full jitter: before retry `n` (from 0) wait a random time in
/// `0…min(maximum, initial × 2ⁿ)`, never less than `minimum`.
///
/// Full jitter spreads the retries of many hosts that failed together (AWS Architecture Blog, "Exponential
/// Backoff And Jitter"). The random draw is injected so tests are exact.
public struct RetryBackoff: Sendable {
    /// The cap for the first retry, in seconds.
    public var initial: Double
    /// The largest cap, in seconds.
    public var maximum: Double
    /// A floor under every wait, so a draw of 0 cannot turn retries into a busy loop.
    public var minimum: Double
    /// Given this retry's cap, returns the wait. Default: uniform in `0…cap`.
    public var jitter: @Sendable (Double) -> Double

    public init(
        initial: Double = 0.5, maximum: Double = 8, minimum: Double = 0.05,
        jitter: @escaping @Sendable (Double) -> Double = RetryBackoff.fullJitter
    ) {
        self.initial = initial
        self.maximum = maximum
        self.minimum = minimum
        self.jitter = jitter
    }

    /// Uniform in `0…cap`, from the system's random source.
    public static let fullJitter: @Sendable (Double) -> Double = { cap in Double.random(in: 0...max(0, cap)) }

    /// A jitter that always waits the whole cap: plain exponential backoff, for tests and diagnostics.
    public static let noJitter: @Sendable (Double) -> Double = { $0 }

    /// The cap for retry `attempt` (0-based).
    public func cap(attempt: Int) -> Double {
        min(maximum, initial * Double(1 << min(max(attempt, 0), 30)))
    }

    /// The wait before retry `attempt` (0-based).
    public func delay(attempt: Int) -> Double {
        let cap = cap(attempt: attempt)
        return max(minimum, min(cap, jitter(cap)))
    }
}
