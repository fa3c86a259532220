import DrydockCore
import EmulatorKit
import Testing
@testable import SheetsEmulator

/// Fixture validation: every error names the file and where in it.
@Suite struct FixtureLoadingTests {
    static let good = #"{"title": "T", "sheets": [{"title": "S", "file": "s.csv"}]}"#

    func loadError(_ json: String, files: [String: String] = ["s.csv": "a,b\n"], id: String = "sheet1") throws -> String {
        let set = try FixtureSet([id: (json, files)])
        defer { set.remove() }
        do {
            _ = try SpreadsheetFixtures.load(fixturesDirectory: set.path)
            return "loaded"
        } catch {
            // Paths are relative to the set, so messages are stable.
            return error.description.replacingOccurrences(of: set.path + "/", with: "")
        }
    }

    @Test func defaultsApplyToAMinimalFixture() throws {
        let set = try FixtureSet(["sheet1": (Self.good, ["s.csv": "a,b\n1,2\n"])])
        defer { set.remove() }
        let spreadsheet = try #require(try SpreadsheetFixtures.load(fixturesDirectory: set.path).first)
        #expect(spreadsheet.locale == "en_US")
        #expect(spreadsheet.timeZone == "Etc/GMT")
        #expect(spreadsheet.sheets[0].sheetId == 0)
        #expect(spreadsheet.sheets[0].rowCount == 1000)
        #expect(spreadsheet.sheets[0].columnCount == 26)
    }

    @Test(arguments: [
        (#"{"title": "T", "sheets": [}"#, "fixture sheets/sheet1/spreadsheet.json: invalid JSON at line 1"),
        (#"{"title": "T", "sheets": [{"title": "S", "file": "s.csv", "colums": 3}]}"#,
         "fixture sheets/sheet1/spreadsheet.json: sheets[0].colums: unknown field"),
        (#"{"sheets": [{"title": "S"}]}"#, "fixture sheets/sheet1/spreadsheet.json: title: required: a non-empty string"),
        (#"{"title": "T", "sheets": []}"#, "fixture sheets/sheet1/spreadsheet.json: sheets: required: a non-empty array of sheets"),
        (#"{"title": "T", "sheets": [{"title": "S", "file": "s.csv", "formats": {"A2:A": {"type": "MONEY"}}}]}"#,
         "fixture sheets/sheet1/spreadsheet.json: sheets[0].formats[\"A2:A\"].type: expected one of TEXT, NUMBER, PERCENT, CURRENCY, DATE, TIME, DATE_TIME, SCIENTIFIC, got \"MONEY\""),
        (#"{"title": "T", "sheets": [{"title": "S", "file": "s.csv", "formats": {"A2:A": {"type": "NUMBER", "pattern": "\"$0.00"}}}]}"#,
         "fixture sheets/sheet1/spreadsheet.json: sheets[0].formats[\"A2:A\"].pattern: unclosed quote in \"$0.00"),
        (#"{"title": "T", "sheets": [{"title": "S", "file": "s.csv", "formats": {"Sheet!A1": {"type": "NUMBER"}}}]}"#,
         "fixture sheets/sheet1/spreadsheet.json: sheets[0].formats[\"Sheet!A1\"]: expected an A1 range without a sheet name"),
        (#"{"title": "T", "sheets": [{"title": "S", "file": "s.csv", "formulas": {"A1:B2": "=1"}}]}"#,
         "fixture sheets/sheet1/spreadsheet.json: sheets[0].formulas[\"A1:B2\"]: expected a single cell"),
        (#"{"title": "T", "sheets": [{"title": "S", "file": "s.csv", "formulas": {"J2": "G2-H2"}}]}"#,
         "fixture sheets/sheet1/spreadsheet.json: sheets[0].formulas.J2: expected a formula string starting with \"=\""),
        (#"{"title": "T", "sheets": [{"title": "S", "file": "s.csv"}, {"title": "s", "file": "s.csv", "sheetId": 1}]}"#,
         "fixture sheets/sheet1/spreadsheet.json: sheets[1].title: \"s\" is already the title of sheets[0]"),
        (#"{"title": "T", "sheets": [{"title": "S", "file": "s.csv"}, {"title": "U", "file": "s.csv", "sheetId": 0}]}"#,
         "fixture sheets/sheet1/spreadsheet.json: sheets[1].sheetId: 0 is already the id of sheets[0]"),
        (#"{"title": "T", "sheets": [{"title": "S", "file": "s.csv", "rowCount": 1, "columnCount": 1}]}"#,
         "fixture sheets/sheet1/spreadsheet.json: sheets[0]: s.csv holds 1 rows × 2 columns, more than the grid's 1 × 1"),
        (#"{"title": "T", "sheets": [{"title": "S", "file": "missing.csv"}]}"#, "fixture sheets/sheet1/missing.csv: cannot be read"),
        (#"{"title": "T", "sheets": [{"title": "S", "file": "../s.csv"}]}"#,
         "fixture sheets/sheet1/spreadsheet.json: sheets[0].file: expected a file name in the spreadsheet's directory"),
    ])
    func badDocumentsNameTheFileAndPlace(json: String, message: String) throws {
        let error = try loadError(json)
        #expect(error.hasPrefix(message), "got: \(error)")
    }

    @Test func badCSVCellsNameTheLineAndColumn() throws {
        let date = try loadError(Self.good, files: ["s.csv": "Date,Note\n2026-08-14,ok\n2026-02-30,typo\n"])
        #expect(date == "fixture sheets/sheet1/s.csv: line 3, column 1 (cell A3): \"2026-02-30\" is not a real date")
        let quote = try loadError(Self.good, files: ["s.csv": "a,b\nc,\"never closed\n"])
        #expect(quote == "fixture sheets/sheet1/s.csv: line 2, column 3: quoted field never closes")
        let stray = try loadError(Self.good, files: ["s.csv": "a,b\"c\n"])
        #expect(stray.hasPrefix("fixture sheets/sheet1/s.csv: line 1, column 4: a quote inside an unquoted field"))
    }

    @Test func spreadsheetIDsMustBeURLSafe() throws {
        let error = try loadError(Self.good, id: "bad id")
        #expect(error == "fixture sheets/bad id: a spreadsheet id may hold only letters, digits, - and _")
    }

    @Test func theDefaultFixtureSetLoads() throws {
        let spreadsheets = try SpreadsheetFixtures.load(fixturesDirectory: FixtureSet.defaultFixtures)
        for spreadsheet in spreadsheets {
            #expect(!spreadsheet.sheets.isEmpty)
        }
    }
}

/// RFC 4180 reading.
@Suite struct CSVReaderTests {
    static func texts(_ csv: String) throws -> [[String]] { try CSVReader.parse(csv).map { $0.map(\.text) } }

    @Test func readsQuotedFieldsEmbeddedNewlinesAndLineEnds() throws {
        #expect(try Self.texts("a,b\r\n\"c, d\",\"say \"\"hi\"\"\"\n\"two\nlines\",\n") == [["a", "b"], ["c, d", "say \"hi\""], ["two\nlines", ""]])
        #expect(try Self.texts("\u{FEFF}x,y") == [["x", "y"]])
        #expect(try Self.texts("") == [])
        #expect(try Self.texts("\n\nz") == [[""], [""], ["z"]])
        #expect(try Self.texts("a,\"\"") == [["a", ""]])
    }

    @Test func fieldsKnowWhereTheyStart() throws {
        let rows = try CSVReader.parse("a,\"b\nc\",d\ne")
        #expect(rows[0].map(\.column) == [1, 3, 4])
        #expect(rows[0][2].line == 2)
        #expect(rows[1][0].line == 3)
    }

    @Test(arguments: [("\"open", 1, 1), ("a,\"x\"y", 1, 6), ("ok\nb\"", 2, 2)])
    func syntaxErrorsCarryTheirPosition(csv: String, line: Int, column: Int) {
        #expect {
            try CSVReader.parse(csv)
        } throws: { error in
            guard let error = error as? CSVReader.SyntaxError else { return false }
            return error.line == line && error.column == column
        }
    }

    @Test(arguments: [
        ("1250", CellValue.number(1250)), ("-3.5", .number(-3.5)), ("1e3", .number(1000)), (".5", .number(0.5)),
        ("00123", .number(123)), ("'00123", .text("00123")), ("TRUE", .bool(true)), ("false", .bool(false)),
        ("1,250", .text("1,250")), ("15%", .text("15%")), ("inf", .text("inf")), ("0x10", .text("0x10")),
        ("2026-08-14", .number(46_248)), ("2026-08-14T12:00", .number(46_248.5)), ("2026-08-14 12:00:00", .number(46_248.5)),
        ("2026-08-14 9:30", .text("2026-08-14 9:30")), ("hello", .text("hello")), ("", .empty),
    ])
    func cellsReadAsTyped(text: String, value: CellValue) throws {
        #expect(try CellInput.parse(text).value == value)
    }
}
