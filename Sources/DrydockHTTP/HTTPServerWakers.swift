import DrydockCore
import Synchronization

/// The wake pipes of a server run's event-loop threads. libmicrohttpd driven from outside (as
/// `HTTPServerEventLoop` drives it) notices a connection resumed from another thread only on its next
/// run, so whoever resumes one wakes every thread (the owner among them) at once.
final class HTTPServerWakers: Sendable {
    private let pipes = Mutex<[WakePipe]>([])

    /// Registers a thread's pipe (before the thread can see any connection).
    func add(_ pipe: WakePipe) { pipes.withLock { $0.append(pipe) } }

    /// Wakes every registered thread.
    func wakeAll() {
        for pipe in pipes.withLock({ $0 }) { pipe.signal() }
    }
}
