/// One check of `drydock preflight`: a name `--only` selects, what it covers, and the lines it reports.
public protocol PreflightCheck: Sendable {
    /// The name on the command line and in the report (`secrets`, `token`, `dynamodb`, …).
    var name: String { get }
    /// One line for `--help` and the README.
    var summary: String { get }
    /// Runs the check; never throws (a failure is a `fail` line with evidence and a fix).
    func run(_ context: PreflightContext) -> [PreflightResult]
}

/// Every check, in the order they run: secrets before anything that uses them, the clock last (it reads
/// the `Date` headers the earlier checks received).
public enum PreflightChecks {
    public static let all: [any PreflightCheck] = [
        SecretsCheck(), TokenCacheCheck(), SharedTokenCheck(), RefreshCheck(), ScopesCheck(), GmailCheck(), SheetsCheck(),
        IMDSCheck(), AWSKeysCheck(), DynamoDBCheck(), ClockCheck(), TLSCheck(), DiskCheck(), VersionCheck(), CronCheck(),
    ]

    public static var names: [String] { all.map(\.name) }
}
