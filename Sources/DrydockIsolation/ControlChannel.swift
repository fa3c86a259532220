internal import CIsolation
import Glibc

/// Why a launch stopped after the fork; turned into an `IsolationError` once the child is reaped.
enum ChildFailure: Error {
    /// The child reported a failed step.
    case child(CIsolation_report)
    /// The control socket failed or the child broke the protocol.
    case channel(String)
    /// `startServices` threw.
    case services(String)
    case resolver(IsolationError)
}

/// The parent's side of the conversation with the forked child over a SOCK_SEQPACKET socketpair: the
/// child's report (with the listening sockets), the go-ahead byte, and end of file on exec.
final class ControlChannel {
    private(set) var parentEnd: Int32
    private(set) var childEnd: Int32

    /// What the child sends when the namespaces are ready.
    struct Ready {
        let report: CIsolation_report
        let descriptors: [Int32]
    }

    init() throws(IsolationError) {
        var fds: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_SEQPACKET.rawValue | SOCK_CLOEXEC.rawValue), 0, &fds) == 0 else {
            throw IsolationError(code: .launchFailed, message: "cannot isolate the command: socketpair failed: \(IsolationError.errnoText(errno))")
        }
        parentEnd = fds[0]
        childEnd = fds[1]
    }

    deinit { close() }

    func closeChildEnd() {
        if childEnd >= 0 { Glibc.close(childEnd) }
        childEnd = -1
    }

    /// Closes both ends; a child waiting for the go-ahead then exits.
    func close() {
        closeChildEnd()
        if parentEnd >= 0 { Glibc.close(parentEnd) }
        parentEnd = -1
    }

    /// The child's first report: ready with `count` sockets, or the step that failed.
    func receiveReady(expecting count: Int) throws(ChildFailure) -> Ready {
        var report = CIsolation_report()
        var fds = [Int32](repeating: -1, count: Int(CIsolation_max_listeners))
        var received = 0
        let result = CIsolation_receive(parentEnd, &report, &fds, fds.count, &received)
        if result < 0 { throw .channel("reading the isolated child's report failed: \(IsolationError.errnoText(errno))") }
        if result == 0 { throw .channel("the isolated child exited before reporting") }
        let descriptors = Array(fds.prefix(received))
        guard report.stage == Int32(CIsolation_stage_ready.rawValue) else {
            for fd in descriptors { Glibc.close(fd) }
            throw .child(report)
        }
        guard received == count else {
            for fd in descriptors { Glibc.close(fd) }
            throw .channel("the isolated child sent \(received) sockets instead of \(count)")
        }
        return Ready(report: report, descriptors: descriptors)
    }

    func sendGo() throws(ChildFailure) {
        var go: UInt8 = 1
        var sent: Int
        repeat { sent = send(parentEnd, &go, 1, Int32(MSG_NOSIGNAL)) } while sent < 0 && errno == EINTR
        guard sent == 1 else { throw .channel("starting the isolated command failed: \(IsolationError.errnoText(errno))") }
    }

    /// Returns once the child has exec'd (end of file: the socket was close-on-exec); throws the child's
    /// report when execve failed.
    func confirmExec() throws(ChildFailure) {
        var report = CIsolation_report()
        var fds = [Int32](repeating: -1, count: Int(CIsolation_max_listeners))
        var received = 0
        let result = CIsolation_receive(parentEnd, &report, &fds, fds.count, &received)
        for fd in fds.prefix(received) { Glibc.close(fd) }
        if result == 0 { return }
        if result < 0 { throw .channel("waiting for the isolated command to start failed: \(IsolationError.errnoText(errno))") }
        throw .child(report)
    }
}
