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

    /// Debian/Ubuntu, RHEL/Fedora, openSUSE, Alpine/macOS (libcurl's own search list).
    public static let systemTrustStores = [
        "/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/ca-bundle.pem", "/etc/ssl/cert.pem",
    ]

    public init() {}
}
