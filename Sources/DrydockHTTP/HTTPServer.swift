import CMicroHTTPD
import Glibc
import Synchronization

/// Serves an `HTTPResponder` over HTTP/1.1 on libmicrohttpd: epoll on a small pool of event-loop threads
/// (`Configuration.threadCount`, see `HTTPServerEventLoop`), so idle and slow connections cost no thread.
///
/// ```swift
/// let server = HTTPServer(responder: emulator)
/// try server.start()
/// print("listening on", server.port)
/// defer { server.stop() }
/// ```
///
/// Requests are answered inline on the event-loop threads through the responder's
/// `respondWithoutWaiting(to:)`. Responses are delivered as their `delivery` asks: normally, as a TCP
/// reset, cut off mid-body, hanging until the client gives up or the server stops, or `.deferred` (the
/// connection is suspended, without a thread, until the delay has passed). Neither a hang nor a delay
/// holds up any other connection.
public final class HTTPServer: Sendable {
    /// How the server binds and what it tolerates; fixed at init.
    public let configuration: Configuration
    private let responder: any HTTPResponder
    private let counters = HTTPServerCounters()
    private let state = Mutex(State())

    private struct State {
        var loop: HTTPServerEventLoop?
        var run: Unmanaged<HTTPServerRun>?
        var port: Int?
        var openFileLimit: Int?
    }

    /// A stopped server; call `start()` to bind and serve.
    public init(responder: any HTTPResponder, configuration: Configuration = .init()) {
        self.responder = responder
        self.configuration = configuration
    }

    deinit { stop() }

    /// The port the server listens on: the kernel's choice when configured with port 0. Before the first
    /// `start()` it is the configured port; after `stop()`, the port it last listened on.
    public var port: Int { state.withLock { $0.port } ?? configuration.port }

    /// The process's soft limit on open files after the last `start()`, which raises it toward
    /// `connectionLimit` plus room for everything else (at most to the hard limit); nil before. A value
    /// below `connectionLimit` means connections past it wait in the listen backlog.
    public var openFileLimit: Int? { state.withLock { $0.openFileLimit } }

    /// How many times the running server's event-loop threads have polled for work (0 when stopped):
    /// tests see from it that a thread spins for `Configuration.idleSpinMicroseconds` after activity and
    /// then sleeps.
    public var eventLoopPolls: Int { state.withLock { $0.loop?.polls } ?? 0 }

    /// The connections each event-loop thread holds (empty when stopped).
    var eventLoopConnections: [Int] { state.withLock { $0.loop?.connectionsPerThread } ?? [] }

    /// Connection and request counts so far (tests use them to prove keep-alive reuse, for example).
    public var statistics: Statistics { counters.snapshot }

    /// Binds and starts serving. Throws `HTTPServerError` naming `host:port` and the reason (for example
    /// "Address already in use") if the address cannot be bound.
    public func start() throws(HTTPServerError) {
        try start { () throws(HTTPServerError) in try HTTPServerListener.open(host: configuration.host, port: configuration.port) }
    }

    /// Serves on `descriptor`, a TCP socket already bound and listening (for example one made inside
    /// another network namespace), instead of binding `configuration.host:port`; the server owns it from
    /// here on and closes it in `stop()` (or at once if it cannot start).
    public func start(listeningOn descriptor: Int32) throws(HTTPServerError) {
        do {
            try start { () throws(HTTPServerError) in try HTTPServerListener.adopt(descriptor) }
        } catch where error.code == .alreadyRunning {
            close(descriptor)
            throw error
        }
    }

    private func start(listener makeListener: () throws(HTTPServerError) -> HTTPServerListener) throws(HTTPServerError) {
        try state.withLock { (state) throws(HTTPServerError) in
            guard state.loop == nil else {
                throw HTTPServerError(code: .alreadyRunning, message: "HTTP server on \(configuration.host):\(state.port ?? 0) is already running")
            }
            let listener = try makeListener()
            let made: HTTPServerRun
            do throws(HTTPServerError) {
                try validate(configuration)
                made = try HTTPServerRun(responder: responder, configuration: configuration, statistics: counters)
            } catch {
                close(listener.fd)
                throw error
            }
            let run = Unmanaged.passRetained(made)
            // Connections need descriptors; the limit is process-wide, so this is the one global this
            // server touches (raising a soft limit never hurts anyone else in the process).
            let files = CMHD_raise_open_file_limit(UInt64(configuration.connectionLimit + Self.reservedFileDescriptors))
            // Driven by HTTPServerEventLoop's threads, which accept and hand connections over themselves.
            var flags = MHD_USE_EPOLL.rawValue | MHD_ALLOW_SUSPEND_RESUME.rawValue | MHD_USE_NO_LISTEN_SOCKET.rawValue
            if listener.isIPv6 { flags |= MHD_USE_IPv6.rawValue }
            // MHD_USE_ERROR_LOG is left off: a client's garbage is not the server's error to print.
            let threads = configuration.threadCount
            // Each thread's daemon admits its share of the connections (as MHD's own thread pool divides them).
            let perThreadLimit = (configuration.connectionLimit + threads - 1) / threads
            let loop: HTTPServerEventLoop
            do throws(HTTPServerError) {
                loop = try HTTPServerEventLoop(
                    count: threads, listenFD: listener.fd, connectionLimit: perThreadLimit,
                    spin: .microseconds(configuration.idleSpinMicroseconds), wakers: run.takeUnretainedValue().wakers
                ) {
                    CMHD_start_daemon(
                        UInt32(flags), -1,
                        { cls, connection, url, method, _, data, size, conCls in
                            HTTPServerCallbacks.access(cls, connection, url, method, data, size, conCls)
                        },
                        { cls, connection, conCls, termination in
                            HTTPServerCallbacks.completed(cls, connection, conCls, termination)
                        },
                        { cls, uri, _ in HTTPServerCallbacks.uriLogged(cls, uri) },
                        { cls, connection, socketContext, code in
                            HTTPServerCallbacks.connectionNotified(cls, connection, socketContext, code)
                        },
                        run.toOpaque(),
                        UInt32(configuration.connectionTimeoutSeconds), configuration.connectionMemoryLimit,
                        UInt32(perThreadLimit), 0)
                }
            } catch {
                // The loop has closed the listening socket.
                run.takeUnretainedValue().finishStopping()
                run.release()
                throw HTTPServerError(
                    code: .startFailed,
                    message: "cannot start HTTP server on \(configuration.host):\(listener.port): \(error.message)")
            }
            state.loop = loop
            state.run = run
            state.port = listener.port
            state.openFileLimit = files >= 0 ? Int(files) : nil
        }
    }

    /// Stops serving: resumes every parked request (`.hang`, `.deferred`) to be closed, shuts down every
    /// connection and waits until the event loop has dropped them all (a responder still running is
    /// waited for; a deferred continuation not yet started never runs; a connection that opens meanwhile
    /// is reset), then stops the event-loop threads. Safe to call twice.
    public func stop() {
        let taken = state.withLock { state -> (loop: HTTPServerEventLoop, run: Unmanaged<HTTPServerRun>)? in
            defer {
                state.loop = nil
                state.run = nil
            }
            guard let loop = state.loop, let run = state.run else { return nil }
            return (loop, run)
        }
        guard let taken else { return }
        let run = taken.run.takeUnretainedValue()
        taken.loop.stopAccepting()
        run.beginStopping()
        taken.loop.stop()
        run.finishStopping()
        taken.run.release()
    }

    /// Descriptors left for everything besides connections (files, pipes, clients in the same process).
    static let reservedFileDescriptors = 1024

    /// A request whose declared body is larger than this (or that sends it chunked) is shown to
    /// `HTTPResponder.bodyPolicy(forHead:)` before its body is read; smaller ones stay in memory.
    public static let spoolProbeBytes = 1 << 20

    private func validate(_ configuration: Configuration) throws(HTTPServerError) {
        func invalid(_ what: String) -> HTTPServerError {
            HTTPServerError(code: .invalidAddress, message: "cannot start HTTP server on \(configuration.host):\(configuration.port): \(what)")
        }
        guard configuration.maxBodyBytes >= 0 else { throw invalid("maxBodyBytes must not be negative") }
        guard configuration.connectionMemoryLimit >= 1024 else { throw invalid("connectionMemoryLimit must be at least 1024") }
        guard (0...Int(UInt32.max)).contains(configuration.connectionTimeoutSeconds) else {
            throw invalid("connectionTimeoutSeconds out of range")
        }
        guard (1...1_000_000).contains(configuration.connectionLimit) else { throw invalid("connectionLimit must be 1 to 1000000") }
        guard configuration.maxHangSeconds >= 0 else { throw invalid("maxHangSeconds must not be negative") }
        guard configuration.requestHeadTimeoutSeconds >= 0, configuration.requestHeadTimeoutSeconds <= 86_400 else {
            throw invalid("requestHeadTimeoutSeconds must be 0 (off) to 86400")
        }
        guard (1...256).contains(configuration.threadCount) else { throw invalid("threadCount must be 1 to 256") }
        guard (0...1_000_000).contains(configuration.idleSpinMicroseconds) else {
            throw invalid("idleSpinMicroseconds must be 0 to 1000000")
        }
    }
}
