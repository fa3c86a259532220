import Glibc
import Synchronization

/// The command running in its namespaces: a direct child of this process (signal it, wait for it), and
/// the resolver that serves it until `wait()` returns.
public final class IsolatedProcess: Sendable {
    /// How the command ended.
    public enum Termination: Sendable, Equatable, CustomStringConvertible {
        case exited(Int32)
        case signaled(Int32)

        /// What a shell reports: the exit code, or 128 + the signal number.
        public var exitStatus: Int32 {
            switch self {
            case .exited(let code): code
            case .signaled(let signal): 128 + signal
            }
        }

        public var description: String {
            switch self {
            case .exited(let code): "exited with status \(code)"
            case .signaled(let signal): "killed by signal \(signal)"
            }
        }
    }

    public let pid: pid_t
    /// Whether the namespaces are owned by a new user namespace (unprivileged, or root's fallback).
    public let usesUserNamespace: Bool
    /// The system files replaced inside (each target that existed): `/etc/hosts`, `/etc/resolv.conf`,
    /// `/etc/nsswitch.conf`, the trust-store files.
    public let replacedFiles: [String]
    private let resolver: DNSServer
    private let termination = Mutex<Termination?>(nil)

    init(pid: pid_t, usesUserNamespace: Bool, replacedFiles: [String], resolver: DNSServer) {
        self.pid = pid
        self.usesUserNamespace = usesUserNamespace
        self.replacedFiles = replacedFiles
        self.resolver = resolver
    }

    /// Sends `signal` to the command (SIGINT and SIGTERM forwarding). Nothing once it has been waited for.
    public func signal(_ signal: Int32) {
        guard termination.withLock({ $0 == nil }) else { return }
        _ = kill(pid, signal)
    }

    /// Blocks until the command ends (retrying EINTR), then stops the resolver. Later calls return the
    /// same answer. The pid is reaped here: nothing else in the process may wait for it (a runner that
    /// forwards signals calls `signal(_:)` from another thread while this one waits).
    public func wait() -> Termination {
        if let known = termination.withLock({ $0 }) { return known }
        var status: Int32 = 0
        var result: pid_t
        repeat { result = waitpid(pid, &status, 0) } while result == -1 && errno == EINTR
        let ended: Termination
        if result == -1 {
            ended = .exited(127)  // ECHILD: someone else reaped it (a SIGCHLD set to SIG_IGN)
        } else if status & 0x7F == 0 {
            ended = .exited((status >> 8) & 0xFF)
        } else {
            ended = .signaled(status & 0x7F)
        }
        let first = termination.withLock { state -> Termination in
            if let known = state { return known }
            state = ended
            return ended
        }
        resolver.stop()
        return first
    }

    /// The names the resolver reported as blocked so far, in order.
    public var blockedNames: [String] { resolver.blockedNames }
}
