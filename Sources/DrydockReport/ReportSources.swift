import DrydockCore
import DrydockJobs
import DrydockServices
import Foundation

/// Reads the three sources for one month. Each source that fails becomes a `SourceFailure` (with its
/// error's own exit status and a fix) instead of stopping the others, so one run says everything that is
/// wrong; the caller decides whether a partial report may be written.
public struct ReportSources {
    /// What was read (nil where the source failed).
    public struct Inputs: Sendable {
        public var mail: [MailBooking]?
        public var sheet: TripSheet?
        public var dispatch: [DispatchRecord]?
        public var superseded: [DispatchRecord] = []
        /// False when some region failed: a charter missing from dispatch may be in that region.
        public var dispatchComplete = true
        public var ownDomain = ""
        public var sources: [SourceLine] = []
        public var warnings: [String] = []
        public var failures: [SourceFailure] = []

        public init() {}
    }

    /// Gmail and Sheets over one Google session; nil when the session could not be made (its error).
    public var google: Swift.Result<(gmail: GmailClient, sheets: SheetsClient), Error>
    public var dispatch: CrewDispatch
    public var regions: [String]
    /// `me` or an address; `--mailbox`.
    public var mailbox: String
    /// The booking formats the mail is read with (the host configuration's `bookings.formats` over the
    /// built-in ones).
    public var bookingFormats: BookingFormats = .builtIn

    public init(google: Swift.Result<(gmail: GmailClient, sheets: SheetsClient), Error>, dispatch: CrewDispatch, regions: [String], mailbox: String) {
        self.google = google
        self.dispatch = dispatch
        self.regions = regions
        self.mailbox = mailbox
    }

    /// The month's tab name: `September`.
    public static func tabName(for month: BookingSearch.Month) -> String {
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"][month.month - 1]
    }

    public func read(month: BookingSearch.Month, spreadsheetID: String) -> Inputs {
        var inputs = Inputs()
        readDispatch(month: month, into: &inputs)
        switch google {
        case .failure(let error):
            inputs.failures.append(Self.failure("gmail", error))
            inputs.failures.append(Self.failure("sheets", error))
        case .success(let clients):
            readMail(clients.gmail, month: month, into: &inputs)
            if let gmailFailure = inputs.failures.first(where: { $0.source == "gmail" }), Self.isCredentialFailure(gmailFailure.status) {
                // The same token serves Sheets: asking again would only repeat the refusal (and the token request).
                inputs.failures.append(SourceFailure(
                    source: "sheets", message: "not read: the Google credentials were refused (see gmail)", fix: gmailFailure.fix,
                    status: gmailFailure.status))
            } else {
                readSheet(clients.sheets, id: spreadsheetID, tab: Self.tabName(for: month), into: &inputs)
            }
        }
        return inputs
    }

    static func isCredentialFailure(_ status: ExitStatus) -> Bool {
        status == .refreshTokenRejected || status == .clientRejected || status == .configuration
    }

    private func readMail(_ gmail: GmailClient, month: BookingSearch.Month, into inputs: inout Inputs) {
        do {
            let address = mailbox.contains("@") ? mailbox : try gmail.profile().emailAddress
            inputs.ownDomain = String(address.split(separator: "@").last ?? "")
            let result = try BookingSearch(gmail: gmail, formats: bookingFormats).run(month: month, selection: .charter)
            inputs.mail = result.confirmations.map(MailBooking.init)
            let cancelled = result.confirmations.filter(\.cancelled).count
            inputs.sources += [
                SourceLine("gmail", "mailbox", address),
                SourceLine("gmail", "query", result.query),
                SourceLine("gmail", "messages examined", String(result.examined)),
                SourceLine("gmail", "confirmations", "\(result.confirmations.count) (\(cancelled) cancelled)"),
                SourceLine("gmail", "summary", "Gmail \(address): \(result.confirmations.count) confirmations"),
            ]
            inputs.warnings += result.warnings.map(\.description)
        } catch {
            inputs.failures.append(Self.failure("gmail", error))
        }
    }

    private func readSheet(_ sheets: SheetsClient, id: String, tab: String, into inputs: inout Inputs) {
        do {
            let spreadsheet = try sheets.spreadsheet(id)
            guard spreadsheet.sheets.contains(where: { $0.title == tab }) else {
                inputs.failures.append(SourceFailure(
                    source: "sheets",
                    message: "spreadsheet \(id) (\"\(spreadsheet.title)\") has no tab '\(tab)' (tabs: \(spreadsheet.sheets.map(\.title).joined(separator: ", ")))",
                    fix: "add the month's tab to the trip sheets, or pass --spreadsheet with the right spreadsheet",
                    status: .configuration))
                return
            }
            let range = "'\(tab.replacingOccurrences(of: "'", with: "''"))'!A1:Z"
            let values = try sheets.values(id, range: range, render: .unformatted)
            let formulas = try sheets.values(id, range: range, render: .formula)
            let sheet = try TripSheet.parse(spreadsheetID: id, tab: tab, range: values.range, values: values.rows, formulas: formulas.rows)
            inputs.sheet = sheet
            inputs.sources += [
                SourceLine("sheets", "spreadsheet", "\(id) (\"\(spreadsheet.title)\")"),
                SourceLine("sheets", "range", values.range),
                SourceLine("sheets", "render", "UNFORMATTED_VALUE and FORMULA"),
                SourceLine("sheets", "charter rows", "\(sheet.rows.count) (\(sheet.skippedRows) blank or total rows skipped)"),
                SourceLine("sheets", "formula columns", sheet.formulaColumns.isEmpty ? "none" : sheet.formulaColumns.joined(separator: ", ")),
                SourceLine("sheets", "summary", "trip sheet '\(tab)': \(sheet.rows.count) rows"),
            ]
        } catch let error as TripSheetError {
            inputs.failures.append(SourceFailure(source: "sheets", message: error.description, fix: "fix the tab's header row", status: .configuration))
        } catch {
            inputs.failures.append(Self.failure("sheets", error))
        }
    }

    private func readDispatch(month: BookingSearch.Month, into inputs: inout Inputs) {
        let first = "\(month)-01"
        let lastDay = CivilDate.days(year: month.adding(1).year, month: month.adding(1).month, day: 1) - 1
        let last = CivilDate.civil(fromDays: lastDay)
        let result = dispatch.run(from: first, to: String(format: "%04d-%02d-%02d", last.year, last.month, last.day))
        for failure in result.failures {
            inputs.failures.append(SourceFailure(
                source: "dynamodb \(failure.region)", message: failure.message,
                fix: "rerun when the region answers (or --allow-partial for a report without it)",
                status: result.failureStatuses[failure.region] ?? .transient))
        }
        let answered = regions.filter { region in !result.failures.contains { $0.region == region } }
        for region in answered {
            inputs.sources.append(SourceLine("dynamodb", "\(region) crew-dispatch", "\(result.itemCounts[region] ?? 0) items for \(month)"))
        }
        guard result.failures.isEmpty || !answered.isEmpty else { return }
        inputs.dispatch = result.entries.map(DispatchRecord.init)
        inputs.dispatchComplete = result.failures.isEmpty
        inputs.superseded = result.superseded.map(DispatchRecord.init)
        inputs.sources.append(SourceLine(
            "dynamodb", "summary", "crew-dispatch " + answered.map { "\($0) (\(result.itemCounts[$0] ?? 0))" }.joined(separator: ", ")))
    }

    /// A failure from an error: its message, its exit status, and the usual fix for that status.
    static func failure(_ source: String, _ error: Error) -> SourceFailure {
        let status = (error as? UserFacingError)?.exitStatus ?? .software
        let fix: String
        switch status {
        case .refreshTokenRejected: fix = "a human must re-consent: run `drydock reauth`"
        case .clientRejected: fix = "check GOOGLE_CLIENT_ID / GOOGLE_CLIENT_SECRET (the OAuth client was rejected)"
        case .transient: fix = "a transient failure persisted through every retry; rerun later"
        case .configuration: fix = "check the configuration and the secrets directory"
        default: fix = ""
        }
        return SourceFailure(source: source, message: "\(error)", fix: fix, status: status)
    }
}
