import ArgumentParser
import DrydockCore
import DrydockHTTP
import DrydockJobs
import DrydockServices

/// `drydock sheets read [SPREADSHEET] RANGE [--render formatted|unformatted|formula] [--csv|--json]`.
struct SheetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sheets", abstract: "Read Google Sheets.", subcommands: [SheetsReadCommand.self])
}

struct SheetsReadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read",
        abstract: "Print the cells of an A1 range (e.g. \"August!A1:J40\", \"'Captain''s Notes'!A:B\").")

    @Argument(help: ArgumentHelp(
        "[SPREADSHEET] RANGE: the spreadsheet id (from its URL; default google.spreadsheet_id of the host configuration) and an A1 range.",
        valueName: "spreadsheet-and-range"))
    var spreadsheetAndRange: [String]

    /// The range: the last argument.
    var range: String { spreadsheetAndRange.last ?? "" }

    @Option(help: "formatted (as shown in Sheets), unformatted (raw numbers) or formula.")
    var render: String = "formatted"

    @Flag(help: "Print CSV.")
    var csv = false

    @Flag(help: "Print JSON: {\"range\", \"values\"}.")
    var json = false

    static let renders: [String: SheetsClient.Render] = ["formatted": .formatted, "unformatted": .unformatted, "formula": .formula]

    func validate() throws {
        guard Self.renders[render] != nil else { throw ValidationError("--render must be formatted, unformatted or formula, got '\(render)'") }
        guard !(csv && json) else { throw ValidationError("--csv and --json are exclusive") }
        guard (1...2).contains(spreadsheetAndRange.count) else {
            throw ValidationError("expected SPREADSHEET RANGE, or RANGE alone with google.spreadsheet_id configured")
        }
        if spreadsheetAndRange.count == 2 { try Self.checkID(spreadsheetAndRange[0]) }
    }

    static func checkID(_ spreadsheet: String) throws {
        guard !spreadsheet.isEmpty, !spreadsheet.contains("/") else {
            throw ValidationError("SPREADSHEET must be a spreadsheet id (the part of the URL after /d/), got '\(spreadsheet)'")
        }
    }

    func run() throws {
        try runReportingFailures {
            let settings = try HostSettings.load()
            // An explicit SPREADSHEET wins over the configuration's google.spreadsheet_id.
            let explicit: String? = spreadsheetAndRange.count == 2 ? spreadsheetAndRange[0] : nil
            guard let spreadsheet = explicit ?? settings.configuration.spreadsheetID.value else {
                throw ConfigurationError("no spreadsheet: pass SPREADSHEET RANGE, or set google.spreadsheet_id in the host configuration")
            }
            let session = try GoogleSession(environment: settings.environment, transport: HTTPClient())
            let values = try session.sheets.values(spreadsheet, range: range, render: Self.renders[render]!)
            let rows = values.rows.map { $0.map(ValueRange.text) }
            if json {
                printLine(JSONValue.object([("range", .string(values.range)), ("values", .array(values.rows.map { .array($0) }))]).serialized())
            } else if csv {
                for row in rows { printLine(CSVText.line(row)) }
            } else {
                let width = rows.map(\.count).max() ?? 0
                let headers = (0..<width).map(A1Column.name)
                printLine(TextTable.render(headers: headers, rows: rows.map { $0 + Array(repeating: "", count: width - $0.count) }))
                printLine("\(values.range): \(rows.count) row(s)")
            }
        }
    }
}
