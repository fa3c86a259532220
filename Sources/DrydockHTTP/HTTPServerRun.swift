import Synchronization

/// Everything the libmicrohttpd callbacks need for one start…stop cycle of a server, passed to them as
/// their `cls` through `Unmanaged` (retained from start until MHD_stop_daemon has returned).
final class HTTPServerRun: Sendable {
    let responder: any HTTPResponder
    let configuration: HTTPServer.Configuration
    let statistics: HTTPServerCounters
    /// The event-loop threads' wake pipes.
    let wakers = HTTPServerWakers()
    /// Requests parked without a thread (`.deferred`, `.hang`).
    let suspensions: HTTPServerSuspensions
    /// Open connections, for the request-head timeout.
    let connections = HTTPServerConnections()
    /// The thread that waits so the event loop never does.
    let monitor: HTTPServerMonitor
    private let stopping = Mutex(false)

    init(responder: any HTTPResponder, configuration: HTTPServer.Configuration, statistics: HTTPServerCounters)
        throws(HTTPServerError)
    {
        self.responder = responder
        self.configuration = configuration
        self.statistics = statistics
        suspensions = HTTPServerSuspensions(wakers: wakers)
        monitor = try HTTPServerMonitor(
            suspensions: suspensions, connections: connections, statistics: statistics,
            headTimeoutSeconds: configuration.requestHeadTimeoutSeconds)
    }

    var isStopping: Bool { stopping.withLock { $0 } }

    /// Marks the run as stopping and resumes every parked request to be closed, so MHD_stop_daemon finds
    /// no suspended connection. Call before MHD_stop_daemon.
    func beginStopping() {
        stopping.withLock { $0 = true }
        suspensions.resumeAllClosing()
    }

    /// Stops the monitor thread. Call after MHD_stop_daemon (whose closing connections may still hand it
    /// a lingering close).
    func finishStopping() {
        monitor.stop()
    }
}
