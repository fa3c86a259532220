import DrydockCore
import Testing
@testable import SheetsEmulator

/// A1 notation: what parses, which sheet it lands on, how it is clamped and echoed, and Sheets' exact
/// 400 texts for what does not.
@Suite struct A1RangeTests {
    static func spreadsheet() throws -> Spreadsheet {
        let set = try TripSheet.fixtures()
        defer { set.remove() }
        return try SpreadsheetFixtures.load(id: TripSheet.id, directory: set.path + "/sheets/" + TripSheet.id)
    }

    @Test(arguments: [
        ("August!A1:C10", "August!A1:C10"),
        ("august!a1:c10", "August!A1:C10"),
        ("AUGUST!B2", "August!B2"),
        ("'August'!B2", "August!B2"),
        ("A1:B2", "August!A1:B2"),
        ("B2", "August!B2"),
        ("Q1", "August!Q1"),
        ("August", "August!A1:Z1000"),
        ("'August'", "August!A1:Z1000"),
        ("Empty", "Empty!A1:D20"),
        ("'Captain''s Notes'!A1:B2", "'Captain''s Notes'!A1:B2"),
        ("'Captain''s Notes'", "'Captain''s Notes'!A1:E50"),
        ("Captain's Notes!A:A", "'Captain''s Notes'!A1:A50"),
        ("August!A:A", "August!A1:A1000"),
        ("August!B:D", "August!B1:D1000"),
        ("August!2:2", "August!A2:Z2"),
        ("August!3:5", "August!A3:Z5"),
        ("August!A2:C", "August!A2:C1000"),
        ("August!A5:5", "August!A5:Z5"),
        ("August!C3:A1", "August!A1:C3"),
        ("August!A1:AB2000", "August!A1:Z1000"),
        ("August!Z1000:ZZ5000", "August!Z1000"),
        ("August!$A$1:$B2", "August!A1:B2"),
        ("August!A1:A1", "August!A1"),
        ("'Captain''s Notes'!C:C", "'Captain''s Notes'!C1:C50"),
    ])
    func validRangesResolveAndEcho(request: String, echo: String) throws {
        let spreadsheet = try Self.spreadsheet()
        let grid = try spreadsheet.resolve(request).get()
        #expect(grid.a1(title: spreadsheet.sheets[grid.sheetIndex].title) == echo)
    }

    @Test(arguments: [
        "Nope!A1:B2", "Nope", "August!", "August!A0", "August!A1:B2:C3", "'August!A1", "August!1:B", "August!A:5",
        "", "August!AAAA1", "August!A1:", "'Unclosed", "''!A1", "August!A1!B2", "Sheet 1", "August!A-1", "August!1A",
        "'August'A1", "August!A1.5",
    ])
    func unparseableRangesGetSheetsText(request: String) throws {
        let spreadsheet = try Self.spreadsheet()
        let result = spreadsheet.resolve(request)
        #expect(result == .failure(.unparseable(request)))
        #expect(GoogleAPIErrorText.message(for: result) == "Unable to parse range: " + request)
    }

    @Test(arguments: [
        ("August!A1001", "Range (August!A1001) exceeds grid limits. Max rows: 1000, max columns: 26"),
        ("August!AA1:AB2", "Range (August!AA1:AB2) exceeds grid limits. Max rows: 1000, max columns: 26"),
        ("A2000:B2001", "Range (August!A2000:B2001) exceeds grid limits. Max rows: 1000, max columns: 26"),
        ("'Captain''s Notes'!F1:G2", "Range ('Captain''s Notes'!F1:G2) exceeds grid limits. Max rows: 50, max columns: 5"),
        ("Empty!21:22", "Range (Empty!21:22) exceeds grid limits. Max rows: 20, max columns: 4"),
    ])
    func rangesStartingOutsideTheGridAreRefused(request: String, message: String) throws {
        let spreadsheet = try Self.spreadsheet()
        #expect(GoogleAPIErrorText.message(for: spreadsheet.resolve(request)) == message)
    }

    @Test(arguments: [
        ("August", "August"), ("Sheet1", "Sheet1"), ("all_apis", "all_apis"), ("Class Data", "'Class Data'"),
        ("Captain's Notes", "'Captain''s Notes'"), ("tab01", "'tab01'"), ("Q1", "'Q1'"), ("R1C1", "'R1C1'"),
        ("2026", "'2026'"), ("Août", "'Août'"), ("a-b", "'a-b'"), ("FY2026", "'FY2026'"), ("Trips2026", "Trips2026"),
    ])
    func titlesAreQuotedWhenSheetsWouldQuoteThem(title: String, written: String) {
        #expect(SheetTitleQuoting.quoted(title) == written)
    }

    @Test func columnLettersRoundTrip() {
        for (index, letters) in [(1, "A"), (26, "Z"), (27, "AA"), (52, "AZ"), (53, "BA"), (702, "ZZ"), (703, "AAA"), (18_278, "ZZZ")] {
            #expect(ColumnLetters.letters(index) == letters)
            #expect(ColumnLetters.index(letters) == index)
            #expect(ColumnLetters.index(letters.lowercased()) == index)
        }
        #expect(ColumnLetters.index("AAAA") == nil)
        #expect(ColumnLetters.index("A1") == nil)
    }
}

/// The message a resolution failure renders as.
enum GoogleAPIErrorText {
    static func message(for result: Result<GridRange, RangeProblem>) -> String? {
        guard case .failure(let problem) = result else { return nil }
        return GoogleAPIErrorMessage.of(problem)
    }
}
