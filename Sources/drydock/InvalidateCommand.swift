import ArgumentParser
import DrydockCore
import DrydockCredentials
import DrydockHTTP
import DrydockJobs
import DrydockServices
import Foundation

/// `drydock invalidate --distribution ID --paths '/schema/*' [--paths …] [--content-version V] [--wait [--timeout S]] [--dry-run]`.
struct InvalidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invalidate",
        abstract: "Invalidate CloudFront paths after a content change, once per change.",
        discussion: """
            The CallerReference is derived from the distribution, the sorted paths and --content-version \
            (default: today's UTC date), so rerunning the same change answers the same invalidation instead \
            of creating a second. Credentials come from the AWS chain (environment, then IMDS). With --wait, \
            polls until Completed with doubling waits (5 s up to 60 s) within --timeout; a timeout exits 75.
            """)

    @Option(help: "The distribution id (E2QWRUHAPOMQZL).")
    var distribution: String

    @Option(help: "A path to invalidate, starting with / (a trailing * invalidates a prefix). Repeatable.")
    var paths: [String] = []

    @Option(name: .customLong("content-version"), help: "What changed (a schema version, a commit); default: today's date (UTC).")
    var contentVersion: String?

    @Flag(help: "Wait until CloudFront reports the invalidation Completed.")
    var wait = false

    @Option(help: "With --wait: give up after this many seconds (default 900).")
    var timeout: Double = 900

    @Flag(name: .customLong("dry-run"), help: "Check the distribution and print the invalidation that would be created, without creating it.")
    var dryRun = false

    func validate() throws {
        guard !distribution.isEmpty, distribution.utf8.count <= 64, distribution.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw ValidationError("--distribution must be a CloudFront distribution id (letters and digits), got '\(distribution.prefix(64))'")
        }
        guard !paths.isEmpty else { throw ValidationError("give at least one --paths (e.g. --paths '/schema/*')") }
        for path in paths {
            if let problem = CacheInvalidation.problem(with: path) { throw ValidationError("--paths \(problem)") }
        }
        guard timeout > 0, timeout <= 86_400 else { throw ValidationError("--timeout must be between 1 and 86400 seconds") }
    }

    func run() throws {
        try runReportingFailures {
            let settings = try HostSettings.load()
            let environment = settings.environment
            let transport = HTTPClient()
            let clock = SystemClock()
            let credentials = AWSCredentialChain(environment: environment, transport: transport, clock: clock) { warning in
                printError("drydock: warning: \(warning)")
            }
            let client = try CloudFrontClient(credentials: credentials, transport: transport, environment: environment, clock: clock)
            let version = contentVersion ?? String(RFC3339.string(from: clock.now()).prefix(10))
            let job = CacheInvalidation(distributionID: distribution, paths: paths, contentVersion: version)
            if dryRun {
                let found = try client.distribution(distribution)
                printLine("dry run: would invalidate \(job.paths.joined(separator: " ")) on \(distribution) (\(found.domainName)) with caller reference \(job.callerReference) (content version \(version)); nothing created")
                return
            }
            _ = try job.run(client: client, wait: wait ? .init(deadline: timeout) : nil, clock: clock) { printLine($0) }
        }
    }
}
