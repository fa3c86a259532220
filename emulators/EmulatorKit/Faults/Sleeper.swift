import DrydockCore

/// How a `latency` fault waits when the router is asked for a finished answer (`EdgeRouter.respond(to:)`,
/// as the in-process transport and tests do): real time on the calling thread by default. Tests inject a
/// recorder instead of sleeping. `HTTPServer` never gets here: it asks for `.deferred` work and waits
/// without a thread.
public struct Sleeper: Sendable {
    private let body: @Sendable (_ milliseconds: Int) -> Void

    public init(_ body: @escaping @Sendable (_ milliseconds: Int) -> Void) { self.body = body }

    public func sleep(milliseconds: Int) { body(milliseconds) }

    /// Sleeps `duration`, in whole milliseconds (rounded down).
    public func sleep(for duration: Duration) {
        let (seconds, attoseconds) = duration.components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        guard seconds >= 0, !overflow else { return body(seconds < 0 ? 0 : Int.max) }
        body(Int(scaled) + Int(attoseconds / 1_000_000_000_000_000))
    }

    /// Sleeps for real (`nanosleep`).
    public static let system = Sleeper { milliseconds in SystemClock().sleep(seconds: Double(milliseconds) / 1000) }
}
