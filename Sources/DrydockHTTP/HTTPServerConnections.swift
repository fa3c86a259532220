import CMicroHTTPD
import Glibc
import Synchronization

/// Every open connection of a server run, for the monitor's sweep. Connections are added and removed
/// from libmicrohttpd's connection notifier; MHD closes a socket only after reporting it closed, so a
/// socket found here under the lock is still the connection's own.
final class HTTPServerConnections: Sendable {
    private let open = Mutex<[ObjectIdentifier: HTTPServerConnectionState]>([:])

    func opened(_ connection: HTTPServerConnectionState) {
        _ = open.withLock { $0[ObjectIdentifier(connection)] = connection }
    }

    func closed(_ connection: HTTPServerConnectionState) {
        _ = open.withLock { $0.removeValue(forKey: ObjectIdentifier(connection)) }
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
        open.withLock { open in
            var result = SweepResult()
            var waiting: [HTTPServerConnectionState] = []
            for connection in open.values {
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
