import CMicroHTTPD
import DrydockCore
import Synchronization

/// The wake pipes of a server run's event-loop threads, by the daemon each drives. libmicrohttpd driven
/// from outside (as `HTTPServerEventLoop` drives it) runs a connection resumed from another thread on its
/// next run; its own signal for that can be consumed by a run already under way, so whoever resumes a
/// connection also wakes the thread that owns it.
final class HTTPServerWakers: Sendable {
    private let pipes = Mutex<[UInt: WakePipe]>([:])

    /// Registers the pipe of the thread driving `daemon` (before the thread can see any connection).
    func add(_ pipe: WakePipe, for daemon: OpaquePointer) {
        pipes.withLock { $0[UInt(bitPattern: daemon)] = pipe }
    }

    /// The pipe of the thread that serves `connection` (look it up before resuming it: once resumed, the
    /// connection may be answered and freed at any moment).
    func pipe(serving connection: OpaquePointer) -> WakePipe? {
        guard let daemon = CMHD_connection_daemon(connection) else { return nil }
        return pipes.withLock { $0[UInt(bitPattern: daemon)] }
    }

    /// Wakes every registered thread.
    func wakeAll() {
        for pipe in pipes.withLock({ Array($0.values) }) { pipe.signal() }
    }
}
