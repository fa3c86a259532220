import ArgumentParser
import DrydockCore
import DrydockCredentials
import DrydockHTTP
import DrydockJobs
import DrydockServices
import Foundation

/// `drydock dispatch --from DATE --to DATE [--regions us-east-1,us-west-2] [--json]`.
struct DispatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dispatch",
        abstract: "Crew dispatch from DynamoDB in every region, merged, with each charter's chats.",
        discussion: """
            Credentials come from the AWS chain (environment, then the instance profile through IMDS); no \
            Google credentials are needed. Regions are queried concurrently; a region that fails is \
            reported on stderr and the exit code is 2 (partial result).
            """)

    @Option(help: "First departure day, YYYY-MM-DD (UTC).")
    var from: String

    @Option(help: "Last departure day, YYYY-MM-DD (UTC).")
    var to: String

    @Option(help: "Comma-separated regions (default: aws.regions of the host configuration, else us-east-1,us-west-2).")
    var regions: String?

    @Flag(help: "Print JSON lines.")
    var json = false

    func validate() throws {
        for (name, value) in [("--from", from), ("--to", to)] {
            guard value.count == 10, RFC3339.date(from: value + "T00:00:00Z") != nil else {
                throw ValidationError("\(name) must be a date YYYY-MM-DD, got '\(value)'")
            }
        }
        guard from <= to else { throw ValidationError("--from \(from) is after --to \(to)") }
        if let regions { guard !Self.list(regions).isEmpty else { throw ValidationError("--regions is empty") } }
    }

    static func list(_ text: String) -> [String] { text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }

    func run() throws {
        try runReportingFailures {
            let settings = try HostSettings.load()
            let environment = settings.environment
            // --regions wins over the configuration's aws.regions.
            let regionList = settings.configuration.regions.overridden(by: regions.map(Self.list), flag: "--regions").value
            let transport = HTTPClient()
            let clock = SystemClock()
            let credentials = AWSCredentialChain(environment: environment, transport: transport, clock: clock) { warning in
                printError("drydock: warning: \(warning)")
            }
            let clients = try regionList.map { region in
                (region: region, client: try DynamoDBClient(
                    region: region, credentials: credentials, transport: transport, environment: environment, clock: clock))
            }
            let result = CrewDispatch(clients: clients).run(from: from, to: to)
            if json {
                for entry in result.entries { printLine(entry.json.serialized()) }
            } else {
                let rows = result.entries.map {
                    [$0.departsAt, $0.bookingID, $0.boat, $0.captain, $0.crew.joined(separator: ", "), $0.status, $0.region, String($0.chats.count)]
                }
                printLine(TextTable.render(headers: ["DEPARTS", "BOOKING", "BOAT", "CAPTAIN", "CREW", "STATUS", "REGION", "CHATS"], rows: rows))
                let failed = Set(result.failures.map(\.region))
                let answered = regionList.filter { !failed.contains($0) }
                let missing = failed.isEmpty ? "" : " (missing: \(regionList.filter(failed.contains).joined(separator: ", ")))"
                printLine("\(result.entries.count) dispatch(es) from \(from) to \(to) in \(answered.isEmpty ? "no region" : answered.joined(separator: ", "))\(missing)")
            }
            for failure in result.failures { printError("drydock: region \(failure.region) failed: \(failure.message)") }
            if result.partial { throw ExitCode(ExitStatus.partial.rawValue) }
        }
    }
}
