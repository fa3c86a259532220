/// Process exit codes, sysexits.h values where they fit. Documented in the README; scripts rely on them.
public struct ExitStatus: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32
    public let name: String

    public init(_ rawValue: Int32, _ name: String) {
        self.rawValue = rawValue
        self.name = name
    }

    public static let success = ExitStatus(0, "success")
    /// A check (diag) found a problem.
    public static let checkFailed = ExitStatus(1, "check failed")
    /// Some sources (a region) failed: what was printed is partial.
    public static let partial = ExitStatus(2, "partial result")
    /// EX_USAGE: bad command-line arguments.
    public static let usage = ExitStatus(64, "usage")
    /// EX_NOUSER: Google rejected the OAuth client credentials (invalid_client, unauthorized_client).
    public static let clientRejected = ExitStatus(67, "client credentials rejected")
    /// EX_SOFTWARE: an internal error.
    public static let software = ExitStatus(70, "internal error")
    /// EX_TEMPFAIL: a transient failure persisted through every retry.
    public static let transient = ExitStatus(75, "transient failure")
    /// EX_NOPERM: the refresh token is expired or revoked; a human must re-consent.
    public static let refreshTokenRejected = ExitStatus(77, "refresh token rejected")
    /// EX_CONFIG: configuration or secrets-directory problem.
    public static let configuration = ExitStatus(78, "configuration")

    public var description: String { "\(rawValue) (\(name))" }
}

/// An error meant for the person running a command: a message that says what happened and what to do,
/// and the exit status it maps to.
public protocol UserFacingError: Error, CustomStringConvertible {
    var exitStatus: ExitStatus { get }
}
