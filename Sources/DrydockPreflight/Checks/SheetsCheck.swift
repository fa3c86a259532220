import DrydockCore
import DrydockJobs
import DrydockServices
import Foundation

/// The trip-sheets spreadsheet opens and has the month's tab (`September`; the current month unless
/// `--month` names another).
struct SheetsCheck: PreflightCheck {
    let name = "sheets"
    let summary = "the configured spreadsheet opens and has the current month's tab"

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

    func run(_ context: PreflightContext) -> [PreflightResult] {
        guard let id = context.configuration.spreadsheetID.value else {
            return [PreflightResult(name, "", .skipped, "google.spreadsheet_id is not configured")]
        }
        guard context.secretsUsable, case .success(let session) = context.session else {
            return [PreflightResult(name, id, .skipped, "the secrets are not usable (see the secrets check)")]
        }
        let tab = Self.tabName(month: context.options.month, now: context.clock.now())
        let sheets = session.sheets(retry: PreflightContext.apiRetry)
        do {
            let spreadsheet = try sheets.spreadsheet(id)
            let titles = spreadsheet.sheets.map(\.title)
            guard titles.contains(where: { $0.caseInsensitiveCompare(tab) == .orderedSame }) else {
                return [PreflightResult(name, id, .fail, "\"\(spreadsheet.title)\" has no tab \"\(tab)\" (tabs: \(titles.joined(separator: ", ")))",
                                        fix: "add the \(tab) tab to the spreadsheet before the jobs run")]
            }
            return [PreflightResult(name, id, .pass, "\"\(spreadsheet.title)\" opens; tab \"\(tab)\" present (\(titles.count) tabs)")]
        } catch {
            return [PreflightResult(name, id, .fail, "spreadsheets.get failed: \(error)", fix: GoogleFix.fix(for: error))]
        }
    }

    /// The English month name of `month` (`YYYY-MM`), else of `now` in UTC.
    static func tabName(month: String?, now: Date) -> String {
        if let month, let number = Int(month.suffix(2)), (1...12).contains(number) { return monthNames[number - 1] }
        var seconds = time_t(now.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return monthNames[Int(parts.tm_mon)]
    }
}
