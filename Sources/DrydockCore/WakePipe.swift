import Glibc

/// A non-blocking, close-on-exec pipe that wakes a thread blocked in poll(2): `signal()` writes a byte,
/// the poller watches `readFD` and `drain()`s it. The HTTP server's monitor and the isolation resolver
/// both use it.
public final class WakePipe: Sendable {
    public let readFD: Int32
    private let writeFD: Int32

    /// Throws the `pipe(2)` failure's text (the caller names what could not start).
    public init() throws(SystemCallError) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw SystemCallError(call: "pipe", path: nil, errno: errno) }
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
    public func signal() {
        var byte: UInt8 = 1
        _ = write(writeFD, &byte, 1)
    }

    /// Empties the pipe so the next poll blocks again.
    public func drain() {
        var scratch = [UInt8](repeating: 0, count: 64)
        while scratch.withUnsafeMutableBytes({ read(readFD, $0.baseAddress, $0.count) }) > 0 {}
    }
}
