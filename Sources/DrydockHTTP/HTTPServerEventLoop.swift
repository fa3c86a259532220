import CMicroHTTPD
import DrydockCore
import Foundation
import Glibc
import Synchronization

/// The threads that drive a server's libmicrohttpd daemons: one daemon per thread, each started without
/// an internal thread (`MHD_USE_EPOLL`) and without a listening socket. The threads accept connections
/// themselves and hand each to their own daemon (`MHD_add_connection`), always to the thread holding
/// the fewest, so a burst of new connections is spread over every thread.
///
/// Why not MHD's internal threads: a thread that blocks in epoll_wait as soon as it has answered puts its
/// processor to sleep, and on a virtual machine waking it for the next request costs more than answering
/// a small one (a halted vCPU wakes through the hypervisor). A client on a keep-alive connection sends its
/// next request within tens of microseconds, so after any activity a thread keeps polling without
/// blocking for `spin` (`Configuration.idleSpinMicroseconds`) before it sleeps. A thread with nothing to
/// do sleeps (waking at most once a second); one whose connections went quiet costs at most `spin` of CPU.
/// Only one thread spins at a time, and it yields its processor on every empty poll. Every thread watches
/// the listening socket while it may accept, so a new connection wakes each of them once. MHD's own thread pool also let whichever
/// thread woke first accept a whole burst of connections, leaving the others idle.
final class HTTPServerEventLoop: Sendable {
    private let loops: [Loop]
    private let listenFD: Int32

    /// One daemon and the thread driving it. The daemon is used only by that thread, and by `stop()` once
    /// the thread has finished.
    private final class Loop: @unchecked Sendable {
        let daemon: OpaquePointer
        let epollFD: Int32
        let wake: WakePipe
        let stopping = Atomic<Bool>(false)
        let finished = DispatchSemaphore(value: 0)
        /// poll(2) calls so far, blocking or not.
        let polls = Atomic<Int>(0)
        /// Connections the daemon holds, as of its last run plus those accepted since.
        let connections = Atomic<Int>(0)
        /// When the thread entered `MHD_run` (monotonic ns), 0 outside it: a thread answering for longer
        /// than `stuckNanoseconds` is not waited for to accept.
        let busySince = Atomic<Int64>(0)
        /// Until when this thread does not accept (monotonic ns): it ran out of descriptors or memory.
        let acceptPausedUntil = Atomic<Int64>(0)

        /// Whether other threads should leave the next connection to this one.
        func acceptsAt(_ now: Int64) -> Bool {
            let since = busySince.load(ordering: .relaxed)
            return (since == 0 || now - since < HTTPServerEventLoop.stuckNanoseconds)
                && now >= acceptPausedUntil.load(ordering: .relaxed)
        }

        init(daemon: OpaquePointer, epollFD: Int32, wake: WakePipe) {
            self.daemon = daemon
            self.epollFD = epollFD
            self.wake = wake
        }
    }

    /// A thread inside one `MHD_run` for longer than this is answering slowly (a blocking responder).
    static let stuckNanoseconds: Int64 = 1_000_000

    /// Set when the server starts stopping: no thread accepts from then on.
    private let acceptingStopped = Flag()

    private final class Flag: Sendable {
        let value = Atomic<Bool>(false)
    }

    /// What every thread shares.
    private struct Shared: @unchecked Sendable {
        let loops: [Loop]
        let acceptingStopped: Flag
        let listenFD: Int32
        let connectionLimit: Int
        let spinNanoseconds: Int64
        let spinner: SpinToken
    }

    /// The index of the one thread allowed to spin right now, or -1.
    private final class SpinToken: Sendable {
        let owner = Atomic<Int>(-1)
    }

    /// Starts `count` daemons with `start()` and one thread for each, accepting on `listenFD` (a bound,
    /// listening socket this loop owns from here on and closes in `stop()`, or at once if it cannot start).
    /// Each daemon holds at most `connectionLimit` connections; the rest wait in the listen backlog.
    init(
        count: Int, listenFD: Int32, connectionLimit: Int, spin: Duration, wakers: HTTPServerWakers,
        start: () -> OpaquePointer?
    ) throws(HTTPServerError) {
        var loops: [Loop] = []
        func abandon(_ reason: String) -> HTTPServerError {
            for loop in loops { MHD_stop_daemon(loop.daemon) }
            close(listenFD)
            return HTTPServerError(code: .startFailed, message: reason)
        }
        _ = fcntl(listenFD, F_SETFL, fcntl(listenFD, F_GETFL) | O_NONBLOCK)
        for _ in 0..<count {
            guard let daemon = start() else { throw abandon("libmicrohttpd refused to start") }
            let epollFD = CMHD_daemon_epoll_fd(daemon)
            let wake: WakePipe
            do { wake = try WakePipe() } catch {
                MHD_stop_daemon(daemon)
                throw abandon("\(error)")
            }
            guard epollFD >= 0 else {
                MHD_stop_daemon(daemon)
                throw abandon("libmicrohttpd has no epoll descriptor")
            }
            wakers.add(wake, for: daemon)
            loops.append(Loop(daemon: daemon, epollFD: epollFD, wake: wake))
        }
        self.loops = loops
        self.listenFD = listenFD
        let started = loops
        let shared = Shared(
            loops: started, acceptingStopped: acceptingStopped, listenFD: listenFD, connectionLimit: connectionLimit,
            spinNanoseconds: Self.nanoseconds(spin), spinner: SpinToken())
        for index in loops.indices {
            let thread = Thread {
                Self.run(index, shared)
                started[index].finished.signal()
            }
            thread.name = "drydock-http-\(index)"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// poll(2) calls of every thread so far: a thread that spins adds one a few microseconds apart, a
    /// sleeping one at most one a second.
    var polls: Int { loops.reduce(0) { $0 + $1.polls.load(ordering: .relaxed) } }

    /// The connections each thread's daemon holds, as of its last run.
    var connectionsPerThread: [Int] { loops.map { $0.connections.load(ordering: .relaxed) } }

    /// Stops accepting: connections still waiting stay in the backlog until the listening socket closes.
    func stopAccepting() { acceptingStopped.value.store(true, ordering: .releasing) }

    /// Ends every thread and waits for it, then stops the daemons (closing their connections) and closes
    /// the listening socket. Parked requests must already be resumed (MHD refuses to stop with a
    /// suspended connection).
    func stop() {
        for loop in loops {
            loop.stopping.store(true, ordering: .releasing)
            loop.wake.signal()
        }
        for loop in loops { loop.finished.wait() }
        for loop in loops { MHD_stop_daemon(loop.daemon) }
        close(listenFD)
    }

    /// Waits for the daemon's epoll descriptor, the listening socket or the daemon's own timeout, accepts
    /// and lets the daemon run; spins instead of sleeping for a while after anything happened.
    private static func run(_ index: Int, _ shared: Shared) {
        let loop = shared.loops[index]
        var fds = [pollfd(fd: loop.epollFD, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: loop.wake.readFD, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: shared.listenFD, events: Int16(POLLIN), revents: 0)]
        var spinUntil: Int64 = 0
        var holdsSpinner = false
        /// Set when a connection waited that another thread should take: it is looked at again soon.
        var deferredAccept = false
        while !loop.stopping.load(ordering: .acquiring) {
            let now = monotonicNanoseconds()
            var spinning = shared.spinNanoseconds > 0 && now < spinUntil
            if spinning && !holdsSpinner {
                holdsSpinner = shared.spinner.owner.compareExchange(expected: -1, desired: index, ordering: .acquiring).exchanged
                spinning = holdsSpinner
            } else if !spinning && holdsSpinner {
                shared.spinner.owner.store(-1, ordering: .releasing)
                holdsSpinner = false
            }
            // A full thread watches again once its own run shows a connection gone; a paused one when its
            // pause is over.
            let full = loop.connections.load(ordering: .relaxed) >= shared.connectionLimit
            let pausedUntil = loop.acceptPausedUntil.load(ordering: .relaxed)
            let accepting = !shared.acceptingStopped.value.load(ordering: .acquiring) && !full
            let watchesListener = accepting && !deferredAccept && now >= pausedUntil
            fds[2].fd = watchesListener ? shared.listenFD : -1
            let own = CMHD_daemon_timeout_ms(loop.daemon)
            // At most a second between runs, so a missed wake-up cannot stall the loop for long; a few
            // milliseconds while a connection waits for another thread, or until a pause ends.
            let ceiling: Int64 = deferredAccept && accepting ? 5
                : accepting && now < pausedUntil ? max(1, (pausedUntil - now) / 1_000_000) : 1000
            let timeout: Int32 = own == 0 || spinning ? 0 : own < 0 ? Int32(ceiling) : Int32(min(own, ceiling))
            for slot in fds.indices { fds[slot].revents = 0 }
            let ready = poll(&fds, 3, timeout)
            loop.polls.add(1, ordering: .relaxed)
            let woken = ready > 0 && fds[1].revents != 0
            if woken { loop.wake.drain() }
            deferredAccept = false
            var accepted = false
            if ready > 0, fds[2].revents != 0 {
                switch accept(index, shared) {
                case .accepted: accepted = true
                case .leftForAnother: deferredAccept = true
                case .paused: loop.acceptPausedUntil.store(monotonicNanoseconds() + 100_000_000, ordering: .relaxed)
                case .none: break
                }
            }
            // Woken: a connection was resumed from another thread, which MHD runs only when it is run.
            let active = ready > 0 && (fds[0].revents != 0 || woken || accepted)
            if active || own == 0 || (ready == 0 && timeout > 0) {
                loop.busySince.store(monotonicNanoseconds(), ordering: .relaxed)
                _ = MHD_run(loop.daemon)
                loop.busySince.store(0, ordering: .relaxed)
                loop.connections.store(Int(CMHD_daemon_connections(loop.daemon)), ordering: .relaxed)
            } else if spinning {
                // Lets a client waiting for this processor send its next request.
                sched_yield()
            }
            if active, shared.spinNanoseconds > 0 { spinUntil = monotonicNanoseconds() + shared.spinNanoseconds }
        }
        if holdsSpinner { shared.spinner.owner.store(-1, ordering: .releasing) }
    }

    private enum AcceptOutcome {
        /// At least one connection was handed to this thread's daemon.
        case accepted
        /// A connection waits, but another thread holds fewer (or this one is full).
        case leftForAnother
        /// The process is out of descriptors or memory: try again later.
        case paused
        /// Nothing was waiting after all.
        case none
    }

    /// Accepts waiting connections for thread `index` while it holds no more than any other thread that
    /// is free to accept (one inside a slow answer is not waited for), at most 16 at a time.
    private static func accept(_ index: Int, _ shared: Shared) -> AcceptOutcome {
        let loop = shared.loops[index]
        var accepted = 0, attempts = 0
        while accepted < 16, attempts < 64 {
            attempts += 1
            guard takesTheNext(index, shared) else { return accepted > 0 ? .accepted : .leftForAnother }
            var address = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let fd = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    CMHD_accept(shared.listenFD, $0, &length)
                }
            }
            guard fd >= 0 else {
                switch errno {
                case EAGAIN, EWOULDBLOCK: return accepted > 0 ? .accepted : .none
                case EMFILE, ENFILE, ENOBUFS, ENOMEM: return accepted > 0 ? .accepted : .paused
                // The connection that failed is gone (aborted, or a network error accept(2) says to treat
                // like EAGAIN); the next may be fine.
                default: continue
                }
            }
            loop.connections.add(1, ordering: .relaxed)
            accepted += 1
            // MHD closes the socket itself if it cannot take it.
            _ = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { MHD_add_connection(loop.daemon, fd, $0, length) }
            }
        }
        return accepted > 0 ? .accepted : .none
    }

    /// Whether thread `index` should take the next waiting connection: it has room, and no other thread
    /// that accepts (not stuck in a slow answer, not paused, not full) holds fewer.
    private static func takesTheNext(_ index: Int, _ shared: Shared) -> Bool {
        let mine = shared.loops[index].connections.load(ordering: .relaxed)
        guard mine < shared.connectionLimit, !shared.acceptingStopped.value.load(ordering: .acquiring) else { return false }
        let now = monotonicNanoseconds()
        for (other, loop) in shared.loops.enumerated() where other != index {
            if loop.acceptsAt(now), loop.connections.load(ordering: .relaxed) < mine { return false }
        }
        return true
    }

    static func monotonicNanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return max(0, min(seconds, 1) * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
