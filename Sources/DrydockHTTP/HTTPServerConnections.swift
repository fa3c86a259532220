import CMicroHTTPD
import Glibc
import Synchronization

/// Every open connection of a server run, for the monitor's sweep and for closing them all when the server
/// stops. Connections are added and removed from libmicrohttpd's connection notifier; MHD closes a socket
/// only after reporting it closed, so a socket found here under the lock is still the connection's own.
final class HTTPServerConnections: Sendable {
    private let state = Mutex(State())

    private struct State {
        var open: [ObjectIdentifier: HTTPServerConnectionState] = [:]
        /// Set by `closeAll()`: from then on every new connection is aborted as it opens.
        var closing = false
    }

    /// Registers a connection MHD just accepted (called before MHD reads from it). Once `closeAll()` has
    /// run it is aborted at once (a TCP reset, which also discards whatever it already sent), so it
    /// closes without MHD parsing a byte of it.
    func opened(_ connection: HTTPServerConnectionState) {
        state.withLock { state in
            state.open[ObjectIdentifier(connection)] = connection
            if state.closing { _ = CMHD_abort_socket(connection.fd) }
        }
    }

    func closed(_ connection: HTTPServerConnectionState) {
        _ = state.withLock { $0.open.removeValue(forKey: ObjectIdentifier(connection)) }
    }

    var isEmpty: Bool { state.withLock { $0.open.isEmpty } }

    /// Shuts down (both directions) every open connection and aborts every one that opens from now on, so
    /// the event loop closes them all; `waitUntilAllClosed` then waits for it.
    func closeAll() {
        state.withLock { state in
            state.closing = true
            for connection in state.open.values { _ = shutdown(connection.fd, Int32(SHUT_RDWR)) }
        }
    }

    /// Waits until libmicrohttpd has reported every connection closed, checking every millisecond, or
    /// until `timeout` has passed; true when none is left.
    func waitUntilAllClosed(timeout: Duration) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !isEmpty {
            guard ContinuousClock.now < deadline else { return false }
            usleep(1000)
        }
        return true
    }

    /// What one sweep shut down.
    struct SweepResult: Equatable {
        var lateHeads = 0
        var peerLeft = 0
    }

    /// Shuts down (both directions, so the event loop sees the close and drops the connection) every
    /// connection whose request head is overdue at `now` (nil `headTimeout`: none is), and every one
    /// still waiting for a client that left two sweeps ago.
    func sweep(now: ContinuousClock.Instant, headTimeout: Duration?) -> SweepResult {
        state.withLock { state in
            var result = SweepResult()
            var waiting: [HTTPServerConnectionState] = []
            for connection in state.open.values {
                if let headTimeout, connection.takeOverdueHead(now: now, timeout: headTimeout, sinceData: {
                    HTTPServerConnectionState.sinceData(connection.fd)
                }) {
                    _ = shutdown(connection.fd, Int32(SHUT_RDWR))
                    result.lateHeads += 1
                } else if connection.awaitsClient {
                    waiting.append(connection)
                }
            }
            guard !waiting.isEmpty else { return result }
            var fds = waiting.map { pollfd(fd: $0.fd, events: CMHD_POLLRDHUP(), revents: 0) }
            guard poll(&fds, nfds_t(fds.count), 0) > 0 else { return result }
            let gone = CMHD_POLLRDHUP() | Int16(POLLHUP) | Int16(POLLERR)
            for (connection, polled) in zip(waiting, fds) where polled.revents & gone != 0 {
                if connection.takeStuckAfterPeerLeft() {
                    _ = shutdown(connection.fd, Int32(SHUT_RDWR))
                    result.peerLeft += 1
                }
            }
            return result
        }
    }
}
