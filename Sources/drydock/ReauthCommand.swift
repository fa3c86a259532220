import ArgumentParser
import DrydockCore
import DrydockHTTP
import DrydockJobs

/// `drydock reauth [--force]`.
struct ReauthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reauth",
        abstract: "Validate the secrets directory and make sure a fresh Google access token is cached.",
        discussion: """
            Refreshes through the same host-wide single-flight path as every job: if another process \
            refreshed meanwhile, its token is used. Without --force a still-fresh cached token is kept. \
            Exit codes: 0 ok; 75 token endpoint unavailable after retries; 77 refresh token expired or \
            revoked (re-consent needed); 67 client credentials rejected; 78 secrets problem.
            """)

    @Flag(help: "Refresh even if the cached token is still fresh.")
    var force = false

    func run() throws {
        try runReportingFailures {
            let session = try GoogleSession(environment: HostSettings.load().environment, transport: HTTPClient())
            let result = try Reauth.run(session: session, force: force)
            printLine(result.summary)
        }
    }
}
