import CMicroHTTPD
import Synchronization

/// Serves an `HTTPResponder` over HTTP/1.1 on libmicrohttpd, one thread per connection, so a slow or
/// hanging response never stalls other connections.
///
/// ```swift
/// let server = HTTPServer(responder: emulator)
/// try server.start()
/// print("listening on", server.port)
/// defer { server.stop() }
/// ```
///
/// Responses are delivered as their `delivery` asks: normally, as a TCP reset, cut off mid-body, or
/// hanging until the client gives up or the server stops.
public final class HTTPServer: Sendable {
    /// How the server binds and what it tolerates; fixed at init.
    public let configuration: Configuration
    private let responder: any HTTPResponder
    private let counters = HTTPServerCounters()
    private let state = Mutex(State())

    private struct State {
        var daemon: OpaquePointer?
        var run: Unmanaged<HTTPServerRun>?
        var port: Int?
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

    /// Connection and request counts so far (tests use them to prove keep-alive reuse, for example).
    public var statistics: Statistics { counters.snapshot }

    /// Binds and starts serving. Throws `HTTPServerError` naming `host:port` and the reason (for example
    /// "Address already in use") if the address cannot be bound.
    public func start() throws(HTTPServerError) {
        try state.withLock { (state) throws(HTTPServerError) in
            guard state.daemon == nil else {
                throw HTTPServerError(code: .alreadyRunning, message: "HTTP server on \(configuration.host):\(state.port ?? 0) is already running")
            }
            try validate(configuration)
            let listener = try HTTPServerListener.open(host: configuration.host, port: configuration.port)
            let run = Unmanaged.passRetained(
                try HTTPServerRun(responder: responder, configuration: configuration, statistics: counters))
            var flags = MHD_USE_THREAD_PER_CONNECTION.rawValue | MHD_USE_INTERNAL_POLLING_THREAD.rawValue
                | MHD_USE_POLL.rawValue
            if listener.isIPv6 { flags |= MHD_USE_IPv6.rawValue }
            // MHD_USE_ERROR_LOG is left off: a client's garbage is not the server's error to print.
            let daemon = CMHD_start_daemon(
                UInt32(flags), listener.fd,
                { cls, connection, url, method, _, data, size, conCls in
                    HTTPServerCallbacks.access(cls, connection, url, method, data, size, conCls)
                },
                { cls, connection, conCls, termination in
                    HTTPServerCallbacks.completed(cls, connection, conCls, termination)
                },
                { cls, uri, _ in HTTPServerCallbacks.uriLogged(cls, uri) },
                { cls, _, _, code in HTTPServerCallbacks.connectionNotified(cls, code) },
                run.toOpaque(),
                UInt32(configuration.connectionTimeoutSeconds), configuration.connectionMemoryLimit,
                UInt32(configuration.connectionLimit))
            guard let daemon else {
                // MHD may or may not have closed the listening socket on failure; leaking one descriptor
                // in this rare case beats risking a double close of a reused descriptor.
                run.release()
                throw HTTPServerError(
                    code: .startFailed,
                    message: "cannot start HTTP server on \(configuration.host):\(listener.port): libmicrohttpd refused to start")
            }
            state.daemon = daemon
            state.run = run
            state.port = listener.port
        }
    }

    /// Stops serving: wakes connections parked in a `.hang`, closes every connection and waits for
    /// connection threads to finish (a responder still running is waited for). Safe to call twice.
    public func stop() {
        let taken = state.withLock { state -> (daemon: OpaquePointer, run: Unmanaged<HTTPServerRun>)? in
            defer {
                state.daemon = nil
                state.run = nil
            }
            guard let daemon = state.daemon, let run = state.run else { return nil }
            return (daemon, run)
        }
        guard let taken else { return }
        taken.run.takeUnretainedValue().beginStopping()
        MHD_stop_daemon(taken.daemon)
        taken.run.release()
    }

    private func validate(_ configuration: Configuration) throws(HTTPServerError) {
        func invalid(_ what: String) -> HTTPServerError {
            HTTPServerError(code: .invalidAddress, message: "cannot start HTTP server on \(configuration.host):\(configuration.port): \(what)")
        }
        guard configuration.maxBodyBytes >= 0 else { throw invalid("maxBodyBytes must not be negative") }
        guard configuration.connectionMemoryLimit >= 1024 else { throw invalid("connectionMemoryLimit must be at least 1024") }
        guard (0...Int(UInt32.max)).contains(configuration.connectionTimeoutSeconds) else {
            throw invalid("connectionTimeoutSeconds out of range")
        }
        guard (1...Int(UInt32.max)).contains(configuration.connectionLimit) else { throw invalid("connectionLimit out of range") }
        guard configuration.maxHangSeconds >= 0 else { throw invalid("maxHangSeconds must not be negative") }
    }
}
