import DrydockCore
import DrydockYAML
import Foundation

/// Finds and reads the host configuration (YAML, or JSON), checking every key and value; an unknown key
/// or a wrong type is an error naming the key and its line.
public enum HostConfigurationLoader {
    public static let maximumFileSize = 256 * 1024

    static let topKeys: Set<String> = ["secrets_directory", "google", "aws", "bookings", "report", "backup", "scopes", "thresholds", "token_store"]
    static let tokenStoreKeys: Set<String> = ["kind", "secret", "region", "lock_table", "credentials_secret", "host_id"]
    static let bookingsKeys: Set<String> = ["formats"]
    static let googleKeys: Set<String> = ["mailbox", "spreadsheet_id"]
    static let awsKeys: Set<String> = ["regions", "tables", "instance_profile"]
    static let reportKeys: Set<String> = ["output_directory"]
    static let backupKeys: Set<String> = ["bucket", "prefix", "region"]
    static let thresholdKeys: Set<String> = ["clock_skew_warn_seconds", "clock_skew_fail_seconds", "min_free_disk_mb", "token_min_seconds"]

    /// `DRYDOCK_CONFIG` (which must exist), else `$XDG_CONFIG_HOME/drydock/config.yaml`, else
    /// `$HOME/.config/drydock/config.yaml`; nil path when neither variable locates one.
    public static func location(in environment: Environment) -> (path: String?, explicit: Bool) {
        if let explicit = environment["DRYDOCK_CONFIG"] { return (explicit, true) }
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") { return (xdg + "/drydock/config.yaml", false) }
        if let home = environment["HOME"] { return ((home.hasSuffix("/") ? String(home.dropLast()) : home) + "/.config/drydock/config.yaml", false) }
        return (nil, false)
    }

    /// The configuration for `environment`: the file's values over the built-in defaults; only the
    /// defaults when no file exists at the default location.
    /// - Throws: `HostConfigurationError` (exit 78) for an unreadable `DRYDOCK_CONFIG` or any bad key/value.
    public static func load(environment: Environment) throws(HostConfigurationError) -> HostConfiguration {
        let (path, explicit) = location(in: environment)
        guard let path else { return HostConfiguration(file: nil, searched: "(neither XDG_CONFIG_HOME nor HOME is set)") }
        if !explicit, !FileManager.default.fileExists(atPath: path) { return HostConfiguration(file: nil, searched: path) }
        do {
            guard let root = try YAMLDocument.load(path: path, maximumSize: maximumFileSize) else {
                return HostConfiguration(file: path, searched: path)
            }
            return try parse(root)
        } catch {
            var problem = error
            if explicit, problem.code == .unreadable {
                problem = DocumentError(.unreadable, file: path, line: 0, column: 0, "cannot read the file named by DRYDOCK_CONFIG")
            }
            throw HostConfigurationError(problem)
        }
    }

    /// Parses `text` as the file `file` (tests, `config show --file`).
    public static func parse(text: String, file: String) throws(HostConfigurationError) -> HostConfiguration {
        do {
            guard let root = try YAMLDocument.compose(text: text, file: file) else { return HostConfiguration(file: file, searched: file) }
            return try parse(root)
        } catch {
            throw HostConfigurationError(error)
        }
    }

    static func parse(_ root: DocumentNode) throws(DocumentError) -> HostConfiguration {
        var config = HostConfiguration(file: root.file, searched: root.file)
        let top = try root.mapping(allowed: topKeys)
        func origin(_ node: DocumentNode) -> ConfigOrigin { .file(node.file, line: node.line) }
        if let node = top["secrets_directory"] {
            config.secretsDirectory = ConfigValue(try absolutePath(node), origin(node))
        }
        if let google = try top["google"]?.mapping(allowed: googleKeys) {
            if let node = google["mailbox"] {
                let text = try node.string()
                guard text == "me" || (text.contains("@") && !text.contains(where: \.isWhitespace) && text.count <= 320) else {
                    throw node.error(.badValue, "expected an email address or \"me\", found \"\(text.prefix(40))\"")
                }
                config.mailbox = ConfigValue(text, origin(node))
            }
            if let node = google["spreadsheet_id"] {
                let text = try node.string()
                guard !text.isEmpty, text.count <= 200, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
                    throw node.error(.badValue, "expected a spreadsheet id (the part of its URL after /d/), found \"\(text.prefix(40))\"")
                }
                config.spreadsheetID = ConfigValue(text, origin(node))
            }
        }
        if let aws = try top["aws"]?.mapping(allowed: awsKeys) {
            if let node = aws["regions"] {
                let regions = try nonEmptyList(node, "regions")
                for (index, region) in regions.enumerated() where !isRegionName(region) {
                    throw try node.sequence()[index].error(.badValue, "expected an AWS region such as us-east-1, found \"\(region.prefix(40))\"")
                }
                config.regions = ConfigValue(regions, origin(node))
            }
            if let node = aws["tables"] {
                let tables = try nonEmptyList(node, "tables")
                for (index, table) in tables.enumerated() where !isTableName(table) {
                    throw try node.sequence()[index].error(
                        .badValue, "expected a DynamoDB table name (3-255 of a-z A-Z 0-9 _ - .), found \"\(table.prefix(40))\"")
                }
                config.tables = ConfigValue(tables, origin(node))
            }
            if let node = aws["instance_profile"] { config.instanceProfile = ConfigValue(try node.bool(), origin(node)) }
        }
        if let bookings = try top["bookings"]?.mapping(allowed: bookingsKeys), let node = bookings["formats"] {
            config.bookingsFormats = ConfigValue(try absolutePath(node), origin(node))
        }
        if let report = try top["report"]?.mapping(allowed: reportKeys), let node = report["output_directory"] {
            config.reportOutputDirectory = ConfigValue(try absolutePath(node), origin(node))
        }
        if let backup = try top["backup"]?.mapping(allowed: backupKeys) {
            if let node = backup["bucket"] {
                let bucket = try node.string()
                guard isBucketName(bucket) else {
                    throw node.error(.badValue, "expected an S3 bucket name (3-63 of a-z 0-9 . -, starting and ending with a letter or digit), found \"\(bucket.prefix(70))\"")
                }
                config.backupBucket = ConfigValue(bucket, origin(node))
            }
            if let node = backup["prefix"] {
                let prefix = try node.string()
                guard isKeyPrefix(prefix) else {
                    throw node.error(.badValue, "expected a key prefix ending in / (at most 512 bytes, not starting with /), found \"\(prefix.prefix(70))\"")
                }
                config.backupPrefix = ConfigValue(prefix, origin(node))
            }
            if let node = backup["region"] {
                let region = try node.string()
                guard isRegionName(region) else { throw node.error(.badValue, "expected an AWS region such as us-east-1, found \"\(region.prefix(40))\"") }
                config.backupRegion = ConfigValue(region, origin(node))
            }
        }
        if let node = top["token_store"] { try parseTokenStore(node, into: &config) }
        if let node = top["scopes"] {
            let jobs = try node.mapping(allowed: Set(JobScopes.defaults.map(\.job)))
            for (job, list) in jobs {
                config.scopes[job] = ConfigValue(try list.strings().map(JobScopes.expand), origin(list))
            }
        }
        if let thresholds = try top["thresholds"]?.mapping(allowed: thresholdKeys) {
            if let node = thresholds["clock_skew_warn_seconds"] { config.clockSkewWarn = ConfigValue(try node.int(in: 1...3600), origin(node)) }
            if let node = thresholds["clock_skew_fail_seconds"] { config.clockSkewFail = ConfigValue(try node.int(in: 1...3600), origin(node)) }
            if let node = thresholds["min_free_disk_mb"] { config.minimumFreeDiskMB = ConfigValue(try node.int(in: 0...10_000_000), origin(node)) }
            if let node = thresholds["token_min_seconds"] { config.tokenMinimumSeconds = ConfigValue(try node.int(in: 0...86_400), origin(node)) }
            if config.clockSkewWarn.value > config.clockSkewFail.value, let node = thresholds["clock_skew_warn_seconds"] {
                throw node.error(.badValue, "must not exceed clock_skew_fail_seconds (\(config.clockSkewFail.value))")
            }
        }
        return config
    }

    /// `token_store: secretsmanager`, or a mapping with `kind` and the store's settings.
    static func parseTokenStore(_ node: DocumentNode, into config: inout HostConfiguration) throws(DocumentError) {
        func origin(_ node: DocumentNode) -> ConfigOrigin { .file(node.file, line: node.line) }
        func kind(_ node: DocumentNode) throws(DocumentError) -> ConfigValue<String> {
            let text = try node.string()
            guard text == "file" || text == "secretsmanager" else {
                throw node.error(.badValue, "expected \"file\" or \"secretsmanager\", found \"\(text.prefix(40))\"")
            }
            return ConfigValue(text, origin(node))
        }
        func secretName(_ node: DocumentNode) throws(DocumentError) -> String {
            let text = try node.string()
            guard (1...2048).contains(text.count), text.allSatisfy({ $0.isASCII && !$0.isWhitespace && $0 != "\"" }) else {
                throw node.error(.badValue, "expected a Secrets Manager secret name or ARN, found \"\(text.prefix(40))\"")
            }
            return text
        }
        if (try? node.string()) != nil {
            config.tokenStore = try kind(node)
            return
        }
        let store = try node.mapping(allowed: tokenStoreKeys)
        if let node = store["kind"] { config.tokenStore = try kind(node) }
        if let node = store["secret"] { config.tokenSecret = ConfigValue(try secretName(node), origin(node)) }
        if let node = store["credentials_secret"] { config.credentialsSecret = ConfigValue(try secretName(node), origin(node)) }
        if let node = store["region"] {
            let region = try node.string()
            guard isRegionName(region) else { throw node.error(.badValue, "expected an AWS region such as us-east-1, found \"\(region.prefix(40))\"") }
            config.tokenRegion = ConfigValue(region, origin(node))
        }
        if let node = store["lock_table"] {
            let table = try node.string()
            guard isTableName(table) else {
                throw node.error(.badValue, "expected a DynamoDB table name (3-255 of a-z A-Z 0-9 _ - .), found \"\(table.prefix(40))\"")
            }
            config.tokenLockTable = ConfigValue(table, origin(node))
        }
        if let node = store["host_id"] {
            let host = try node.string()
            guard (1...255).contains(host.count), host.allSatisfy({ $0.isASCII && !$0.isWhitespace && !($0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? true) }) else {
                throw node.error(.badValue, "expected a host name (1-255 printable ASCII characters, no spaces), found \"\(host.prefix(40))\"")
            }
            config.hostID = ConfigValue(host, origin(node))
        }
    }

    static func absolutePath(_ node: DocumentNode) throws(DocumentError) -> String {
        let text = try node.string()
        guard text.hasPrefix("/"), !text.contains("\0"), text.count <= 4096 else {
            throw node.error(.badValue, "expected an absolute path (cron runs jobs from another directory), found \"\(text.prefix(60))\"")
        }
        return text
    }

    static func nonEmptyList(_ node: DocumentNode, _ what: String) throws(DocumentError) -> [String] {
        let list = try node.strings()
        guard !list.isEmpty, list.count <= 64 else { throw node.error(.badValue, "expected 1 to 64 \(what)") }
        return list
    }

    /// `us-east-1`, `eu-central-2`, `us-gov-west-1`: lowercase words and dashes ending in a number.
    static func isRegionName(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, text.count <= 32, let last = parts.last, !last.isEmpty, last.allSatisfy(\.isASCII), last.allSatisfy(\.isNumber) else { return false }
        return parts.dropLast().allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isLowercase } }
    }

    /// S3's bucket naming rules: 3-63 of lowercase letters, digits, `.` and `-`, starting and ending with a
    /// letter or digit, no `..`.
    public static func isBucketName(_ text: String) -> Bool {
        guard (3...63).contains(text.count), !text.contains(".."),
              text.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "." || $0 == "-") }),
              let first = text.first, let last = text.last else { return false }
        return (first.isLowercase || first.isNumber) && (last.isLowercase || last.isNumber)
    }

    /// A backup key prefix: empty, or at most 512 bytes ending in `/`, not starting with `/`, no control characters.
    public static func isKeyPrefix(_ text: String) -> Bool {
        text.isEmpty || (text.utf8.count <= 512 && text.hasSuffix("/") && !text.hasPrefix("/")
            && !text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
    }

    /// DynamoDB's rule: 3 to 255 of `[a-zA-Z0-9_.-]`.
    static func isTableName(_ text: String) -> Bool {
        (3...255).contains(text.count) && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_.-".contains($0)) }
    }
}
