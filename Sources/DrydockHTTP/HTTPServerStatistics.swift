import Synchronization

extension HTTPServer {
    /// Counters since the server was created, across restarts.
    public struct Statistics: Sendable, Equatable {
        /// TCP connections accepted.
        public internal(set) var connectionsAccepted = 0
        /// TCP connections open right now.
        public internal(set) var connectionsOpen = 0
        /// Requests passed to the responder.
        public internal(set) var requestsHandled = 0
        /// Connections shut down because their request head was not complete within
        /// `Configuration.requestHeadTimeoutSeconds`.
        public internal(set) var headTimeouts = 0
        /// Per-request contexts not yet released (0 when idle; anything else is a leak).
        var liveRequestContexts = 0
        /// Stops that gave up waiting for the event loop to drop the connections they shut down (see
        /// `HTTPServerRun.beginStopping()`; 0 unless a responder held an event-loop thread past the wait).
        var stopsBeforeConnectionsClosed = 0
    }
}

/// The Mutex-guarded home of a server's `Statistics`, shared by its runs' callbacks.
final class HTTPServerCounters: Sendable {
    private let state = Mutex(HTTPServer.Statistics())

    func update(_ body: (inout HTTPServer.Statistics) -> Void) { state.withLock { body(&$0) } }
    var snapshot: HTTPServer.Statistics { state.withLock { $0 } }
}
