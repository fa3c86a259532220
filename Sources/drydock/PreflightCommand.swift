import ArgumentParser
import DrydockConfig
import DrydockCore
import DrydockHTTP
import DrydockJobs
import DrydockPreflight
import Foundation

/// `drydock preflight [--json] [--junit FILE] [--no-refresh] [--only CHECK...] [--strict] [--as-cron] [--timeout SECONDS]`.
struct PreflightCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preflight",
        abstract: "Check that this host is ready to run the jobs: secrets, token, Google, AWS, clock, TLS, disk, cron.",
        discussion: """
            Each check prints PASS, WARN, FAIL or SKIPPED with its evidence, and a fix for warnings and \
            failures. Exit 0 when nothing failed (warnings too, with --strict), 1 otherwise; 78 for a bad \
            configuration file. Secrets never appear in the output. The run ends within --timeout seconds \
            (default \(Int(PreflightOptions.defaultTimeout))) and each check within \(Int(PreflightOptions.defaultCheckTimeout)) s: \
            a check whose endpoint does not answer in time fails, naming the endpoint and the limit. Checks: \
            \(PreflightChecks.all.map { "\($0.name) (\($0.summary))" }.joined(separator: "; ")).
            """)

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Option(help: "Also write the report as JUnit XML to this file.")
    var junit: String?

    @Flag(help: "Skip the live token refresh.")
    var noRefresh = false

    @Option(parsing: .upToNextOption, help: "Run only these checks (\(PreflightChecks.names.joined(separator: ", "))).")
    var only: [String] = []

    @Flag(help: "Fail on warnings too.")
    var strict = false

    @Flag(help: "Run in a cron-like environment: PATH=/usr/bin:/bin, HOME from the password database, only DRYDOCK_CONFIG (and --cron-keep) kept.")
    var asCron = false

    @Option(help: "With --as-cron, keep this variable too (as the crontab sets it); repeatable.")
    var cronKeep: [String] = []

    @Option(help: "The month whose Sheets tab must exist, YYYY-MM (default: the current month).")
    var month: String?

    @Option(help: ArgumentHelp(
        "Seconds the whole run may take (default \(Int(PreflightOptions.defaultTimeout)); each check at most \(Int(PreflightOptions.defaultCheckTimeout)) of them).",
        valueName: "seconds"))
    var timeout: String?

    func validate() throws {
        if let timeout, case .failure(let error) = PreflightOptions.timeout(parsing: timeout) {
            throw ValidationError(error.message)
        }
        let unknown = only.filter { !PreflightChecks.names.contains($0) }
        guard unknown.isEmpty else {
            throw ValidationError("--only: unknown check \(unknown.map { "'\($0)'" }.joined(separator: ", ")); checks: \(PreflightChecks.names.joined(separator: ", "))")
        }
        if let month, !(month.count == 7 && RFC3339.date(from: month + "-01T00:00:00Z") != nil) {
            throw ValidationError("--month must be YYYY-MM (e.g. 2026-09), got '\(month)'")
        }
    }

    func run() throws {
        try runReportingFailures {
            let process = Environment.process
            let cron = CronEnvironment.make(from: process, keep: cronKeep)
            let environment = asCron ? cron : process
            let configuration = try HostConfigurationLoader.load(environment: environment)
            var options = PreflightOptions()
            options.refresh = !noRefresh
            options.only = Set(only)
            options.month = month
            options.version = drydockVersion
            options.executablePath = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments.first
            options.asCron = asCron
            if let timeout { options.timeout = try PreflightOptions.timeout(parsing: timeout).get() }
            let context = PreflightContext(
                configuration: configuration, environment: environment, cronEnvironment: cron, options: options, transport: HTTPClient())
            let report = Preflight.run(context)
            if json {
                printLine(report.json.serialized(pretty: true))
            } else {
                let colour = isatty(STDOUT_FILENO) == 1 && process["NO_COLOR"] == nil && process["TERM"] != "dumb"
                printLine(report.table(colour: colour))
            }
            if let junit {
                do {
                    try Data(outputRedactor.scrubMessage(report.junit(strict: strict)).utf8).write(to: URL(fileURLWithPath: junit))
                } catch {
                    throw ConfigurationError("cannot write --junit \(junit): \(error.localizedDescription)")
                }
            }
            if !report.passed(strict: strict) { throw ExitCode(ExitStatus.checkFailed.rawValue) }
        }
    }
}
