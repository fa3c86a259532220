import DrydockCore
import DrydockHTTP
import Testing
@testable import SheetsEmulator

/// Hostile Sheets input: A1 numbers past any grid, ranges repeated thousands of times, and numbers no
/// date format can show. Each answered with Sheets' 400, none trapping (issue 8 §1).
@Suite(.timeLimit(.minutes(1))) struct SheetsLimitTests {
    static func spreadsheet() throws -> Spreadsheet {
        let set = try TripSheet.fixtures()
        defer { set.remove() }
        return try SpreadsheetFixtures.load(id: TripSheet.id, directory: set.path + "/sheets/" + TripSheet.id)
    }

    // MARK: A1 numbers

    @Test(arguments: [
        "A99999999999999999999", "August!A99999999999999999999", "August!A1:B99999999999999999999",
        "ZZZZZZZZZZZZZZZ1", "August!ZZZZZZZZZZZZZZZ1", "August!A1:ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ1",
        "August!A1000000000", "August!A9223372036854775808", "August!" + String(repeating: "9", count: 5_000),
        "August!" + String(repeating: "Z", count: 5_000) + "1", "August!AAAA:AAAA", "August!0:0",
    ])
    func hugeRowsAndColumnsAreUnparseable(_ text: String) throws {
        let spreadsheet = try Self.spreadsheet()
        #expect(spreadsheet.resolve(text) == .failure(.unparseable(text)))
    }

    /// The largest numbers A1 can write stay in range: rows up to 10,000,000 (the most cells a
    /// spreadsheet may hold) and columns up to ZZZ.
    @Test func theLargestValidEndpointsResolve() throws {
        let spreadsheet = try Self.spreadsheet()
        #expect(try spreadsheet.resolve("August!A1:ZZZ10000000").get().endRow == 1000)
        #expect(A1CellRange("ZZZ10000000")?.start == .init(column: ColumnLetters.maximum, row: A1CellRange.maximumRow))
        #expect(A1CellRange("A10000001") == nil)
    }

    @Test func hugeRangesOverHTTPAre400() throws {
        let set = try TripSheet.fixtures()
        defer { set.remove() }
        let harness = try SheetsHarness(fixtures: set.path)
        for range in ["A99999999999999999999", "ZZZZZZZZZZZZZZZ1"] {
            let response = try harness.get("/v4/spreadsheets/\(TripSheet.id)/values/\(range)")
            #expect(response.status == 400)
            #expect(try JSONValue.parse(response.bodyText)["error"]?["message"]?.stringValue == "Unable to parse range: " + range)
        }
    }

    // MARK: Repeated ranges

    /// The trip sheet's grids hold 26,000 + 250 + 80 cells; a request may read twice that.
    @Test func theCellBudgetIsTwiceTheSpreadsheet() throws {
        let spreadsheet = try Self.spreadsheet()
        #expect(spreadsheet.gridCells == 26_330)
        #expect(spreadsheet.cellBudget == 52_660)
    }

    @Test func rangesRepeatedThousandsOfTimesAre400() throws {
        let set = try TripSheet.fixtures()
        defer { set.remove() }
        let harness = try SheetsHarness(fixtures: set.path)
        let ranges = Array(repeating: "ranges=August", count: 3_000).joined(separator: "&")
        let expected = "Requested ranges cover 78,000,000 cells, more than twice the 26,330 cells of the spreadsheet's grids (52,660); read fewer or smaller ranges"
        for path in ["/v4/spreadsheets/\(TripSheet.id)/values:batchGet?", "/v4/spreadsheets/\(TripSheet.id)?includeGridData=true&"] {
            let response = try harness.get(path + ranges)
            #expect(response.status == 400)
            let error = try JSONValue.parse(response.bodyText)["error"]
            #expect(error?["message"]?.stringValue == expected)
            #expect(error?["status"] == "INVALID_ARGUMENT")
        }
    }

    /// Reading the whole spreadsheet twice over (overlapping ranges) is still served.
    @Test func overlappingReadsWithinTheBudgetAreServed() throws {
        let set = try TripSheet.fixtures()
        defer { set.remove() }
        let harness = try SheetsHarness(fixtures: set.path)
        let json = try harness.json("/v4/spreadsheets/\(TripSheet.id)/values:batchGet?ranges=August&ranges=August!A1:Z1000")
        #expect(json["valueRanges"]?.arrayValue?.count == 2)
        let three = try harness.get("/v4/spreadsheets/\(TripSheet.id)/values:batchGet?ranges=August&ranges=August&ranges=August")
        #expect(three.status == 400)
    }

    // MARK: Dates past any calendar

    @Test(arguments: [1e20, -1e20, 1e300, 9.2e18, 2_958_466, -693_595, Double.greatestFiniteMagnitude])
    func datesOutsideTheCalendarShowAsNumbers(_ serial: Double) throws {
        for pattern in ["yyyy-mm-dd", "[h]:mm", "dddd, mmmm d", "h:mm:ss.000 am/pm", "[ss]"] {
            let format = try NumberFormat(type: "DATE", pattern: pattern)
            #expect(format.render(.number(serial)) == GeneralFormat.render(serial))
        }
    }

    @Test func theCalendarsEdgesStillShowAsDates() throws {
        let format = try NumberFormat(type: "DATE", pattern: "yyyy-mm-dd")
        #expect(format.render(.number(2_958_465)) == "9999-12-31")
        #expect(format.render(.number(-693_593)) != GeneralFormat.render(-693_593))
    }

    /// A fixture cell of 1e20 in a date column loaded, then trapped converting the serial to days.
    @Test func aHugeNumberInADateColumnLoads() throws {
        let csv = "Date\n1e20\n-1e300\n2026-08-14\n"
        let json = #"{"title": "T", "sheets": [{"title": "S", "file": "S.csv", "formats": {"A2:A": {"type": "DATE", "pattern": "yyyy-mm-dd"}}}]}"#
        let set = try FixtureSet(["huge": (json, ["S.csv": csv])])
        defer { set.remove() }
        let harness = try SheetsHarness(fixtures: set.path)
        let values = try harness.json("/v4/spreadsheets/huge/values/S!A2:A4")["values"]
        #expect(values == [["1E+20"], ["-1E+300"], ["2026-08-14"]])
    }
}
