import DrydockCore
import CMicroHTTPD
import Foundation
import Glibc
import Synchronization

/// One thread per server run for everything the event loop must not wait for: it polls the sockets of
/// hanging requests (to drop them when the peer leaves or `maxHangSeconds` pass), drains lingering
/// closes, sweeps for late request heads, and gives freed request bodies back to the system.
///
/// Sleeping in a libmicrohttpd callback would stall every connection sharing that event-loop thread;
/// here one thread serves any number of waits with a single poll(2).
final class HTTPServerMonitor: Sendable {
    private let suspensions: HTTPServerSuspensions
    private let connections: HTTPServerConnections
    private let statistics: HTTPServerCounters
    private let headTimeout: Duration?
    private let wake: WakePipe
    private let state = Mutex(State())
    /// Signalled when the thread has left its loop, so `stop()` can wait for it.
    private let finished = DispatchSemaphore(value: 0)

    private struct State {
        var hangs: [Hang] = []
        var lingering: [Lingering] = []
        var trimRequested = false
        var stopping = false
    }

    /// A parked `.hang`: its connection is resumed (and closed) when the peer leaves or at `deadline`.
    private struct Hang {
        let context: HTTPServerRequestContext
        let fd: Int32
        let deadline: ContinuousClock.Instant
    }

    /// A closed connection's socket kept open (a dup) to read and discard what the client still sends.
    private struct Lingering {
        let fd: Int32
        let deadline: ContinuousClock.Instant
    }

    /// How often the sweep runs: a quarter of the head timeout, between 50 ms and 1 s (1 s without one).
    private let sweepInterval: Duration
    /// Trims run at most this often, however many large bodies are freed.
    private static let trimInterval = Duration.milliseconds(200)

    init(
        suspensions: HTTPServerSuspensions, connections: HTTPServerConnections, statistics: HTTPServerCounters,
        headTimeoutSeconds: Double
    ) throws(HTTPServerError) {
        self.suspensions = suspensions
        self.connections = connections
        self.statistics = statistics
        headTimeout = headTimeoutSeconds > 0 ? .milliseconds(Int64((headTimeoutSeconds * 1000).rounded(.up))) : nil
        sweepInterval = .milliseconds(headTimeoutSeconds > 0 ? Int64(min(1000, max(50, headTimeoutSeconds * 250))) : 1000)
        do { wake = try WakePipe() } catch {
            throw HTTPServerError(code: .startFailed, message: "cannot start HTTP server: \(error)")
        }
        let thread = Thread { [self] in
            run()
            finished.signal()
        }
        thread.name = "drydock-http-monitor"
        thread.stackSize = 256 * 1024
        thread.start()
    }

    /// Watches a parked `.hang` until its peer leaves or `seconds` pass, then resumes it to be closed.
    func watchHang(_ context: HTTPServerRequestContext, fd: Int32, seconds: Double) {
        let deadline = ContinuousClock.now + .milliseconds(Int64(min(seconds, 1e9) * 1000))
        state.withLock { $0.hangs.append(Hang(context: context, fd: fd, deadline: deadline)) }
        wake.signal()
    }

    /// Takes ownership of `fd`, a dup of a connection whose answer went out before its request body
    /// was read, and reads and discards until the client closes or `seconds` pass.
    ///
    /// Closing a socket with unread data in its receive buffer makes the kernel send a RST, which can
    /// destroy the answer before the client reads it (the client, still uploading, would see "broken
    /// pipe"). Shutting down the sending side and draining lets the answer arrive intact; clients stop
    /// uploading as soon as they see an early response, so this rarely reads much.
    func linger(fd: Int32, seconds: Double) {
        _ = shutdown(fd, Int32(SHUT_WR))
        let accepted = state.withLock { state in
            guard !state.stopping else { return false }
            state.lingering.append(Lingering(fd: fd, deadline: .now + .milliseconds(Int64(seconds * 1000))))
            return true
        }
        if accepted { wake.signal() } else { close(fd) }
    }

    /// Asks for the heap to be trimmed soon (a large request body was freed).
    func requestTrim() {
        let first = state.withLock { state in
            defer { state.trimRequested = true }
            return !state.trimRequested
        }
        if first { wake.signal() }
    }

    /// Ends the thread and waits for it; closes every lingering socket. Hangs must already be resumed.
    func stop() {
        state.withLock { $0.stopping = true }
        wake.signal()
        finished.wait()
    }

    private func run() {
        var nextSweep = ContinuousClock.now + sweepInterval
        var lastTrim = ContinuousClock.now - Self.trimInterval
        while true {
            let (hangs, lingering, trimRequested, stopping) = state.withLock {
                ($0.hangs, $0.lingering, $0.trimRequested, $0.stopping)
            }
            if stopping { break }
            var wakeAt = nextSweep
            for hang in hangs { wakeAt = min(wakeAt, hang.deadline) }
            for each in lingering { wakeAt = min(wakeAt, each.deadline) }
            if trimRequested { wakeAt = min(wakeAt, lastTrim + Self.trimInterval) }
            let (hangEvents, lingeringEvents) = waitForEvents(hangs: hangs, lingering: lingering, until: wakeAt)

            let now = ContinuousClock.now
            let peerGone = CMHD_POLLRDHUP() | Int16(POLLHUP) | Int16(POLLERR) | Int16(POLLNVAL)
            let endedHangs = zip(hangs, hangEvents).filter { $1 & peerGone != 0 || now >= $0.deadline }.map(\.0)
            let closedLingering = zip(lingering, lingeringEvents)
                .filter { now >= $0.deadline || ($1 != 0 && !Self.discardAvailable($0.fd)) }.map(\.0.fd)
            end(endedHangs, closing: closedLingering)
            if trimRequested && now >= lastTrim + Self.trimInterval {
                state.withLock { $0.trimRequested = false }
                _ = malloc_trim(0)
                lastTrim = now
            }
            if now >= nextSweep {
                let swept = connections.sweep(now: now, headTimeout: headTimeout)
                if swept.lateHeads > 0 { statistics.update { $0.headTimeouts += swept.lateHeads } }
                nextSweep = now + sweepInterval
            }
        }
        let remaining = state.withLock { state in
            defer { state.lingering = []; state.hangs = [] }
            return state.lingering.map(\.fd)
        }
        for fd in remaining { close(fd) }
    }

    /// One poll(2) over the wake pipe, the hanging and the lingering sockets, until `deadline` at the
    /// latest; returns each socket's events (all 0 on a timeout or an error).
    private func waitForEvents(hangs: [Hang], lingering: [Lingering], until deadline: ContinuousClock.Instant)
        -> (hangs: [Int16], lingering: [Int16])
    {
        var fds = [pollfd(fd: wake.readFD, events: Int16(POLLIN), revents: 0)]
        fds += hangs.map { pollfd(fd: $0.fd, events: CMHD_POLLRDHUP(), revents: 0) }
        fds += lingering.map { pollfd(fd: $0.fd, events: Int16(POLLIN) | CMHD_POLLRDHUP(), revents: 0) }
        let now = ContinuousClock.now
        let timeout = deadline > now ? Int32(clamping: (deadline - now).roundedUpMilliseconds) : 0
        if poll(&fds, nfds_t(fds.count), timeout) < 0 {
            for index in fds.indices { fds[index].revents = 0 }
        }
        if fds[0].revents != 0 { wake.drain() }
        let events = fds.dropFirst().map(\.revents)
        return (Array(events.prefix(hangs.count)), Array(events.dropFirst(hangs.count)))
    }

    /// Forgets the ended hangs and resumes them to be closed; closes the lingering sockets that are done.
    private func end(_ hangs: [Hang], closing lingering: [Int32]) {
        guard !hangs.isEmpty || !lingering.isEmpty else { return }
        let ended = Set(hangs.map { ObjectIdentifier($0.context) }), closed = Set(lingering)
        state.withLock { state in
            state.hangs.removeAll { ended.contains(ObjectIdentifier($0.context)) }
            state.lingering.removeAll { closed.contains($0.fd) }
        }
        for hang in hangs { suspensions.resume(hang.context, with: .close) }
        for fd in lingering { close(fd) }
    }

    /// Reads and discards what is waiting on `fd`, at most 1 MiB per call so a client that keeps sending
    /// cannot hold the monitor past its deadlines; false once the peer has closed or the socket failed.
    private static func discardAvailable(_ fd: Int32) -> Bool {
        var scratch = [UInt8](repeating: 0, count: 64 * 1024)
        for _ in 0..<16 {
            let count = scratch.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if count > 0 { continue }
            if count == 0 { return false }
            return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR
        }
        return true
    }
}

extension Duration {
    /// Whole milliseconds, rounded up (a poll timeout that wakes early would spin).
    var roundedUpMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        guard !overflow else { return seconds < 0 ? 0 : Int64.max }
        return scaled + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
    }
}
