import ArgumentParser
import DrydockCore
import DrydockHTTP
import DrydockJobs

/// `drydock diag [--json] [--refresh]`.
struct DiagCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diag",
        abstract: "Check the secrets, the cached token and Gmail connectivity; exit 1 if anything is wrong.")

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Flag(help: "Also force a live token refresh.")
    var refresh = false

    func run() throws {
        try runReportingFailures {
            let session = try GoogleSession(environment: HostSettings.load().environment, transport: HTTPClient())
            let diagnosis = Diagnosis.run(session: session, refresh: refresh)
            printLine(json ? diagnosis.json.serialized(pretty: true) : diagnosis.text)
            if !diagnosis.healthy { throw ExitCode(ExitStatus.checkFailed.rawValue) }
        }
    }
}
