import EmulatorKit
import Foundation

/// One client connection on a proxy or TLS listener, served on its own thread from accept to close.
struct ProxyConnection {
    enum Mode {
        /// A forward-proxy client: `CONNECT host:port` opens a tunnel (TLS terminated for port 443); any
        /// other request is relayed in clear to the plain-HTTP edge, which reads absolute-form targets.
        case proxy
        /// A client speaking TLS directly (a listener on :443); the certificate is chosen by SNI.
        case tls
    }

    let core: ProxyCore
    let client: Int32

    func serve(_ mode: Mode) {
        ProxySocket.setNonBlocking(client)
        ProxySocket.setNoDelay(client)
        switch mode {
        case .proxy: serveProxyClient()
        case .tls: serveTLSClient()
        }
    }

    // MARK: Forward proxy

    /// Reads the head as `ProxyRequestHead.decide` asks (byte by byte inside a CONNECT head, so no byte
    /// of the TLS handshake after it is taken) and acts on its verdict.
    private func serveProxyClient() {
        let deadline = ContinuousClock.now + core.configuration.headTimeout
        var head: [UInt8] = []
        while true {
            switch ProxyRequestHead.decide(head[...], maxHeadBytes: core.configuration.maxHeadBytes) {
            case .read(let count):
                guard read(into: &head, count: count, deadline: deadline) else { return }
            case .connect(let host, let port, _):
                openTunnel(to: host, port: port)
                return
            case .relay:
                relayInClear(pending: head)
                return
            case .badRequest(let detail):
                reply(ProxyReplies.badRequest(detail))
                return
            case .headTooLarge:
                reply(ProxyReplies.headTooLarge(limit: core.configuration.maxHeadBytes))
                return
            }
        }
    }

    private func openTunnel(to host: HostName, port: Int) {
        if case .refuse(let reason) = InterceptedHosts.route(host, port: port) {
            core.router.recordBlockedEgress(host: host.name, via: "CONNECT", status: 403)
            reply(ProxyReplies.refused(host: host, port: port, reason: reason))
            return
        }
        let terminatesTLS = port == 443
        let context: TLSServerContext?
        do {
            context = terminatesTLS ? try core.authority.serverContext(forHost: host.name) : nil
        } catch {
            reply(ProxyReplies.backendUnavailable("no certificate for \(host.name): \(error)"))
            return
        }
        guard let upstream = connectToEdge(tls: terminatesTLS) else { return }
        defer { core.registry.close(tracked: upstream) }
        guard ProxySocket.sendAll(client, ProxyReplies.established, until: ContinuousClock.now + core.configuration.headTimeout) else { return }
        guard let context else {
            _ = Relay.run(client: PlainEndpoint(fd: client), upstream: PlainEndpoint(fd: upstream), idleTimeout: core.configuration.idleTimeout)
            return
        }
        guard let session = TLSSession(context: context, fd: client),
              session.handshake(until: ContinuousClock.now + core.configuration.handshakeTimeout) else { return }
        _ = Relay.run(client: session, upstream: PlainEndpoint(fd: upstream), idleTimeout: core.configuration.idleTimeout)
    }

    private func relayInClear(pending: [UInt8]) {
        guard let upstream = connectToEdge(tls: false) else { return }
        defer { core.registry.close(tracked: upstream) }
        _ = Relay.run(client: PlainEndpoint(fd: client), upstream: PlainEndpoint(fd: upstream), pending: pending,
                      idleTimeout: core.configuration.idleTimeout)
    }

    // MARK: Direct TLS

    private func serveTLSClient() {
        guard let session = TLSSession(context: core.sniContext, fd: client),
              session.handshake(until: ContinuousClock.now + core.configuration.handshakeTimeout) else { return }
        guard let upstream = connectToEdge(tls: true, replyOnFailure: false) else { return }
        defer { core.registry.close(tracked: upstream) }
        _ = Relay.run(client: session, upstream: PlainEndpoint(fd: upstream), idleTimeout: core.configuration.idleTimeout)
    }

    // MARK: Helpers

    /// A tracked connection to the edge server for decrypted (`tls`) or clear-text traffic; on failure
    /// the client gets a 502 (unless `replyOnFailure` is false: it is mid-TLS) and nil comes back.
    private func connectToEdge(tls: Bool, replyOnFailure: Bool = true) -> Int32? {
        switch ProxySocket.connectLoopback(port: tls ? core.httpsEdgePort : core.httpEdgePort) {
        case .success(let fd):
            return core.registry.track(fd) ? fd : nil
        case .failure(let error):
            if replyOnFailure { reply(ProxyReplies.backendUnavailable(error.message)) }
            return nil
        }
    }

    /// Appends up to `count` bytes; false when the client closed, failed, or `deadline` passed (a 408 is
    /// sent then if the client had started a request).
    private func read(into buffer: inout [UInt8], count: Int, deadline: ContinuousClock.Instant) -> Bool {
        var chunk = [UInt8](repeating: 0, count: count)
        while true {
            let received = recv(client, &chunk, count, 0)
            if received > 0 {
                buffer.append(contentsOf: chunk[0..<received])
                return true
            }
            if received == 0 { return false }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK:
                guard ProxySocket.wait(client, for: Int16(POLLIN), until: deadline) else {
                    if !buffer.isEmpty { reply(ProxyReplies.requestTimeout(seconds: Int(core.configuration.headTimeout.components.seconds))) }
                    return false
                }
            default:
                return false
            }
        }
    }

    /// Sends the proxy's own answer and ends the connection: a half-close, then whatever the client still
    /// sends is read and dropped for a moment (closing with unread input would reset the connection, and
    /// the reset can destroy the answer before the client reads it).
    private func reply(_ reply: ProxyReply) {
        ProxySocket.sendAll(client, reply.bytes, until: ContinuousClock.now + .seconds(2))
        _ = shutdown(client, Int32(SHUT_WR))
        let deadline = ContinuousClock.now + .milliseconds(500)
        var discard = [UInt8](repeating: 0, count: 4096)
        var total = 0
        while total < 256 * 1024 {
            let received = recv(client, &discard, discard.count, 0)
            if received > 0 {
                total += received
            } else if received < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
                guard ProxySocket.wait(client, for: Int16(POLLIN), until: deadline) else { return }
            } else {
                return
            }
        }
    }
}
