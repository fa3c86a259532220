import Glibc

/// A non-blocking pipe that wakes a thread blocked in poll(2): `signal()` writes a byte, the poller
/// watches `readFD` and `drain()`s it.
final class HTTPServerWakePipe: Sendable {
    let readFD: Int32
    private let writeFD: Int32

    init() throws(HTTPServerError) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else {
            let reason = String(cString: strerror(errno))
            throw HTTPServerError(code: .startFailed, message: "cannot start HTTP server: pipe failed: \(reason)")
        }
        for fd in fds {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        readFD = fds[0]
        writeFD = fds[1]
    }

    deinit {
        close(readFD)
        close(writeFD)
    }

    /// Makes `readFD` readable. A full pipe is already readable, so a failed write loses nothing.
    func signal() {
        var byte: UInt8 = 1
        _ = write(writeFD, &byte, 1)
    }

    /// Empties the pipe so the next poll blocks again.
    func drain() {
        var scratch = [UInt8](repeating: 0, count: 64)
        while scratch.withUnsafeMutableBytes({ read(readFD, $0.baseAddress, $0.count) }) > 0 {}
    }
}
