import DrydockCore
internal import CIsolation
import Foundation
import Synchronization

/// Serves a `DNSAnswerer` on a bound UDP socket and a listening TCP socket (RFC 7766: two-byte length,
/// pipelined queries) on one thread with poll(2), until `stop()`. The sockets may belong to another
/// network namespace: this is how the resolver answers inside the isolated namespace from outside it.
///
/// Bounded: a datagram longer than `DNSAnswerer.maxQueryBytes` is answered FORMERR from its header; a TCP
/// connection announcing a longer message, sending one that is dropped, idle for `idleTimeout`, or past
/// `maxConnections` is closed; an answer that does not fit the socket buffer at once closes the
/// connection rather than wait.
///
/// Each name answered NXDOMAIN reaches `report` once (the first time), on this thread.
final class DNSServer: Sendable {
    static let maxConnections = 32
    static let idleTimeout = Duration.seconds(10)

    private struct State {
        var stopped = false
        var reported: Set<String> = []
        var blockedNames: [String] = []
    }

    private let answerer: DNSAnswerer
    private let udp: Int32
    private let tcp: Int32
    private let report: @Sendable (String) -> Void
    private let wake: WakePipe
    private let state = Mutex(State())
    private let finished = DispatchSemaphore(value: 0)
    /// Distinct names remembered for deduplication; past it, names are reported every time.
    static let rememberedNames = 10_000

    /// Takes ownership of `udp` and `tcp` (closed by `stop()`) and starts serving.
    init(answerer: DNSAnswerer, udp: Int32, tcp: Int32, report: @escaping @Sendable (String) -> Void) throws(IsolationError) {
        self.answerer = answerer
        self.udp = udp
        self.tcp = tcp
        self.report = report
        do { wake = try WakePipe() } catch {
            throw IsolationError(code: .launchFailed, message: "cannot start the isolated resolver: \(error)")
        }
        for fd in [udp, tcp] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        let thread = Thread { [self] in
            run()
            finished.signal()
        }
        thread.name = "drydock-isolation-dns"
        thread.stackSize = 256 * 1024
        thread.start()
    }

    /// Stops the thread, waits for it, closes every socket. Safe to call twice.
    func stop() {
        let first = state.withLock { state in
            defer { state.stopped = true }
            return !state.stopped
        }
        guard first else { return }
        wake.signal()
        finished.wait()
        close(udp)
        close(tcp)
    }

    /// Every distinct name reported so far, in order.
    var blockedNames: [String] { state.withLock { $0.blockedNames } }

    private struct Connection {
        let fd: Int32
        var buffer: [UInt8] = []
        var lastActivity = ContinuousClock.now
    }

    private func run() {
        var connections: [Connection] = []
        defer { for connection in connections { close(connection.fd) } }
        while !state.withLock({ $0.stopped }) {
            var fds = [wake.readFD, udp, tcp].map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            fds += connections.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&fds, nfds_t(fds.count), 1000)
            if ready < 0 && errno != EINTR { return }
            if fds[0].revents != 0 { wake.drain() }
            if fds[1].revents != 0 { serveDatagrams() }
            var open: [Connection] = []
            for (index, var connection) in connections.enumerated() {
                let events = fds[3 + index].revents
                let keep = events == 0 ? ContinuousClock.now - connection.lastActivity < Self.idleTimeout : serve(&connection)
                if keep { open.append(connection) } else { close(connection.fd) }
            }
            connections = open
            // After the loop above: `fds` describes only the connections that were polled.
            if fds[2].revents != 0 { accept(into: &connections) }
        }
    }

    private func serveDatagrams() {
        // One byte more than a query may have, so an oversized datagram arrives oversized (and gets FORMERR).
        var buffer = [UInt8](repeating: 0, count: DNSAnswerer.maxQueryBytes + 1)
        for _ in 0..<64 {
            var peer = sockaddr_storage()
            var peerLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let count = withUnsafeMutablePointer(to: &peer) { peer in
                peer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                    buffer.withUnsafeMutableBytes { recvfrom(udp, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT), address, &peerLength) }
                }
            }
            if count < 0 {
                if errno == EINTR { continue }
                return
            }
            guard let reply = answer(Array(buffer.prefix(count))) else { continue }
            _ = withUnsafePointer(to: &peer) { peer in
                peer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                    reply.withUnsafeBytes { sendto(udp, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT | MSG_NOSIGNAL), address, peerLength) }
                }
            }
        }
    }

    private func accept(into connections: inout [Connection]) {
        for _ in 0..<16 {
            let fd = CIsolation_accept(tcp)
            if fd < 0 {
                if errno == EINTR { continue }
                return
            }
            guard connections.count < Self.maxConnections else {
                close(fd)
                continue
            }
            connections.append(Connection(fd: fd))
        }
    }

    /// Reads what arrived and answers every complete message; false when the connection should close.
    private func serve(_ connection: inout Connection) -> Bool {
        let capacity = 2 + DNSAnswerer.maxQueryBytes
        var chunk = [UInt8](repeating: 0, count: capacity - connection.buffer.count)
        let count = chunk.withUnsafeMutableBytes { recv(connection.fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
        if count < 0 { return errno == EINTR || errno == EAGAIN }
        if count == 0 { return false }
        connection.buffer += chunk.prefix(count)
        connection.lastActivity = .now
        while connection.buffer.count >= 2 {
            let length = Int(connection.buffer[0]) << 8 | Int(connection.buffer[1])
            guard length <= DNSAnswerer.maxQueryBytes else { return false }
            guard connection.buffer.count >= 2 + length else { break }
            let message = Array(connection.buffer[2..<(2 + length)])
            connection.buffer.removeFirst(2 + length)
            guard let reply = answer(message) else { return false }
            let framed = [UInt8(reply.count >> 8), UInt8(reply.count & 0xFF)] + reply
            let sent = framed.withUnsafeBytes { send(connection.fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT | MSG_NOSIGNAL)) }
            guard sent == framed.count else { return false }
        }
        return true
    }

    private func answer(_ query: [UInt8]) -> [UInt8]? {
        answerer.answer(query: query) { name in noteBlocked(name) }
    }

    private func noteBlocked(_ name: String) {
        let isNew = state.withLock { state -> Bool in
            if state.reported.contains(name) { return false }
            state.blockedNames.append(name)
            if state.reported.count < Self.rememberedNames { state.reported.insert(name) }
            if state.blockedNames.count > Self.rememberedNames { state.blockedNames.removeFirst() }
            return true
        }
        if isNew { report(name) }
    }
}
