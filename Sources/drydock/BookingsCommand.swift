import ArgumentParser
import DrydockCore
import DrydockHTTP
import DrydockJobs

/// `drydock bookings`: the search (`bookings [list] --month …`, the default), and the formats tools
/// (`formats --print`, `explain MESSAGE_ID`, `parse FILE.eml…`).
struct BookingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bookings",
        abstract: "Find booking confirmations in Gmail and parse them into fields.",
        subcommands: [BookingsListCommand.self, BookingsFormatsCommand.self, BookingsExplainCommand.self, BookingsParseCommand.self],
        defaultSubcommand: BookingsListCommand.self)
}

/// `drydock bookings [list] --month YYYY-MM [--from ADDRESS] [--query Q] [--by charter|received] [--formats FILE] [--json]`.
struct BookingsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Find booking confirmations in Gmail and parse them into fields (the default).",
        discussion: """
            Lists each confirmation (booking id, charter date, guest, party size, amount, currency, sender, \
            received at) as a table, or as JSON lines with --json. A message that looks like a confirmation \
            but does not parse is listed as a warning (on stderr for the table; as a {"type":"warning"} line \
            with --json) and makes the exit code 1. Exit codes as for every Google command.
            """)

    @Option(help: "The month, YYYY-MM.")
    var month: String

    @Option(help: "Only confirmations from this sender address.")
    var from: String?

    @Option(help: "Gmail search terms replacing the default confirmation filter (the month window still applies).")
    var query: String?

    @Option(help: "Select by charter date (default) or by the month the confirmation was received.")
    var by: String = BookingSearch.Selection.charter.rawValue

    @OptionGroup var formatsOption: BookingFormatsOption

    @Flag(help: "Print JSON lines instead of a table.")
    var json = false

    func validate() throws {
        guard BookingSearch.Month(month) != nil else { throw ValidationError("--month must be YYYY-MM (e.g. 2026-09), got '\(month)'") }
        guard BookingSearch.Selection(rawValue: by) != nil else { throw ValidationError("--by must be charter or received, got '\(by)'") }
    }

    func run() throws {
        try runReportingFailures {
            let settings = try HostSettings.load()
            let formats = try formatsOption.load(settings)
            let session = try GoogleSession(environment: settings.environment, transport: HTTPClient())
            // The configured mailbox (google.mailbox) is Gmail's userId; unset, the token's own account ("me").
            let gmail = session.gmail(userID: settings.configuration.mailbox.value ?? "me")
            let result = try BookingSearch(gmail: gmail, formats: formats).run(
                month: BookingSearch.Month(month)!, selection: BookingSearch.Selection(rawValue: by)!, from: from, query: query)
            if json {
                for booking in result.confirmations { printLine(booking.json.serialized()) }
                for warning in result.warnings { printLine(warning.json.serialized()) }
            } else {
                let rows = result.confirmations.map {
                    [$0.bookingID, $0.charterDateText, $0.guest, String($0.partySize), $0.amountText, $0.currency, $0.status, MailAddress.address($0.sender),
                     RFC3339.string(from: $0.receivedAt)]
                }
                printLine(TextTable.render(
                    headers: ["BOOKING", "CHARTER", "GUEST", "PARTY", "AMOUNT", "CUR", "STATUS", "SENDER", "RECEIVED"], rows: rows))
                printLine("\(result.confirmations.count) confirmation(s) for \(month) (by \(by) date); \(result.examined) message(s) examined")
                for warning in result.warnings { printError("warning: \(warning.description)") }
            }
            if !result.warnings.isEmpty { throw ExitCode(ExitStatus.checkFailed.rawValue) }
        }
    }
}
