import Foundation
import Synchronization

/// The proxy's open connections: a limit on how many are served at once, and the descriptors that
/// `stop()` shuts down so every connection thread returns promptly.
///
/// A descriptor is closed only here, under the lock `shutdownAll()` takes, so a shutdown never reaches a
/// descriptor number the kernel has already handed to someone else.
final class ConnectionRegistry: Sendable {
    private struct State {
        var active = 0
        var descriptors: Set<Int32> = []
        var stopping = false
    }

    let limit: Int
    private let state = Mutex(State())

    init(limit: Int) { self.limit = limit }

    /// Counts a new connection in; false when `limit` are open or the proxy is stopping.
    func admit() -> Bool {
        state.withLock { state in
            guard !state.stopping, state.active < limit else { return false }
            state.active += 1
            return true
        }
    }

    /// Counts a connection out (its thread is ending).
    func release() { state.withLock { $0.active -= 1 } }

    /// Registers `fd` for shutdown at stop; false (and `fd` closed) when the proxy is already stopping.
    func track(_ fd: Int32) -> Bool {
        state.withLock { state in
            guard !state.stopping else {
                close(fd)
                return false
            }
            state.descriptors.insert(fd)
            return true
        }
    }

    /// Forgets and closes `fd`.
    func close(tracked fd: Int32) {
        state.withLock { state in
            state.descriptors.remove(fd)
            close(fd)
        }
    }

    var activeCount: Int { state.withLock { $0.active } }

    /// Refuses new connections and shuts every tracked descriptor down (threads blocked in poll wake up).
    func shutdownAll() {
        state.withLock { state in
            state.stopping = true
            for fd in state.descriptors { _ = shutdown(fd, Int32(SHUT_RDWR)) }
        }
    }

    /// Waits until no connection is active, at most `timeout`; true when none is.
    func waitUntilIdle(timeout: Duration) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while activeCount > 0 {
            guard ContinuousClock.now < deadline else { return false }
            usleep(2000)
        }
        return true
    }

    private func close(_ fd: Int32) { _ = Glibc.close(fd) }
}
