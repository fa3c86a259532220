import CMicroHTTPD
import DrydockCore
import Foundation
import Glibc
import Synchronization

/// The threads that drive a server's libmicrohttpd daemons: one daemon per thread, each started without
/// an internal thread (`MHD_USE_EPOLL`) on its own duplicate of the listening socket, so the kernel hands
/// each new connection to one of them, as MHD's own thread pool does.
///
/// Why not MHD's internal threads: a thread that blocks in epoll_wait as soon as it has answered puts its
/// processor to sleep, and on a virtual machine waking it for the next request costs more than answering
/// a small one (a halted vCPU wakes through the hypervisor). A client on a keep-alive connection sends its
/// next request within tens of microseconds, so after any activity each thread keeps polling its epoll
/// descriptor without blocking for `spin` (`Configuration.idleSpinMicroseconds`) before it sleeps. A
/// thread with nothing to do costs nothing; one whose connections went quiet costs at most `spin` of CPU.
final class HTTPServerEventLoop: Sendable {
    private let loops: [Loop]
    /// The index of the one thread allowed to spin right now, or -1: two spinning threads on a small
    /// machine would take the processors the clients need.
    private let spinner = SpinToken()

    private final class SpinToken: Sendable {
        let owner = Atomic<Int>(-1)
    }

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

        init(daemon: OpaquePointer, epollFD: Int32, wake: WakePipe) {
            self.daemon = daemon
            self.epollFD = epollFD
            self.wake = wake
        }
    }

    /// Starts `count` daemons with `start(fd)` on duplicates of `listenFD` (the first gets `listenFD`
    /// itself; each daemon owns and closes its own) and one thread for each. On failure every daemon
    /// started so far is stopped, and `listenFD` is closed unless no daemon took it.
    init(
        count: Int, listenFD: Int32, spin: Duration, wakers: HTTPServerWakers,
        start: (Int32) -> OpaquePointer?
    ) throws(HTTPServerError) {
        var loops: [Loop] = []
        func abandon(_ reason: String) -> HTTPServerError {
            for loop in loops { MHD_stop_daemon(loop.daemon) }
            return HTTPServerError(code: .startFailed, message: reason)
        }
        for index in 0..<count {
            let fd = index == 0 ? listenFD : fcntl(listenFD, F_DUPFD_CLOEXEC, 0)
            guard fd >= 0 else { throw abandon("cannot duplicate the listening socket: \(String(cString: strerror(errno)))") }
            guard let daemon = start(fd) else {
                if index > 0 { close(fd) }
                throw abandon("libmicrohttpd refused to start")
            }
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
            wakers.add(wake)
            loops.append(Loop(daemon: daemon, epollFD: epollFD, wake: wake))
        }
        self.loops = loops
        let spinNanoseconds = Self.nanoseconds(spin)
        for (index, loop) in loops.enumerated() {
            let thread = Thread { [spinner] in
                Self.run(loop, index: index, spinner: spinner, spinNanoseconds: spinNanoseconds)
                loop.finished.signal()
            }
            thread.name = "drydock-http-\(index)"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// poll(2) calls of every thread so far: a thread that spins adds one a few microseconds apart, a
    /// sleeping one at most one a second.
    var polls: Int { loops.reduce(0) { $0 + $1.polls.load(ordering: .relaxed) } }

    /// Ends every thread and waits for it, then stops the daemons (closing their connections and sockets).
    /// Parked requests must already be resumed (MHD refuses to stop with a suspended connection).
    func stop() {
        for loop in loops {
            loop.stopping.store(true, ordering: .releasing)
            loop.wake.signal()
        }
        for loop in loops { loop.finished.wait() }
        for loop in loops { MHD_stop_daemon(loop.daemon) }
    }

    /// Waits for the daemon's epoll descriptor (or its own timeout) and lets it run, spinning instead of
    /// sleeping for `spinNanoseconds` after anything happened.
    private static func run(_ loop: Loop, index: Int, spinner: SpinToken, spinNanoseconds: Int64) {
        var fds = [pollfd(fd: loop.epollFD, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: loop.wake.readFD, events: Int16(POLLIN), revents: 0)]
        var spinUntil: Int64 = 0
        var holdsSpinner = false
        while !loop.stopping.load(ordering: .acquiring) {
            let own = CMHD_daemon_timeout_ms(loop.daemon)
            var spinning = spinNanoseconds > 0 && monotonicNanoseconds() < spinUntil
            if spinning && !holdsSpinner {
                holdsSpinner = spinner.owner.compareExchange(expected: -1, desired: index, ordering: .acquiring).exchanged
                spinning = holdsSpinner
            } else if !spinning && holdsSpinner {
                spinner.owner.store(-1, ordering: .releasing)
                holdsSpinner = false
            }
            // At most a second between runs, so a missed wake-up cannot stall the loop for long.
            let timeout: Int32 = own == 0 || spinning ? 0 : own < 0 ? 1000 : Int32(min(own, 1000))
            fds[0].revents = 0
            fds[1].revents = 0
            let ready = poll(&fds, 2, timeout)
            loop.polls.add(1, ordering: .relaxed)
            let woken = ready > 0 && fds[1].revents != 0
            if woken { loop.wake.drain() }
            // Woken: a connection was resumed from another thread, which MHD runs only when it is run.
            let active = ready > 0 && (fds[0].revents != 0 || woken)
            if active || own == 0 || (ready == 0 && timeout > 0) {
                _ = MHD_run(loop.daemon)
            } else if spinning {
                // Lets a client waiting for this processor send its next request.
                sched_yield()
            }
            if active, spinNanoseconds > 0 { spinUntil = monotonicNanoseconds() + spinNanoseconds }
        }
        if holdsSpinner { spinner.owner.store(-1, ordering: .releasing) }
    }

    private static func monotonicNanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return max(0, min(seconds, 1) * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
