import DrydockHTTP
import EmulatorKit
import Foundation
import Synchronization

/// An HTTP forward proxy that terminates TLS for the hosts Drydock emulates and serves their requests
/// from the emulators, so programs written for the real services run unchanged with `HTTPS_PROXY` and a
/// trust bundle holding the sandbox CA.
///
/// - `CONNECT host:443` for an emulated host: `200 Connection established`, then a TLS 1.2/1.3 handshake
///   with that host's certificate from the sandbox CA (ALPN `http/1.1` only), then the decrypted HTTP/1.1
///   stream — keep-alive, any number of requests — is served by an edge `HTTPServer` whose responder
///   routes by host (`InterceptedHostResponder` over the same `EdgeRouter`: one journal, one fault engine).
/// - `CONNECT host:80` for an emulated host: the same without TLS.
/// - Absolute-form requests (`GET http://169.254.169.254/latest/meta-data/ HTTP/1.1`) are relayed to a
///   clear-text edge server that reads the target's host.
/// - Any other host: `403` naming it, journalled as `egress.blocked`; nothing is ever connected to.
///
/// Why a listener of its own rather than the edge port: libmicrohttpd cannot answer `CONNECT` with a
/// tunnel. Its one way to take over a connection, `MHD_create_response_for_upgrade`, only sends
/// `101 Switching Protocols` (libmicrohttpd 0.9.75 rejects an upgrade response with status 200: "Application
/// used invalid status code for 'upgrade' response!"), and a proxy client needs `200` before it starts
/// TLS. So the proxy reads the CONNECT head itself (byte by byte, so no byte of the TLS handshake is taken),
/// terminates TLS with libssl, and relays the decrypted bytes over loopback to a libmicrohttpd server —
/// HTTP parsing, keep-alive, limits and fault deliveries (reset, hang, cut-off bodies) stay the edge's.
///
/// Each connection has a thread (at most `Configuration.connectionLimit`); every wait has a deadline.
public final class InterceptingProxy: Sendable {
    public let router: EdgeRouter
    public let authority: SandboxCertificateAuthority
    public let configuration: Configuration
    /// The address the proxy listens on.
    public let host: String
    /// Serves clear-text requests addressed to real hosts (absolute-form, or by `Host`): what a listener
    /// standing in for port 80 serves (`HTTPServer(responder: proxy.plainResponder, …)`).
    public let plainResponder: InterceptedHostResponder
    /// Serves requests decrypted from TLS.
    public let decryptedResponder: InterceptedHostResponder
    private let requestedPort: Int
    private let state = Mutex(State())

    private struct State {
        var core: ProxyCore?
        var edges: [HTTPServer] = []
        var port: Int?
        var wake: (read: Int32, write: Int32)?
        var acceptThreads = 0
    }

    /// A stopped proxy; `start()` binds `host:port` (port 0: the kernel picks one; read `port` after).
    public init(
        router: EdgeRouter, authority: SandboxCertificateAuthority, host: String = "127.0.0.1", port: Int = 0,
        configuration: Configuration = .init()
    ) {
        self.router = router
        self.authority = authority
        self.host = host
        self.requestedPort = port
        self.configuration = configuration
        plainResponder = InterceptedHostResponder(router: router, scheme: .http)
        decryptedResponder = InterceptedHostResponder(router: router, scheme: .https)
    }

    deinit { stop() }

    /// The port the proxy listens on (the requested one before `start()`).
    public var port: Int { state.withLock { $0.port } ?? requestedPort }

    /// `http://host:port`, the value for `HTTPS_PROXY` and `HTTP_PROXY` (loopback when listening on every
    /// interface: `0.0.0.0` is not an address to connect to).
    public var proxyURL: String {
        let shown = switch host {
        case "0.0.0.0", "": "127.0.0.1"
        case "::", "[::]": "[::1]"
        default: host.contains(":") ? "[\(host)]" : host
        }
        return "http://\(shown):\(port)"
    }

    /// Starts the two edge servers on loopback and the proxy listener.
    public func start() throws(InterceptionError) {
        try state.withLock { (state) throws(InterceptionError) in
            guard state.core == nil else {
                throw InterceptionError(code: .startFailed, message: "the interception proxy on \(proxyURL) is already running")
            }
            let decrypted = HTTPServer(responder: decryptedResponder)
            let plain = HTTPServer(responder: plainResponder)
            do {
                try decrypted.start()
                try plain.start()
            } catch {
                decrypted.stop()
                plain.stop()
                throw InterceptionError(code: .startFailed, message: "cannot start the interception proxy's edge servers: \(error)")
            }
            do throws(InterceptionError) {
                let core = try ProxyCore(
                    router: router, authority: authority, configuration: configuration,
                    httpsEdgePort: decrypted.port, httpEdgePort: plain.port)
                var pipeEnds: [Int32] = [0, 0]
                guard pipe(&pipeEnds) == 0 else {
                    throw InterceptionError(code: .startFailed, message: "pipe: \(String(cString: strerror(errno)))")
                }
                for end in pipeEnds { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
                state.wake = (pipeEnds[0], pipeEnds[1])
                let listener = try ProxySocket.listen(host: host, port: requestedPort)
                state.core = core
                state.edges = [decrypted, plain]
                state.port = listener.port
                state.acceptThreads += 1
                startAccepting(listener.fd, mode: .proxy, core: core, wake: pipeEnds[0])
            } catch {
                decrypted.stop()
                plain.stop()
                if let wake = state.wake {
                    close(wake.read)
                    close(wake.write)
                    state.wake = nil
                }
                throw error
            }
        }
    }

    /// Listens on `host:port` for clients that speak TLS directly (no CONNECT), choosing the certificate
    /// by SNI: what an isolated namespace serves on 127.0.0.1:443 once its DNS sends emulated names to
    /// loopback. Returns the bound port. Stops with the proxy. Call after `start()`.
    @discardableResult
    public func startTLSListener(host: String = "127.0.0.1", port: Int = 443) throws(InterceptionError) -> Int {
        try state.withLock { (state) throws(InterceptionError) -> Int in
            guard let core = state.core, let wake = state.wake else {
                throw InterceptionError(code: .startFailed, message: "start the interception proxy before its TLS listener")
            }
            let listener = try ProxySocket.listen(host: host, port: port)
            state.acceptThreads += 1
            startAccepting(listener.fd, mode: .tls, core: core, wake: wake.read)
            return listener.port
        }
    }

    /// Accepts TLS clients (certificate by SNI) on `fd`, a socket already bound and listening — one made
    /// in another network namespace (`drydock exec --isolate`'s 127.0.0.1:443). The proxy takes `fd`
    /// over and closes it when it stops.
    public func startTLSListener(listeningOn fd: Int32) throws(InterceptionError) {
        try state.withLock { (state) throws(InterceptionError) in
            guard let core = state.core, let wake = state.wake else {
                close(fd)
                throw InterceptionError(code: .startFailed, message: "start the interception proxy before its TLS listener")
            }
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)  // the accept loop drains until EAGAIN
            state.acceptThreads += 1
            startAccepting(fd, mode: .tls, core: core, wake: wake.read)
        }
    }

    /// Serves one accepted connection whose client speaks TLS directly (certificate by SNI), on a thread
    /// of its own; the proxy takes `fd` over and closes it. Closes it at once if the proxy is not running
    /// or at its connection limit.
    public func serveTLS(on fd: Int32) {
        guard let core = state.withLock({ $0.core }) else {
            close(fd)
            return
        }
        Self.spawn(fd, mode: .tls, core: core)
    }

    /// Stops accepting, closes every connection, waits for their threads, and stops the edge servers.
    /// Safe to call twice.
    public func stop() {
        let taken = state.withLock { state -> (ProxyCore, [HTTPServer], (read: Int32, write: Int32))? in
            defer {
                state.core = nil
                state.edges = []
                state.wake = nil
            }
            guard let core = state.core, let wake = state.wake else { return nil }
            return (core, state.edges, wake)
        }
        guard let (core, edges, wake) = taken else { return }
        var byte: UInt8 = 1
        _ = write(wake.write, &byte, 1)
        let deadline = ContinuousClock.now + .seconds(5)
        while state.withLock({ $0.acceptThreads }) > 0 && ContinuousClock.now < deadline { usleep(1000) }
        core.registry.shutdownAll()
        _ = core.registry.waitUntilIdle(timeout: .seconds(10))
        for edge in edges { edge.stop() }
        close(wake.read)
        close(wake.write)
    }

    // MARK: Accepting

    private func startAccepting(_ listener: Int32, mode: ProxyConnection.Mode, core: ProxyCore, wake: Int32) {
        let thread = Thread { [self] in
            Self.acceptLoop(listener, mode: mode, core: core, wake: wake)
            close(listener)
            state.withLock { $0.acceptThreads -= 1 }
        }
        thread.name = "drydock-proxy-accept"
        thread.start()
    }

    private static func acceptLoop(_ listener: Int32, mode: ProxyConnection.Mode, core: ProxyCore, wake: Int32) {
        var entries = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0), pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
        while true {
            let ready = poll(&entries, 2, -1)
            if ready < 0 {
                if errno == EINTR { continue }
                return
            }
            if entries[1].revents != 0 { return }
            while true {
                let fd = accept(listener, nil, nil)
                if fd < 0 {
                    if errno == EINTR { continue }
                    break  // EAGAIN: drained; anything else (ECONNABORTED, EMFILE): poll again
                }
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
                spawn(fd, mode: mode, core: core)
            }
        }
    }

    /// Serves `fd` on a new thread, or answers 503 (proxy clients) and closes it when at the limit.
    private static func spawn(_ fd: Int32, mode: ProxyConnection.Mode, core: ProxyCore) {
        guard core.registry.admit() else {
            if mode == .proxy {
                let bytes = ProxyReplies.busy(limit: core.configuration.connectionLimit).bytes
                _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
            }
            close(fd)
            return
        }
        guard core.registry.track(fd) else {
            core.registry.release()
            return
        }
        let thread = Thread {
            blockSIGPIPE()
            ProxyConnection(core: core, client: fd).serve(mode)
            core.registry.close(tracked: fd)
            core.registry.release()
        }
        thread.name = "drydock-proxy-connection"
        thread.start()
    }
}

/// libssl writes to the socket with write(2), which raises SIGPIPE when the client has gone; the default
/// action would kill the whole process. Blocking it on the connection thread (which ends with the
/// connection) turns that into an EPIPE error, without changing the process's signal dispositions, which
/// child processes would inherit.
private func blockSIGPIPE() {
    var signals = sigset_t()
    sigemptyset(&signals)
    sigaddset(&signals, SIGPIPE)
    pthread_sigmask(SIG_BLOCK, &signals, nil)
}
