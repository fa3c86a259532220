import ArgumentParser
import DrydockConfig
import DrydockCore
import DrydockCredentials
import DrydockHTTP
import DrydockJobs
import DrydockServices
import Foundation

/// `drydock backup [--month YYYY-MM …]`, `drydock backup verify`, `drydock backup restore`.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Back up a month of crew-dispatch and charter-chats from every region to S3; verify or restore it.",
        discussion: """
            Objects: <prefix>exports/<month>/<region>/<table>.jsonl.gz (gzip JSON lines, DynamoDB JSON); the \
            manifest <prefix>manifests/<month>/manifest.json is written last, after every object was read back. \
            Bucket, prefix and the bucket's region come from backup.bucket, backup.prefix and backup.region of the \
            host configuration (default drydock-charter-backups in us-east-1). Credentials from the AWS chain \
            (environment, then IMDS).
            """,
        subcommands: [BackupRunCommand.self, BackupVerifyCommand.self, BackupRestoreCommand.self],
        defaultSubcommand: BackupRunCommand.self)
}

/// The options every backup subcommand shares.
struct BackupLocationOptions: ParsableArguments {
    @Option(help: "The month, YYYY-MM.")
    var month: String

    @Option(help: "The backup bucket (default: backup.bucket of the host configuration).")
    var bucket: String?

    @Option(help: "A key prefix ending in / (default: backup.prefix of the host configuration, else none).")
    var prefix: String?

    @Option(name: .customLong("bucket-region"), help: "The bucket's region (default: backup.region, else us-east-1).")
    var bucketRegion: String?

    func validate() throws {
        guard BackupLayout.isMonth(month) else { throw ValidationError("--month must be YYYY-MM, got '\(month)'") }
        if let bucket, !HostConfigurationLoader.isBucketName(bucket) {
            throw ValidationError("--bucket '\(bucket)' is not an S3 bucket name (3-63 of a-z 0-9 . -)")
        }
        if let prefix, !HostConfigurationLoader.isKeyPrefix(prefix) {
            throw ValidationError("--prefix must be empty or end in / (and not start with /), got '\(prefix)'")
        }
    }

    /// The settings, clients and layout a subcommand works with.
    func context(regions flag: String? = nil) throws -> BackupContext {
        let settings = try HostSettings.load()
        let configuration = settings.configuration
        let environment = settings.environment
        let transport = HTTPClient()
        let clock = SystemClock()
        let credentials = AWSCredentialChain(environment: environment, transport: transport, clock: clock) { warning in
            printError("drydock: warning: \(warning)")
        }
        let regions = configuration.regions.overridden(by: flag.map(DispatchCommand.list), flag: "--regions").value
        let layout = BackupLayout(
            bucket: bucket ?? configuration.backupBucket.value, prefix: prefix ?? configuration.backupPrefix.value, month: month)
        let s3 = try S3Client(
            region: bucketRegion ?? configuration.backupRegion.value, credentials: credentials, transport: transport,
            environment: environment, clock: clock)
        let dynamo = try regions.map { region in
            (region: region, client: try DynamoDBClient(
                region: region, credentials: credentials, transport: transport, environment: environment, clock: clock))
        }
        return BackupContext(layout: layout, s3: s3, dynamo: dynamo, clock: clock)
    }
}

struct BackupContext {
    let layout: BackupLayout
    let s3: S3Client
    let dynamo: [(region: String, client: DynamoDBClient)]
    let clock: any WallClock
}

/// `drydock backup --month YYYY-MM [--bucket B] [--prefix P] [--regions …] [--dry-run]`.
struct BackupRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Export the month from every region, upload, read back, then write the manifest (the default subcommand).")

    @OptionGroup var location: BackupLocationOptions

    @Option(help: "Comma-separated regions to export (default: aws.regions of the host configuration).")
    var regions: String?

    @Flag(help: "Read the tables and the bucket, print what would be uploaded, write nothing.")
    var dryRun = false

    func run() throws {
        try runReportingFailures {
            let context = try location.context(regions: regions)
            let backup = MonthlyBackup(export: MonthlyExport(clients: context.dynamo), s3: context.s3, clock: context.clock)
            let outcome = try backup.run(layout: context.layout, dryRun: dryRun)
            for (object, action) in outcome.objects {
                printLine("\(action.rawValue): s3://\(context.layout.bucket)/\(object.key) (\(object.items) items, \(object.body.count) bytes, sha256 \(object.sha256))")
            }
            let uploaded = outcome.objects.filter { $0.action == .uploaded }.count
            let items = outcome.objects.reduce(0) { $0 + $1.object.items }
            if dryRun {
                printLine("dry run: \(outcome.objects.count) object(s), \(items) item(s); would upload \(outcome.objects.filter { $0.action == .wouldUpload }.count), then write s3://\(context.layout.bucket)/\(outcome.manifestKey); nothing was written")
            } else {
                printLine("backup of \(context.layout.month) verified: \(outcome.objects.count) object(s), \(items) item(s), \(uploaded) uploaded, \(outcome.objects.count - uploaded) unchanged; manifest s3://\(context.layout.bucket)/\(outcome.manifestKey) \(outcome.manifest)")
            }
        }
    }
}

/// `drydock backup verify --month YYYY-MM`.
struct BackupVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a stored backup: every object of the manifest present, with its size and SHA-256 (exit 1 otherwise).")

    @OptionGroup var location: BackupLocationOptions

    func run() throws {
        try runReportingFailures {
            let context = try location.context()
            let report = try BackupVerification(s3: context.s3).run(layout: context.layout)
            for (key, problem) in report.results { printLine("\(problem == nil ? "ok" : "FAILED"): s3://\(context.layout.bucket)/\(key)\(problem.map { " — \($0)" } ?? "")") }
            let problems = report.problems
            guard problems.isEmpty else {
                throw BackupError(.mismatch, "backup of \(context.layout.month) is damaged: \(problems.joined(separator: "; ")); rerun `drydock backup --month \(context.layout.month)` while the tables still hold the month")
            }
            printLine("backup of \(context.layout.month) verified: \(report.results.count) object(s) match manifest generated at \(report.manifest.generatedAt)")
        }
    }
}

/// `drydock backup restore --month YYYY-MM --to-table T [--table crew-dispatch] [--to-region R]`.
struct BackupRestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Write one table's backed-up items (all regions) into a table, for tests and disaster drills.")

    @OptionGroup var location: BackupLocationOptions

    @Option(name: .customLong("to-table"), help: "The table to write into (it must exist with the source table's key schema).")
    var toTable: String

    @Option(help: "Which exported table to restore: crew-dispatch or charter-chats.")
    var table = "crew-dispatch"

    @Option(name: .customLong("to-region"), help: "The target table's region (default: the first of aws.regions).")
    var toRegion: String?

    func run() throws {
        try runReportingFailures {
            // --to-region, else the first of aws.regions.
            let context = try location.context(regions: toRegion)
            guard let target = context.dynamo.first else { throw ValidationError("no region to restore into") }
            let outcome = try BackupRestore(s3: context.s3, target: target.client).run(layout: context.layout, sourceTable: table, into: toTable)
            printLine("restored \(outcome.items) item(s) of \(table) from \(outcome.objects.count) object(s) into \(toTable) (\(target.region)) in \(outcome.requests) BatchWriteItem request(s)\(outcome.superseded > 0 ? "; \(outcome.superseded) older replica copy(ies) skipped" : "")")
        }
    }
}
