import DrydockCore

/// What the command line asks of a preflight run.
public struct PreflightOptions: Sendable {
    /// False with `--no-refresh`: the live refresh is skipped (the cached token is still inspected).
    public var refresh = true
    /// Only these checks (`--only`); empty for all.
    public var only: Set<String> = []
    /// The month whose Sheets tab must exist, `YYYY-MM` (`--month`); nil for the current month.
    public var month: String?
    /// The binary's version, for the version check.
    public var version = "unknown"
    /// The running binary, for the version check (its build fingerprint); nil to skip hashing.
    public var executablePath: String?
    /// Where the system trust store may live (the first that exists is used unless `CURL_CA_BUNDLE` or
    /// `SSL_CERT_FILE` names one). Injected so tests can take it away.
    public var trustStoreCandidates = PreflightOptions.systemTrustStores
    /// Whether the run uses a cron-like environment (`--as-cron`), for the report.
    public var asCron = false
    /// Seconds the whole run may take (`--timeout`): no check's request is sent, or awaited, past it.
    public var timeout = PreflightOptions.defaultTimeout
    /// Seconds each check may take (or what is left of `timeout`, when less).
    public var checkTimeout = PreflightOptions.defaultCheckTimeout

    /// `--timeout`'s default: room for every check against healthy endpoints, a bound on a stalled one.
    public static let defaultTimeout = 30.0
    /// The per-check bound: longer than any single healthy check, short enough that one black-holed
    /// endpoint leaves time for the others.
    public static let defaultCheckTimeout = 10.0
    /// The largest `--timeout` accepted (an hour).
    public static let longestTimeout = 3600.0

    /// `--timeout`'s value, or the usage error naming what is wrong with it.
    public static func timeout(parsing text: String) -> Result<Double, PreflightUsageError> {
        guard let seconds = Double(text), seconds.isFinite, seconds > 0, seconds <= longestTimeout else {
            return .failure(PreflightUsageError(
                "--timeout must be a number of seconds > 0 (at most \(Int(longestTimeout))), got '\(text)'"))
        }
        return .success(seconds)
    }

    /// Debian/Ubuntu, RHEL/Fedora, openSUSE, Alpine/macOS (libcurl's own search list).
    public static let systemTrustStores = [
        "/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/ca-bundle.pem", "/etc/ssl/cert.pem",
    ]

    public init() {}
}

/// A command-line value preflight cannot use; its message names the option and the value.
public struct PreflightUsageError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
