import ArgumentParser
import DrydockConfig
import DrydockCore
import DrydockCredentials
import DrydockHTTP
import DrydockJobs
import DrydockReport
import DrydockServices
import Foundation

/// `drydock report --month YYYY-MM --out FILE.xlsx [--spreadsheet ID] [--regions …] [--mailbox …]
/// [--allow-partial] [--json] [--force] [--mode 644] [--company NAME]`.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The monthly revenue report: Gmail confirmations, trip sheets and crew dispatch, reconciled into an XLSX workbook.",
        discussion: """
            Reads the month's confirmations and cancellations (Gmail, gmail.readonly), the month's tab of the trip \
            sheets (spreadsheets.readonly) and crew dispatch from every region (DynamoDB through the instance \
            role), reconciles them per booking id and writes Summary, Charters, Discrepancies and Sources sheets. \
            If any source fails, nothing is written and the previous file is untouched: the exit code is that \
            source's (77 refresh token rejected, 75 transient, 78 configuration); with --allow-partial the \
            workbook is written with a red banner and the exit code is 2. The file goes to a temporary file \
            beside FILE and is renamed into place; an existing FILE is replaced only with --force. \
            SOURCE_DATE_EPOCH fixes the run's clock (same inputs and clock give a byte-identical file).
            """)

    @Option(help: "The month, YYYY-MM.")
    var month: String

    @Option(help: "The workbook to write (.xlsx); default: revenue-YYYY-MM.xlsx in the host configuration's report.output_directory.")
    var out: String?

    @Option(help: "The trip sheets' spreadsheet id (default: $DRYDOCK_SPREADSHEET_ID, else the host configuration's google.spreadsheet_id).")
    var spreadsheet: String?

    @Option(help: "Comma-separated DynamoDB regions (default: the host configuration's aws.regions, else us-east-1,us-west-2).")
    var regions: String?

    @Option(help: "The Gmail mailbox (user id): me or an address (default: the host configuration's google.mailbox, else me).")
    var mailbox: String?

    @Option(help: "The company named in the title and document properties (default: $DRYDOCK_COMPANY, else the mailbox's domain).")
    var company: String?

    @Flag(help: "Write the report even if a source failed (banner on Summary, exit 2).")
    var allowPartial = false

    @Flag(help: "Also print the reconciliation as JSON lines.")
    var json = false

    @Flag(help: "Replace an existing FILE.")
    var force = false

    @Option(help: "The file's mode, octal.")
    var mode = "644"

    func validate() throws {
        guard BookingSearch.Month(month) != nil else { throw ValidationError("--month must be YYYY-MM (e.g. 2026-09), got '\(month)'") }
        if let out { guard !out.isEmpty, !out.hasSuffix("/") else { throw ValidationError("--out must name a file, got '\(out)'") } }
        guard fileMode != nil else { throw ValidationError("--mode must be an octal mode like 644 (at most 777), got '\(mode)'") }
        if let regions { guard !Self.list(regions).isEmpty else { throw ValidationError("--regions is empty") } }
        if let mailbox {
            guard !mailbox.isEmpty, !mailbox.contains("/") else { throw ValidationError("--mailbox must be me or an address, got '\(mailbox)'") }
        }
        if let spreadsheet, spreadsheet.isEmpty || spreadsheet.contains("/") {
            throw ValidationError("--spreadsheet must be a spreadsheet id (the part of the URL after /d/), got '\(spreadsheet)'")
        }
    }

    static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    var fileMode: mode_t? {
        guard (1...4).contains(mode.count), let value = mode_t(mode, radix: 8), value <= 0o777 else { return nil }
        return value
    }

    func run() throws {
        try runReportingFailures {
            let host = try HostSettings.load()
            let environment = host.environment
            let settings = try ReportSettings.resolve(
                spreadsheet: spreadsheet, company: company, environment: environment, configuration: host.configuration)
            let out = out ?? Self.defaultOutput(directory: host.configuration.reportOutputDirectory.value, month: month)
            let file = ReportFile(path: out, mode: fileMode ?? 0o644, overwrite: force)
            try file.checkTarget()
            let regionList = host.configuration.regions.overridden(by: regions.map(Self.list), flag: "--regions").value
            let mailbox = mailbox ?? host.configuration.mailbox.value ?? "me"
            var sources = try makeSources(environment: environment, regionList: regionList, mailbox: mailbox)
            if let formats = host.configuration.bookingsFormats.value { sources.bookingFormats = try BookingFormats.loading(file: formats) }
            let parsedMonth = BookingSearch.Month(month)!
            let inputs = sources.read(month: parsedMonth, spreadsheetID: settings.spreadsheetID)
            let options = ReportJob.Options(
                month: parsedMonth, spreadsheetID: settings.spreadsheetID, file: file, allowPartial: allowPartial,
                company: settings.company ?? (inputs.ownDomain.isEmpty ? "Drydock" : inputs.ownDomain), now: settings.now)
            let outcome = try ReportJob(options: options).run(inputs)
            print(outcome.document, out: out)
            if outcome.exitStatus != .success { throw ExitCode(outcome.exitStatus.rawValue) }
        }
    }

    /// `DIRECTORY/revenue-YYYY-MM.xlsx`.
    static func defaultOutput(directory: String, month: String) -> String {
        (directory.hasSuffix("/") ? directory : directory + "/") + "revenue-\(month).xlsx"
    }

    private func makeSources(environment: Environment, regionList: [String], mailbox: String) throws -> ReportSources {
        let transport = HTTPClient()
        let clock = SystemClock()
        // One chain for DynamoDB and the shared token store: the instance's credentials are fetched once.
        let credentials = AWSCredentialChain(environment: environment, transport: transport, clock: clock) { warning in
            printError("drydock: warning: \(warning)")
        }
        let google = Result { () throws -> (gmail: GmailClient, sheets: SheetsClient) in
            let session = try GoogleSession(environment: environment, transport: transport, clock: clock, awsCredentials: credentials)
            let gmail = GmailClient(pipeline: session.pipeline, endpoint: environment["GMAIL_API_ENDPOINT"] ?? GmailClient.defaultEndpoint, userID: mailbox)
            return (gmail, session.sheets)
        }
        let clients = try regionList.map { region in
            (region: region, client: try DynamoDBClient(region: region, credentials: credentials, transport: transport, environment: environment, clock: clock))
        }
        return ReportSources(google: google, dispatch: CrewDispatch(clients: clients, includeChats: false), regions: regionList, mailbox: mailbox)
    }

    private func print(_ document: ReportDocument, out: String) {
        if json {
            for line in document.jsonLines { printLine(line.serialized()) }
        }
        for failure in document.failures { printError("drydock: warning: \(failure.description) (left out of the report)") }
        let findings = document.reconciliation.findings
        let kinds = Dictionary(grouping: findings, by: \.kind.rawValue).map { "\($0.key) \($0.value.count)" }.sorted()
        let summary = "wrote \(out): \(document.reconciliation.lines.count) charter(s) for \(document.month), \(findings.count) finding(s)"
            + (kinds.isEmpty ? "" : " (\(kinds.joined(separator: ", ")))") + (document.partial ? "; PARTIAL" : "")
        if json { printError(summary) } else {
            for finding in findings { printLine("\(finding.kind.rawValue) \(finding.bookingID): \(finding.location)") }
            printLine(summary)
        }
    }
}

/// The report's settings from options and the environment, in one place (the host config file joins here).
struct ReportSettings {
    let spreadsheetID: String
    let company: String?
    let now: Date

    /// The spreadsheet: `--spreadsheet`, else `$DRYDOCK_SPREADSHEET_ID`, else the host configuration's
    /// `google.spreadsheet_id`.
    static func resolve(
        spreadsheet: String?, company: String?, environment: Environment, configuration: HostConfiguration
    ) throws -> ReportSettings {
        guard let id = spreadsheet ?? environment["DRYDOCK_SPREADSHEET_ID"] ?? configuration.spreadsheetID.value, !id.isEmpty else {
            throw ConfigurationError(
                "no trip-sheet spreadsheet: pass --spreadsheet ID, set DRYDOCK_SPREADSHEET_ID, or set google.spreadsheet_id in the host configuration")
        }
        var now = SystemClock().now()
        if let epoch = environment["SOURCE_DATE_EPOCH"] {
            guard let seconds = Int(epoch), seconds > 0, seconds < 253_402_300_800 else {
                throw ConfigurationError("SOURCE_DATE_EPOCH must be seconds since 1970 (a positive integer), got '\(epoch)'")
            }
            now = Date(timeIntervalSince1970: Double(seconds))
        }
        return ReportSettings(spreadsheetID: id, company: company ?? environment["DRYDOCK_COMPANY"], now: now)
    }
}
