import Foundation

/// How a child process ended.
public struct ChildExit: Sendable, Equatable, CustomStringConvertible {
    /// The exit code, when it exited.
    public let code: Int32?
    /// The signal that killed it, when one did.
    public let signal: Int32?

    public static func exited(_ code: Int32) -> ChildExit { ChildExit(code: code, signal: nil) }
    public static func signaled(_ signal: Int32) -> ChildExit { ChildExit(code: nil, signal: signal) }

    /// Decodes a `waitpid` status.
    public init(waitStatus status: Int32) {
        // WIFEXITED / WTERMSIG are macros Swift does not import: the low 7 bits are the signal, 0 when
        // the process exited, and the exit code sits in bits 8-15.
        let signal = status & 0x7f
        if signal == 0 {
            self.init(code: (status >> 8) & 0xff, signal: nil)
        } else {
            self.init(code: nil, signal: signal)
        }
    }

    private init(code: Int32?, signal: Int32?) {
        self.code = code
        self.signal = signal
    }

    /// What a shell reports as `$?`: the exit code, or 128 + N for death by signal N.
    public var status: Int32 { code ?? 128 + (signal ?? 0) }

    public var succeeded: Bool { code == 0 }

    /// `exited with status 3`, `killed by signal 15 (SIGTERM)`.
    public var description: String {
        if let code { return "exited with status \(code)" }
        let number = signal ?? 0
        return "killed by signal \(number)" + (Self.signalNames[number].map { " (\($0))" } ?? "")
    }

    static let signalNames: [Int32: String] = [
        SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGILL: "SIGILL", SIGTRAP: "SIGTRAP", SIGABRT: "SIGABRT",
        SIGBUS: "SIGBUS", SIGFPE: "SIGFPE", SIGKILL: "SIGKILL", SIGUSR1: "SIGUSR1", SIGSEGV: "SIGSEGV", SIGUSR2: "SIGUSR2",
        SIGPIPE: "SIGPIPE", SIGALRM: "SIGALRM", SIGTERM: "SIGTERM", SIGXCPU: "SIGXCPU", SIGXFSZ: "SIGXFSZ",
    ]
}
