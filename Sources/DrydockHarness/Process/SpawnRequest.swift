import Foundation

/// What to start: the program, its argv and environment, which of the parent's descriptors become its
/// standard streams, and whether it gets a session of its own.
public struct SpawnRequest: Sendable {
    /// A path, or a bare name searched in the `PATH` of `environment` (as `execvp` would, but in the
    /// child's environment rather than the parent's).
    public var executable: String
    /// The whole argv, `arguments[0]` included.
    public var arguments: [String]
    public var environment: [String: String]
    /// Child descriptor ← parent descriptor, applied with `dup2` in the child (e.g. `[1: pipeWriteEnd]`).
    /// Descriptors not named keep the parent's 0, 1 and 2.
    public var descriptors: [Int32: Int32]
    /// `setsid()` in the child: no controlling terminal, so a terminal's Ctrl-C or hangup never reaches it
    /// (what a detached daemon needs).
    public var newSession: Bool
    /// The child's signal mask; nil: nothing blocked. Give the mask the parent had before it blocked the
    /// signals it forwards (`drydock exec` gives nil, so the signals it forwards take effect).
    public var signalMask: sigset_t?

    public init(
        executable: String, arguments: [String], environment: [String: String], descriptors: [Int32: Int32] = [:],
        newSession: Bool = false, signalMask: sigset_t? = nil
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.descriptors = descriptors
        self.newSession = newSession
        self.signalMask = signalMask
    }
}

/// Why a program could not be started. A struct with a code, so new reasons break no caller.
public struct SpawnError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        /// No such file, or not found in `PATH`: a shell's 127.
        public static let notFound = Code(name: "not-found")
        /// Found, but not executable (permissions, a directory, a bad binary): a shell's 126.
        public static let notExecutable = Code(name: "not-executable")
        /// Any other failure of posix_spawn or its setup.
        public static let failed = Code(name: "failed")
        public var description: String { name }
    }

    public let code: Code
    public let executable: String
    public let errno: Int32

    public init(code: Code, executable: String, errno: Int32) {
        self.code = code
        self.executable = executable
        self.errno = errno
    }

    /// The exit status a shell reports for the same failure: 127 not found, 126 not executable.
    public var shellStatus: Int32 { code == .notFound ? 127 : 126 }

    public var description: String {
        switch code {
        case .notFound: "\(executable): command not found (\(String(cString: strerror(errno))))"
        case .notExecutable: "\(executable): cannot execute (\(String(cString: strerror(errno))))"
        default: "cannot start \(executable): \(String(cString: strerror(errno)))"
        }
    }
}
