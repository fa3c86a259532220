import DrydockCore
import DrydockJobs
import DrydockReport
import DrydockTesting
import Foundation
import Testing

/// The job without services: inputs in, workbook (or nothing) out.
@Suite("report job")
struct ReportJobTests {
    static let month = BookingSearch.Month("2026-09")!
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    static func inputs(failures: [SourceFailure] = []) -> ReportSources.Inputs {
        var inputs = ReportSources.Inputs()
        let day = CalendarDay(year: 2026, month: 9, day: 5)!
        inputs.mail = [
            MailBooking(bookingID: "HC-1", date: day, guest: "Zoë", party: 6, amount: Decimal(string: "1250.10")!, currency: "USD", sender: "a@h.example"),
            MailBooking(bookingID: "HC-2", date: day, guest: "Björn", party: 3, amount: Decimal(string: "980.00")!, currency: "EUR", sender: "b@partner.example"),
        ]
        inputs.sheet = TripSheet(spreadsheetID: "s", tab: "September", range: "September!A1:K3", rows: [
            TripSheet.Row(row: 2, date: day, bookingID: "HC-1", boat: "Osprey", captain: "Eli", party: 6, revenue: Decimal(string: "1250.10"), fuel: Decimal(string: "0.20")),
            TripSheet.Row(row: 3, date: day, bookingID: "HC-2", boat: "Osprey", captain: "Eli", party: 3, revenue: Decimal(980), fuel: 1, notes: "Paid in EUR"),
        ])
        inputs.dispatch = []
        inputs.dispatchComplete = false
        inputs.ownDomain = "h.example"
        inputs.failures = failures
        return inputs
    }

    static func options(_ path: String, allowPartial: Bool = false, force: Bool = false) -> ReportJob.Options {
        ReportJob.Options(month: month, spreadsheetID: "s", file: ReportFile(path: path, overwrite: force), allowPartial: allowPartial,
                          company: "Harbor Charters", now: now)
    }

    static let failure = SourceFailure(source: "dynamodb us-west-2", message: "ThrottlingException", fix: "rerun", status: .transient)

    @Test func totalsStayPerCurrencyAndExact() {
        let document = ReportJob.document(Self.inputs(), month: Self.month, company: "Harbor Charters", now: Self.now)
        let totals = document.jsonLines.filter { $0["type"]?.stringValue == "total" }
        #expect(totals.map { $0.serialized() } == [
            #"{"type":"total","currency":"EUR","charters":1,"guests":3,"amount":980.00,"revenue":980.00,"fuel":1.00,"net":979.00}"#,
            #"{"type":"total","currency":"USD","charters":1,"guests":6,"amount":1250.10,"revenue":1250.10,"fuel":0.20,"net":1249.90}"#,
        ])
    }

    @Test func theSameDocumentAndClockGiveTheSameBytes() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try ReportJob(options: Self.options(dir.path + "/a.xlsx")).run(Self.inputs())
        _ = try ReportJob(options: Self.options(dir.path + "/b.xlsx")).run(Self.inputs())
        let a = try #require(FileManager.default.contents(atPath: dir.path + "/a.xlsx"))
        #expect(a == FileManager.default.contents(atPath: dir.path + "/b.xlsx"))
    }

    @Test func aFailedSourceWritesNothingAndKeepsItsExitStatus() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path + "/r.xlsx"
        #expect(FileManager.default.createFile(atPath: path, contents: Data("old".utf8)))
        do {
            _ = try ReportJob(options: Self.options(path, force: true)).run(Self.inputs(failures: [Self.failure]))
            Issue.record("a report was written with a source missing")
        } catch let error as ReportFailure {
            #expect(error.exitStatus == .transient)
            #expect(error.description.contains("dynamodb us-west-2 failed: ThrottlingException — rerun"))
            #expect(error.description.contains("\(path) left as it was"))
        }
        #expect(FileManager.default.contents(atPath: path) == Data("old".utf8))
    }

    @Test func aPartialReportIsWrittenOnlyWhenAllowed() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path + "/r.xlsx"
        let outcome = try ReportJob(options: Self.options(path, allowPartial: true)).run(Self.inputs(failures: [Self.failure]))
        #expect(outcome.exitStatus == .partial)
        let bytes = try #require(FileManager.default.contents(atPath: path))
        #expect(bytes.prefix(2) == Data([0x50, 0x4B]))
        #expect(outcome.document.jsonLines.contains { $0["type"]?.stringValue == "failure" })
    }
}
