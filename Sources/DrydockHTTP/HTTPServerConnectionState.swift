import CMicroHTTPD
import Synchronization

/// One TCP connection as the monitor's sweep sees it: whether a request head is due and since when, and
/// whether the connection is stuck waiting for a client that has already left.
///
/// libmicrohttpd 0.9.75 has only an idle timeout, which every received byte restarts, so a client that
/// trickles a header byte at a time would hold its connection forever. And in epoll mode it can miss a
/// FIN that arrives together with the last data (its edge-triggered read stops at a short read), leaving
/// a half-read request open until the idle timeout. The event loop reports the edges (a head complete, a
/// request body complete, a request over); `HTTPServerConnections` sweeps for the rest.
final class HTTPServerConnectionState: Sendable {
    /// The connection's socket; valid while the connection is registered (MHD closes it only after
    /// reporting the connection closed).
    let fd: Int32
    private let state: Mutex<State>

    enum Phase: Equatable {
        /// A head is on its way and due `timeout` after `since`.
        case awaitingHead(since: ContinuousClock.Instant)
        /// The head is in; the body is being read.
        case readingBody
        /// The request is complete: being answered, or parked (`.deferred`, `.hang`).
        case answering
        /// Between requests on a kept-alive connection since `since`: the head clock starts when data
        /// arrives again.
        case idle(since: ContinuousClock.Instant)
        /// Shut down by the sweep; waiting for MHD to notice.
        case shutDown
    }

    private struct State {
        var phase: Phase
        /// Counts phase changes, so the sweep can tell a connection that is stuck from one that moved on.
        var generation = 0
        /// The generation in which the sweep last saw the peer gone.
        var peerGoneSeenIn: Int?

        mutating func move(to next: Phase) {
            guard phase != .shutDown else { return }
            phase = next
            generation += 1
        }
    }

    init(fd: Int32, acceptedAt: ContinuousClock.Instant) {
        self.fd = fd
        state = Mutex(State(phase: .awaitingHead(since: acceptedAt)))
    }

    var phase: Phase { state.withLock { $0.phase } }

    /// The request head is complete (the access handler's first call).
    func headArrived() { state.withLock { $0.move(to: .readingBody) } }

    /// The whole request is in (the access handler's final call).
    func bodyArrived() { state.withLock { $0.move(to: .answering) } }

    /// The request is over and the connection may carry another.
    func requestEnded(at now: ContinuousClock.Instant) { state.withLock { $0.move(to: .idle(since: now)) } }

    /// Whether the client still owes bytes MHD is waiting for: a head, a body, or the next request.
    var awaitsClient: Bool {
        switch phase {
        case .awaitingHead, .readingBody, .idle: true
        case .answering, .shutDown: false
        }
    }

    /// Whether the head is overdue at `now`, and if so marks the connection shut down (true only once).
    ///
    /// An idle connection asks the kernel (`sinceData`: milliseconds since data last arrived, nil when
    /// unknown) rather than reading a counter on every request: once data has arrived after the request
    /// ended, the head clock starts at that arrival. The sweep runs a few times per timeout, so a client
    /// trickling bytes starts its clock at most one sweep late.
    func takeOverdueHead(now: ContinuousClock.Instant, timeout: Duration, sinceData: () -> Duration?) -> Bool {
        state.withLock { state in
            switch state.phase {
            case .awaitingHead(let since):
                guard now - since >= timeout else { return false }
                state.phase = .shutDown
                return true
            case .idle(let since):
                // The kernel counts in ticks (up to 10 ms): data just before the end may read as just after it.
                if let sinceData = sinceData(), now - sinceData > since + Self.tickSlack {
                    state.move(to: .awaitingHead(since: now - sinceData))
                }
                return false
            case .readingBody, .answering, .shutDown:
                return false
            }
        }
    }

    private static let tickSlack = Duration.milliseconds(20)

    /// The sweep saw the peer gone while the connection awaits the client. True (and the connection
    /// marked shut down) when it saw the same in the previous sweep with no phase change since: MHD
    /// missed the close. A connection that merely raced the sweep moves on and is left alone.
    func takeStuckAfterPeerLeft() -> Bool {
        state.withLock { state in
            guard state.phase != .shutDown else { return false }
            if state.peerGoneSeenIn == state.generation {
                state.phase = .shutDown
                return true
            }
            state.peerGoneSeenIn = state.generation
            return false
        }
    }

    /// How long ago data last arrived on `fd`, or nil when the kernel cannot tell.
    static func sinceData(_ fd: Int32) -> Duration? {
        let milliseconds = CMHD_tcp_milliseconds_since_data(fd)
        return milliseconds >= 0 ? .milliseconds(milliseconds) : nil
    }
}
