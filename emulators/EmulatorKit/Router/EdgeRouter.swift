import DrydockCore
import DrydockHTTP
import Foundation
import Synchronization

/// The one responder behind the edge port: the control API under `/_drydock/`, and every other request
/// routed to the first emulator that claims it, through the fault engine, into the journal and the log.
///
/// Thread-safe: server threads call it concurrently. All mutable state (rules, counters, journal, clock
/// offset) sits behind locks. A `latency` fault never blocks the server: `respondWithoutWaiting(to:)`
/// (what `HTTPServer` calls) returns it as `.deferred` work, which waits without a thread and then
/// handles and journals the request; `respond(to:)` waits through the injected `Sleeper` instead.
public final class EdgeRouter: HTTPResponder, Sendable {
    /// The emulators, in routing order.
    public let emulators: [any ServiceEmulator]
    /// The virtual clock every emulator reads; `POST /_drydock/clock/advance` moves it.
    public let clock: VirtualClock
    /// Every routed request.
    public let journal: Journal

    let faults: FaultEngine
    let sleeper: Sleeper
    /// nil: no request log (the line is then never built).
    let log: (@Sendable (String) -> Void)?
    /// Who may use the control API; see `controlAccess`.
    let access = Mutex(ControlAccess())

    /// - Parameters:
    ///   - emulators: tried in order; the first that `claims` a request handles it.
    ///   - clock: the emulators' shared virtual clock (journal times and fault windows read it too).
    ///   - faultSeed: seeds every rule's probability draws unless the rule has its own `seed`.
    ///   - journalCapacity: roughly how many requests the journal keeps.
    ///   - sleeper: how `latency` faults wait (real time by default).
    ///   - log: receives one line per request (see `RequestLog`), control requests included.
    public init(
        emulators: [any ServiceEmulator], clock: VirtualClock, faultSeed: UInt64 = 0,
        journalCapacity: Int = 10_000, sleeper: Sleeper = .system,
        log: (@Sendable (String) -> Void)? = nil
    ) {
        self.emulators = emulators
        self.clock = clock
        self.journal = Journal(capacity: journalCapacity)
        self.faults = FaultEngine(clock: clock, seed: faultSeed)
        self.sleeper = sleeper
        self.log = log
    }

    /// The service names this edge serves, in routing order.
    public var services: [String] { emulators.map(\.service) }

    /// The finished answer; a `latency` fault waits through the `sleeper` on the calling thread.
    public func respond(to request: HTTPRequest) -> HTTPResponse {
        respondWithoutWaiting(to: request).finishingDeferral { sleeper.sleep(for: $0) }
    }

    /// The answer, except that a `latency` fault comes back as `.deferred` work: after the delay it lets
    /// the emulator answer and journals the request (with the delay in its latency).
    public func respondWithoutWaiting(to request: HTTPRequest) -> HTTPResponse {
        let started = ContinuousClock.now
        let time = clock.now()
        if Self.isControl(request) {
            let response = handleControl(request)
            log?(RequestLog.line(
                time: time, service: "_drydock", operation: "control", method: request.method,
                path: Redaction.target(request), status: response.status,
                latencyMs: Self.milliseconds(since: started), fault: nil))
            return response
        }

        runDueWork(now: time)
        guard let emulator = emulators.first(where: { $0.claims(request) }) else {
            let response = HTTPResponse.edgeJSONError(404, "no emulator handles \(request.method) \(request.path)")
            return journaled(response, request, service: "edge", operation: "unknown", region: nil, fault: nil, time: time, started: started)
        }
        return dispatch(request, to: emulator, time: time, started: started)
    }

    /// The claiming emulator's choice for a large or chunked body (control requests stay in memory).
    public func bodyPolicy(forHead head: HTTPRequest) -> HTTPBodyPolicy {
        guard !Self.isControl(head), let emulator = emulators.first(where: { $0.claims(head) }) else { return .inMemory }
        return emulator.bodyPolicy(forHead: head)
    }

    /// `emulator`'s answer to `request`, through the fault engine, journaled (a `latency` fault comes back
    /// as `.deferred` work that journals when it runs).
    func dispatch(_ request: HTTPRequest, to emulator: any ServiceEmulator, time: Date, started: ContinuousClock.Instant) -> HTTPResponse {
        let service = emulator.service
        let operation = emulator.operation(for: request)
        // Read once: the journal needs it and a fault rule may (a region is a walk of the Authorization header).
        let region = emulator.region(of: request)
        let decision = faults.decide(FaultEngine.Probe(
            service: service, operation: operation, method: request.method, path: request.path,
            headers: request.headers, region: { region }))
        if case .latency(let milliseconds)? = decision?.action.kind {
            return .deferred(after: .milliseconds(milliseconds)) { [self] in
                journaled(emulator.handle(request), request, service: service, operation: operation, region: region,
                          fault: decision?.trace, time: time, started: started)
            }
        }
        if decision == nil, let composite = emulator as? any CompositeServiceEmulator, composite.isComposite(request) {
            let (response, delay) = dispatchComposite(request, to: composite)
            guard delay > 0 else {
                return journaled(response, request, service: service, operation: operation, region: region, fault: nil, time: time, started: started)
            }
            return .deferred(after: .milliseconds(delay)) { [self] in
                journaled(response, request, service: service, operation: operation, region: region, fault: nil, time: time, started: started)
            }
        }
        let response = perform(decision?.action, on: request, by: emulator)
        return journaled(response, request, service: service, operation: operation, region: region, fault: decision?.trace, time: time, started: started)
    }

    /// Records `response` in the journal and the request log, then returns it.
    func journaled(
        _ response: HTTPResponse, _ request: HTTPRequest, service: String, operation: String, region: String?,
        fault: FaultTrace?, time: Date, started: ContinuousClock.Instant
    ) -> HTTPResponse {
        record(response, request, service: service, operation: operation, region: region, fault: fault, time: time, started: started)
        return Self.dated(response, now: clock.now())
    }

    /// Records `response` in the journal and the request log; `region` is the serving emulator's
    /// `region(of: request)`.
    func record(
        _ response: HTTPResponse, _ request: HTTPRequest, service: String, operation: String, region: String?,
        fault: FaultTrace?, time: Date, started: ContinuousClock.Instant
    ) {
        let entry = journal.record(
            time: time, service: service, operation: operation, method: request.method,
            path: Redaction.target(request),
            status: response.delivery.sendsStatus ? response.status : nil,
            delivery: response.delivery.journalName, latencyMs: Self.milliseconds(since: started), fault: fault,
            region: region)
        log?(entry.logLine)
    }

    /// `response` with a `Date` header from the virtual clock, as every real Google and AWS answer carries
    /// one (libmicrohttpd would otherwise add the host's real time; clients measure clock skew from it).
    /// An emulator's own `Date` is kept.
    static func dated(_ response: HTTPResponse, now: Date) -> HTTPResponse {
        guard response.delivery.sendsStatus, !response.headers.contains("Date") else { return response }
        var dated = response
        dated.headers.set("Date", HTTPDate.format(now))
        return dated
    }

    /// Everything back to the start: every emulator's `reset()`, no fault rules (ids and seeds restart),
    /// an empty journal, and the virtual clock back on the base clock (`POST /_drydock/reset`).
    public func reset() {
        faults.reset()
        for emulator in emulators { emulator.reset() }
        journal.clear()
        clock.reset()
    }

    static func isControl(_ request: HTTPRequest) -> Bool {
        let path = request.path
        return path == "/_drydock" || path.hasPrefix("/_drydock/")
    }

    /// Milliseconds since `start`, to two decimals.
    static func milliseconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = (ContinuousClock.now - start).components
        let milliseconds = Double(elapsed.seconds) * 1000 + Double(elapsed.attoseconds) / 1e15
        return (milliseconds * 100).rounded() / 100
    }
}
