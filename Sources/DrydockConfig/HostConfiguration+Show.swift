import DrydockCore

extension HostConfiguration {
    /// One effective setting for `drydock config show`: its key, its value as text, and its origin.
    public struct Entry: Sendable {
        public let key: String
        public let value: JSONValue
        public let origin: ConfigOrigin
    }

    /// Every setting, in file order, with `environment` applied where a variable wins (the secrets
    /// directory).
    public func entries(environment: Environment) -> [Entry] {
        func strings(_ list: [String]) -> JSONValue { .array(list.map(JSONValue.string)) }
        let secrets = effectiveSecretsDirectory(environment)
        var entries: [Entry] = [
            Entry(key: "secrets_directory", value: secrets.value.map(JSONValue.string) ?? .null, origin: secrets.origin),
            Entry(key: "google.mailbox", value: .string(mailbox.value ?? "me"), origin: mailbox.origin),
            Entry(key: "google.spreadsheet_id", value: spreadsheetID.value.map(JSONValue.string) ?? .null, origin: spreadsheetID.origin),
            Entry(key: "aws.regions", value: strings(regions.value), origin: regions.origin),
            Entry(key: "aws.tables", value: strings(tables.value), origin: tables.origin),
            Entry(key: "aws.instance_profile", value: .bool(instanceProfile.value), origin: instanceProfile.origin),
            Entry(key: "bookings.formats", value: bookingsFormats.value.map(JSONValue.string) ?? .null, origin: bookingsFormats.origin),
            Entry(key: "report.output_directory", value: .string(reportOutputDirectory.value), origin: reportOutputDirectory.origin),
            Entry(key: "backup.bucket", value: .string(backupBucket.value), origin: backupBucket.origin),
            Entry(key: "backup.prefix", value: .string(backupPrefix.value), origin: backupPrefix.origin),
            Entry(key: "backup.region", value: .string(backupRegion.value), origin: backupRegion.origin),
            Entry(key: "token_store.kind", value: .string(tokenStore.value), origin: tokenStore.origin),
            Entry(key: "token_store.secret", value: .string(tokenSecret.value), origin: tokenSecret.origin),
            Entry(key: "token_store.region", value: .string(tokenRegion.value ?? regions.value.first ?? ""),
                  origin: tokenRegion.value == nil ? regions.origin : tokenRegion.origin),
            Entry(key: "token_store.lock_table", value: .string(tokenLockTable.value), origin: tokenLockTable.origin),
            Entry(key: "token_store.credentials_secret", value: credentialsSecret.value.map(JSONValue.string) ?? .null,
                  origin: credentialsSecret.origin),
            Entry(key: "token_store.host_id", value: hostID.value.map(JSONValue.string) ?? .null, origin: hostID.origin),
        ]
        for (job, _) in jobScopes {
            if let setting = scopes[job] { entries.append(Entry(key: "scopes.\(job)", value: strings(setting.value), origin: setting.origin)) }
        }
        entries += [
            Entry(key: "thresholds.clock_skew_warn_seconds", value: .number(clockSkewWarn.value), origin: clockSkewWarn.origin),
            Entry(key: "thresholds.clock_skew_fail_seconds", value: .number(clockSkewFail.value), origin: clockSkewFail.origin),
            Entry(key: "thresholds.min_free_disk_mb", value: .number(minimumFreeDiskMB.value), origin: minimumFreeDiskMB.origin),
            Entry(key: "thresholds.token_min_seconds", value: .number(tokenMinimumSeconds.value), origin: tokenMinimumSeconds.origin),
        ]
        return entries
    }

    /// `key = value    # origin` lines, headed by the file read.
    public func showText(environment: Environment) -> String {
        let rows = entries(environment: environment)
        let width = rows.map(\.key.count).max() ?? 0
        var lines = [file.map { "# configuration file: \($0)" } ?? "# no configuration file (looked for \(searched)); built-in defaults"]
        for entry in rows {
            let value: String = if case .string(let text) = entry.value { text } else { entry.value.serialized() }
            lines.append(entry.key.padding(toLength: width, withPad: " ", startingAt: 0) + " = " + value + "    # " + entry.origin.description)
        }
        return lines.joined(separator: "\n")
    }

    /// `{"file": path|null, "settings": [{"key", "value", "origin", "from"}]}`.
    public func showJSON(environment: Environment) -> JSONValue {
        .object([
            ("file", file.map(JSONValue.string) ?? .null),
            ("settings", .array(entries(environment: environment).map { entry in
                .object([("key", .string(entry.key)), ("value", entry.value), ("origin", .string(entry.origin.kind.rawValue)),
                         ("from", .string(entry.origin.description))])
            })),
        ])
    }
}
