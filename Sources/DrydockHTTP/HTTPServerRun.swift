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

    /// Marks the run as stopping, resumes every parked request to be closed (MHD_stop_daemon must find no
    /// suspended connection), and closes every connection, waiting until the event loop has dropped them
    /// all (at most `closeTimeout`). Call before MHD_stop_daemon.
    ///
    /// MHD_stop_daemon must also find no connection left to serve: once it has set the daemon's shutdown
    /// flag, libmicrohttpd 0.9.75's MHD_queue_response returns MHD_YES without queueing anything, and
    /// MHD's own answer to a malformed request (`transmit_error_response_len` in connection.c: a bad
    /// header line or chunk, a missing Host, an unsupported version, headers too large) then builds the
    /// reply header from the response it never got: SIGSEGV in `build_header_response`, on whichever
    /// event-loop thread was still parsing that request. Upstream later made that MHD_queue_response
    /// return MHD_NO (the connection is then just closed); with Debian's 0.9.75 the only safe way is to
    /// leave MHD nothing to parse: every connection is shut down and dropped while the flag is still
    /// clear, and one accepted from now on is aborted before MHD reads a byte of it. (`HTTPServerEventLoop`
    /// calls MHD_stop_daemon only after its threads have left, so nothing runs MHD past the flag either;
    /// this wait lets the connections end while they still do.)
    func beginStopping() {
        stopping.withLock { $0 = true }
        suspensions.resumeAllClosing()
        connections.closeAll()
        if !connections.waitUntilAllClosed(timeout: Self.closeTimeout) {
            statistics.update { $0.stopsBeforeConnectionsClosed += 1 }
        }
    }

    /// How long `beginStopping()` waits for the event loop to drop the connections it shut down: a
    /// safety net (they go within milliseconds; a responder still running on an event-loop thread holds
    /// its connection until it returns, as it held `stop()` before).
    static let closeTimeout = Duration.seconds(10)

    /// Stops the monitor thread. Call after MHD_stop_daemon (whose closing connections may still hand it
    /// a lingering close).
    func finishStopping() {
        monitor.stop()
    }
}
