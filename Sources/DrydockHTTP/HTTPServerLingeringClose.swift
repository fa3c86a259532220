import CMicroHTTPD
import Foundation
import Glibc

/// A lingering close for requests refused before their body was read (the early 413).
///
/// Closing a socket with unread data in its receive buffer makes the kernel send a RST, which can destroy
/// the 413 before the client reads it: the client, still uploading, would see "broken pipe" instead. By
/// the time MHD reports the request complete it has sent the response, so shutting down the sending
/// side and reading and discarding until the client closes (bounded in time) lets the 413 arrive intact.
/// Clients stop uploading as soon as they see the early response, so this rarely reads much.
enum HTTPServerLingeringClose {
    static let maxSeconds = 1.0

    static func drain(_ connection: OpaquePointer, run: HTTPServerRun) {
        let fd = CMHD_connection_fd(connection)
        guard fd >= 0 else { return }
        // The response is fully written by now; the FIN tells the client it is complete, so it closes too.
        _ = shutdown(fd, Int32(SHUT_WR))
        let deadline = Date().addingTimeInterval(maxSeconds)
        var scratch = [UInt8](repeating: 0, count: 64 * 1024)
        while !run.isStopping {
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { return }
            var fds = [
                pollfd(fd: fd, events: Int16(POLLIN) | CMHD_POLLRDHUP(), revents: 0),
                pollfd(fd: run.wakeReadFD, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&fds, 2, Int32(remaining * 1000) + 1)
            if ready < 0 && errno != EINTR { return }
            if fds[1].revents != 0 { return }
            guard fds[0].revents != 0 else { continue }
            let count = scratch.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if count == 0 { return }
            if count < 0 && errno != EAGAIN && errno != EINTR { return }
        }
    }
}
