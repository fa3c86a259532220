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
    /// `token_store` (or `token_store.kind`): `file` (this host's cache only) or `secretsmanager` (shared by
    /// several hosts through Secrets Manager with a DynamoDB lease).
    public var tokenStore: ConfigValue<String> = .init("file")
    /// `token_store.secret`: the token secret's name or ARN.
    public var tokenSecret: ConfigValue<String> = .init("drydock/google-token")
    /// `token_store.region`: the secret's and the lease table's region (default: the first of `aws.regions`).
    public var tokenRegion: ConfigValue<String?> = .init(nil)
    /// `token_store.lock_table`: the lease table.
    public var tokenLockTable: ConfigValue<String> = .init("drydock-locks")
    /// `token_store.credentials_secret`: a secret with the refresh token and OAuth client (else the files).
    public var credentialsSecret: ConfigValue<String?> = .init(nil)
    /// `token_store.host_id`: this host's name in leases and the secret (default: the host name).
    public var hostID: ConfigValue<String?> = .init(nil)
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

    /// The jobs' environment: `environment` plus `DRYDOCK_SECRETS_DIR` and the `token_store` settings
    /// (`DRYDOCK_TOKEN_STORE`, `DRYDOCK_TOKEN_SECRET`, `DRYDOCK_TOKEN_REGION`, `DRYDOCK_TOKEN_LOCK_TABLE`,
    /// `DRYDOCK_CREDENTIALS_SECRET`, `DRYDOCK_HOST_ID`) from the file where the environment does not set
    /// them (a variable wins).
    public func jobEnvironment(_ environment: Environment) -> Environment {
        var result = environment
        func fill(_ name: String, _ value: String?) {
            if environment[name] == nil, let value { result.values[name] = value }
        }
        fill("DRYDOCK_SECRETS_DIR", secretsDirectory.value)
        if tokenStore.value != "file" {
            fill("DRYDOCK_TOKEN_STORE", tokenStore.value)
            fill("DRYDOCK_TOKEN_SECRET", tokenSecret.value)
            fill("DRYDOCK_TOKEN_REGION", tokenRegion.value ?? regions.value.first)
            fill("DRYDOCK_TOKEN_LOCK_TABLE", tokenLockTable.value)
            fill("DRYDOCK_CREDENTIALS_SECRET", credentialsSecret.value)
            fill("DRYDOCK_HOST_ID", hostID.value)
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
