import DrydockCore

/// The jobs' settings on one host, so cron lines and `drydock preflight` agree: read from
/// `DRYDOCK_CONFIG`, else `$XDG_CONFIG_HOME/drydock/config.yaml` (`~/.config/…` without XDG_CONFIG_HOME).
/// Every value carries its origin; command-line flags override with `ConfigValue.overridden(by:flag:)`.
public struct HostConfiguration: Sendable {
    /// The file read, or nil when there was none (built-in defaults).
    public var file: String?
    /// Where a file was looked for when there was none (for `config show`).
    public var searched: String

    /// `secrets_directory`: the jobs' secrets directory (`DRYDOCK_SECRETS_DIR` wins).
    public var secretsDirectory: ConfigValue<String?> = .init(nil)
    /// `google.mailbox`: the bookings mailbox (Gmail's `userId`); nil is `me`, the token's own account.
    public var mailbox: ConfigValue<String?> = .init(nil)
    /// `google.spreadsheet_id`: the trip-sheets spreadsheet.
    public var spreadsheetID: ConfigValue<String?> = .init(nil)
    /// `aws.regions`.
    public var regions: ConfigValue<[String]> = .init(["us-east-1", "us-west-2"])
    /// `aws.tables`: the tables the jobs read, in every region.
    public var tables: ConfigValue<[String]> = .init(["crew-dispatch", "charter-chats"])
    /// `aws.instance_profile`: credentials are meant to come from the instance role (IMDS), not keys.
    public var instanceProfile: ConfigValue<Bool> = .init(true)
    /// `bookings.formats`: a booking formats file read over the built-in formats (`--formats` wins).
    public var bookingsFormats: ConfigValue<String?> = .init(nil)
    /// `backup.bucket`: where `drydock backup` writes (the fixtures' bucket by default).
    public var backupBucket: ConfigValue<String> = .init("drydock-charter-backups")
    /// `backup.prefix`: a key prefix for every backup object ("" or ending in `/`).
    public var backupPrefix: ConfigValue<String> = .init("")
    /// `backup.region`: the backup bucket's region.
    public var backupRegion: ConfigValue<String> = .init("us-east-1")
    /// `report.output_directory`: where `drydock report` writes.
    public var reportOutputDirectory: ConfigValue<String> = .init(".")
    /// `scopes.<job>`: the OAuth scopes each Google job needs (full URLs).
    public var scopes: [String: ConfigValue<[String]>] = Dictionary(
        uniqueKeysWithValues: JobScopes.defaults.map { ($0.job, ConfigValue($0.scopes)) })
    /// `thresholds.clock_skew_warn_seconds` (30) and `thresholds.clock_skew_fail_seconds` (240: SigV4
    /// refuses requests 5 minutes off).
    public var clockSkewWarn: ConfigValue<Int> = .init(30)
    public var clockSkewFail: ConfigValue<Int> = .init(240)
    /// `thresholds.min_free_disk_mb`: free space the report directory needs.
    public var minimumFreeDiskMB: ConfigValue<Int> = .init(100)
    /// `thresholds.token_min_seconds`: a cached token with less life left is a warning.
    public var tokenMinimumSeconds: ConfigValue<Int> = .init(300)

    public init(file: String?, searched: String) {
        self.file = file
        self.searched = searched
    }

    /// The jobs' environment: `environment` plus `DRYDOCK_SECRETS_DIR` from the file when the
    /// environment does not set it (the variable wins).
    public func jobEnvironment(_ environment: Environment) -> Environment {
        var result = environment
        if environment["DRYDOCK_SECRETS_DIR"] == nil, let directory = secretsDirectory.value {
            result.values["DRYDOCK_SECRETS_DIR"] = directory
        }
        return result
    }

    /// The effective secrets directory setting, with the environment taken into account.
    public func effectiveSecretsDirectory(_ environment: Environment) -> ConfigValue<String?> {
        if let value = environment["DRYDOCK_SECRETS_DIR"] { return ConfigValue(value, .environment("DRYDOCK_SECRETS_DIR")) }
        if secretsDirectory.value != nil { return secretsDirectory }
        if let home = environment["HOME"] {
            return ConfigValue((home.hasSuffix("/") ? home : home + "/") + ".secrets", .environment("HOME"))
        }
        return secretsDirectory
    }

    /// The Google jobs and the scopes each needs, in a stable order.
    public var jobScopes: [(job: String, scopes: [String])] {
        scopes.keys.sorted().map { ($0, scopes[$0]?.value ?? []) }
    }
}
