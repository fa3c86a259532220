import Glibc
import Synchronization

/// Everything the libmicrohttpd callbacks need for one start…stop cycle of a server, passed to them as
/// their `cls` through `Unmanaged` (retained from start until MHD_stop_daemon has returned).
final class HTTPServerRun: Sendable {
    let responder: any HTTPResponder
    let configuration: HTTPServer.Configuration
    let statistics: HTTPServerCounters
    /// A pipe that becomes readable once the server is stopping, so `.hang` connections wake at once.
    let wakeReadFD: Int32
    private let wakeWriteFD: Int32
    private let stopping = Mutex(false)

    init(responder: any HTTPResponder, configuration: HTTPServer.Configuration, statistics: HTTPServerCounters)
        throws(HTTPServerError)
    {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else {
            let reason = String(cString: strerror(errno))
            throw HTTPServerError(code: .startFailed, message: "cannot start HTTP server: pipe failed: \(reason)")
        }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        self.responder = responder
        self.configuration = configuration
        self.statistics = statistics
        self.wakeReadFD = fds[0]
        self.wakeWriteFD = fds[1]
    }

    deinit {
        close(wakeReadFD)
        close(wakeWriteFD)
    }

    var isStopping: Bool { stopping.withLock { $0 } }

    /// Marks the run as stopping and wakes every connection parked in a `.hang`. The byte is never read,
    /// so the pipe stays readable for all of them.
    func beginStopping() {
        let first = stopping.withLock { was in
            defer { was = true }
            return !was
        }
        guard first else { return }
        var byte: UInt8 = 1
        _ = write(wakeWriteFD, &byte, 1)
    }
}
