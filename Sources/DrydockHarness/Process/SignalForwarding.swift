import Foundation

/// Waits for one child while forwarding the stop signals Drydock receives to it.
///
/// Works without signal handlers: the forwarded signals and `SIGCHLD` are blocked in every thread
/// (`blockSignals()` must run before any other thread starts, since threads inherit the mask), and
/// `wait(for:)` takes them one at a time with `sigwaitinfo`. A signal a *process* sent (`kill`,
/// `si_code` ≤ 0) is passed on to the child; one the *kernel* sent on behalf of the terminal (Ctrl-C,
/// Ctrl-\, hangup: `SI_KERNEL`) is not, because the terminal already sent it to the whole foreground
/// process group, the child included — forwarding it would deliver it twice.
public enum SignalForwarding {
    /// The signals passed on to the child: the stop signals and the two user signals.
    public static let forwarded: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2]

    /// Blocks `forwarded` and `SIGCHLD` in the calling thread (and every thread it starts later) and
    /// makes sure `SIGCHLD` is not ignored (an ignored `SIGCHLD` makes the kernel reap children itself,
    /// losing their exit status). Returns the mask before.
    @discardableResult
    public static func blockSignals() -> sigset_t {
        signal(SIGCHLD, SIG_DFL)
        var set = waitedSet()
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &set, &previous)
        return previous
    }

    /// Waits until `pid` (a child of this process) ends, forwarding signals as described above; calls
    /// `forwarding` for each signal passed on. Needs `blockSignals()` first.
    public static func wait(for pid: pid_t, forwarding: ((Int32) -> Void)? = nil) -> ChildExit {
        var set = waitedSet()
        while true {
            var status: Int32 = 0
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { return ChildExit(waitStatus: status) }
            if reaped == -1 && errno == ECHILD {
                // Reaped elsewhere (cannot happen unless someone else waits for it); report a failure.
                return .exited(127)
            }
            var info = siginfo_t()
            let received = sigwaitinfo(&set, &info)
            guard received > 0, received != SIGCHLD else { continue }
            if info.si_code != kernelCode {
                kill(pid, received)
                forwarding?(received)
            }
        }
    }

    /// Linux's `SI_KERNEL` (0x80): the signal came from the kernel, e.g. the terminal's line discipline.
    static let kernelCode: Int32 = 0x80

    private static func waitedSet() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in forwarded + [SIGCHLD] { sigaddset(&set, signal) }
        return set
    }
}
