import DrydockCore

/// How a `latency` fault waits: real time on the calling thread by default (other connections are not
/// held up). Tests inject a recorder instead of sleeping.
public struct Sleeper: Sendable {
    private let body: @Sendable (_ milliseconds: Int) -> Void

    public init(_ body: @escaping @Sendable (_ milliseconds: Int) -> Void) { self.body = body }

    public func sleep(milliseconds: Int) { body(milliseconds) }

    /// Sleeps for real (`nanosleep`).
    public static let system = Sleeper { milliseconds in SystemClock().sleep(seconds: Double(milliseconds) / 1000) }
}
