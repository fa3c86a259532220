import CMicroHTTPD
import Foundation
import Glibc

/// The `.hang` fault: hold the connection's thread, answering nothing, until the peer closes, the server
/// stops, or `maxHangSeconds` pass. Thread-per-connection keeps every other connection unaffected.
enum HTTPServerHang {
    static func park(_ connection: OpaquePointer, run: HTTPServerRun) {
        let fd = CMHD_connection_fd(connection)
        guard fd >= 0 else { return }
        let deadline = Date().addingTimeInterval(run.configuration.maxHangSeconds)
        let peerGone = CMHD_POLLRDHUP() | Int16(POLLHUP) | Int16(POLLERR) | Int16(POLLNVAL)
        while !run.isStopping {
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { return }
            var fds = [
                pollfd(fd: fd, events: CMHD_POLLRDHUP(), revents: 0),
                pollfd(fd: run.wakeReadFD, events: Int16(POLLIN), revents: 0),
            ]
            // Short slices so a missed wake-up or clock jump costs at most a quarter second.
            let result = poll(&fds, 2, Int32(min(remaining, 0.25) * 1000) + 1)
            if result < 0 && errno != EINTR { return }
            if fds[0].revents & peerGone != 0 || fds[1].revents != 0 { return }
        }
    }
}
