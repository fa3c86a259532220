import Glibc

/// Why an isolated run could not start (or its command could not run): a code for programs, a message
/// naming what failed and what to do for people.
public struct IsolationError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        /// The configuration is unusable (a bad host entry, a missing trust bundle, too many listeners).
        public static let invalidConfiguration = Code(name: "invalid-configuration")
        /// The kernel refused the namespaces; the message names the cause (privileges, a sysctl, AppArmor,
        /// seccomp) and the remedy.
        public static let namespacesUnavailable = Code(name: "namespaces-unavailable")
        /// Inside the new namespaces, a step failed: private mounts, loopback, a listener, a bind mount.
        public static let setupFailed = Code(name: "setup-failed")
        /// The caller's `startServices` threw; the message carries its error.
        public static let servicesFailed = Code(name: "services-failed")
        /// No executable of that name on PATH (a shell's exit status 127).
        public static let commandNotFound = Code(name: "command-not-found")
        /// The command exists but execve refused it (a shell's exit status 126).
        public static let commandNotExecutable = Code(name: "command-not-executable")
        /// fork, socketpair or the control socket failed.
        public static let launchFailed = Code(name: "launch-failed")
        public var description: String { name }
    }

    public let code: Code
    public let message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// The exit status a shell would give for this failure: 127 (not found), 126 (not executable), or 78
    /// (EX_CONFIG) for everything about the environment.
    public var exitStatus: Int32 {
        switch code {
        case .commandNotFound: 127
        case .commandNotExecutable: 126
        default: 78
        }
    }

    static func errnoText(_ code: Int32) -> String {
        "\(String(cString: strerror(code))) (\(ErrnoName.of(code)))"
    }
}

/// errno values by their C names, for messages a person can search for.
enum ErrnoName {
    static func of(_ code: Int32) -> String {
        switch code {
        case EPERM: "EPERM"
        case ENOENT: "ENOENT"
        case EACCES: "EACCES"
        case EINVAL: "EINVAL"
        case ENOSPC: "ENOSPC"
        case EADDRINUSE: "EADDRINUSE"
        case EADDRNOTAVAIL: "EADDRNOTAVAIL"
        case ENOEXEC: "ENOEXEC"
        case E2BIG: "E2BIG"
        case EUSERS: "EUSERS"
        case ENOSYS: "ENOSYS"
        case EPROTO: "EPROTO"
        default: "errno \(code)"
        }
    }
}
