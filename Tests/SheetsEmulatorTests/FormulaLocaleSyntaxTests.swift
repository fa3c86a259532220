import DrydockCore
import Testing
@testable import SheetsEmulator

/// Formula syntax by the spreadsheet's locale (`FormulaLexer`, `FormulaSyntax`): in decimal-comma
/// locales (de_DE, fr_FR) numbers are `1,5`, `;` separates arguments and `\` array columns, and a
/// formula written with `,` between arguments does not parse; elsewhere `;` between arguments is
/// accepted and stored as `,`. FORMULA gives the text in the locale's syntax.
@Suite struct FormulaLocaleSyntaxTests {
    @Test(arguments: [
        ("=SUM(1,5;2)", SheetsLocale.deDE, FormulaExpression.call("SUM", [.number(1.5), .number(2)])),
        ("=SUM(1,5;2)", .frFR, .call("SUM", [.number(1.5), .number(2)])),
        ("=SUM(1,2)", .deDE, .call("SUM", [.number(1.2)])),
        ("={1\\2;3\\4}", .deDE, .array([[.number(1), .number(2)], [.number(3), .number(4)]])),
        ("=SUM({1\\2};3)", .deDE, .call("SUM", [.array([[.number(1), .number(2)]]), .number(3)])),
        ("=SUM(1;2)", .enUS, .call("SUM", [.number(1), .number(2)])),
        ("=SUM({1;2},3)", .enUS, .call("SUM", [.array([[.number(1)], [.number(2)]]), .number(3)])),
        ("=SUM(1,2)", .enGB, .call("SUM", [.number(1), .number(2)])),
    ])
    func separatorsFollowTheLocale(_ text: String, _ locale: SheetsLocale, _ expected: FormulaExpression) throws {
        #expect(try FormulaParser.parse(text, locale: locale) == expected)
    }

    @Test(arguments: [
        ("=IF(A1>0,\"a\",\"b\")", SheetsLocale.deDE),
        ("=SUM(A1,B1)", .frFR),
        ("={A1,B1}", .deDE),
        ("={1\\2}", .enUS),
        ("=SUM(1\\2)", .deDE),
    ])
    func theOtherSyntaxIsAParseError(_ text: String, _ locale: SheetsLocale) {
        #expect(throws: FormulaParser.Failure.self) { try FormulaParser.parse(text, locale: locale) }
    }

    @Test func semicolonsBetweenArgumentsAreStoredAsCommasInCommaLocales() {
        #expect(FormulaSyntax.normalized("=IF(A1;SUM({1;2});\"a;b\")", locale: .enUS) == "=IF(A1,SUM({1;2}),\"a;b\")")
        #expect(FormulaSyntax.normalized("=SUM(1;2)", locale: .deDE) == "=SUM(1;2)")
        #expect(FormulaSyntax.normalized("=SUM(1;", locale: .enUS) == "=SUM(1;")  // no formula: kept as typed
        #expect(FormulaSyntax.normalized("=1;2", locale: .enUS) == "=1;2")
        #expect(FormulaSyntax.normalized("=\"unclosed;", locale: .enUS) == "=\"unclosed;")
    }

    @Test func aGermanSpreadsheetReadsFormulasInItsSyntax() throws {
        let set = try TripSheet.fixtures()
        defer { set.remove() }
        let harness = try SheetsHarness(fixtures: set.path)
        let created = try harness.write("POST", "/v4/spreadsheets", ["properties": ["title": "Buchungen", "locale": "de_DE"]])
        let id = try #require(created["spreadsheetId"]?.stringValue)
        let base = "/v4/spreadsheets/\(id)"
        _ = try harness.write("PUT", base + "/values/A1?valueInputOption=USER_ENTERED", ["values": [
            ["=SUMME(1;2)", "=SUM(1,5;2)", "=IF(1>0,\"a\",\"b\")", "=SUM({1\\2;3\\4})", "=ROUND(2,345;2)", "=SUM(1,2)"],
        ]])
        #expect(try harness.json(base + "/values/A1:F1?valueRenderOption=UNFORMATTED_VALUE")["values"]
            == [["#NAME?", .number("3.5"), "#ERROR!", .number("10"), .number("2.35"), .number("1.2")]])
        #expect(try harness.json(base + "/values/B1:F1")["values"] == [["3,5", "#ERROR!", "10", "2,35", "1,2"]])
        // FORMULA gives the formula in the locale's syntax, as typed.
        #expect(try harness.json(base + "/values/B1:D1?valueRenderOption=FORMULA")["values"]
            == [["=SUM(1,5;2)", "=IF(1>0,\"a\",\"b\")", "=SUM({1\\2;3\\4})"]])
        // An array literal spills in that syntax too, and references move as anywhere else.
        _ = try harness.write("PUT", base + "/values/A3?valueInputOption=USER_ENTERED", ["values": [["={1\\2;3\\4}", nil, "=SUM(A3;B4)"]]])
        #expect(try harness.json(base + "/values/A3:C4?valueRenderOption=UNFORMATTED_VALUE")["values"] == [[1, 2, 5], [3, 4]])
        let sheetId = try #require(harness.json(base)["sheets"]?.arrayValue?.first?["properties"]?["sheetId"])
        _ = try harness.write("POST", base + ":batchUpdate", ["requests": [["insertDimension": ["range": ["sheetId": sheetId, "dimension": "COLUMNS", "startIndex": 0, "endIndex": 1]]]]])
        #expect(try harness.json(base + "/values/B3:D3?valueRenderOption=FORMULA")["values"] == [["={1\\2;3\\4}", "", "=SUM(B3;C4)"]])
    }

    @Test func anAmericanSpreadsheetAcceptsSemicolonsBetweenArguments() throws {
        let set = try TripSheet.fixtures()
        defer { set.remove() }
        let harness = try SheetsHarness(fixtures: set.path)
        let base = "/v4/spreadsheets/\(TripSheet.id)"
        _ = try harness.write("PUT", base + "/values/Empty!A1?valueInputOption=USER_ENTERED", ["values": [["=SUM(1;2)", "=SUM({1;2})", "={1\\2}"]]])
        #expect(try harness.json(base + "/values/Empty!A1:C1?valueRenderOption=UNFORMATTED_VALUE")["values"] == [[3, 3, "#ERROR!"]])
        #expect(try harness.json(base + "/values/Empty!A1:C1?valueRenderOption=FORMULA")["values"] == [["=SUM(1,2)", "=SUM({1;2})", "={1\\2}"]])
        // updateCells' formulaValue is read the same way.
        _ = try harness.write("POST", base + ":batchUpdate", ["requests": [["updateCells": [
            "start": ["sheetId": 7, "rowIndex": 1, "columnIndex": 0],
            "rows": [["values": [["userEnteredValue": ["formulaValue": "=ROUND(2.345;1)"]]]]],
            "fields": "userEnteredValue",
        ]]]])
        #expect(try harness.json(base + "/values/Empty!A2?valueRenderOption=FORMULA")["values"] == [["=ROUND(2.345,1)"]])
        #expect(try harness.json(base + "/values/Empty!A2?valueRenderOption=UNFORMATTED_VALUE")["values"] == [[.number("2.3")]])
    }

    @Test func formulasAreWrittenAgainInTheNewLocalesSyntax() throws {
        #expect(FormulaSyntax.translated("=IF(A1>0,SUM({1,2;3,4}),1.5)&\"a,b\"", from: .enUS, to: .deDE) == "=IF(A1>0;SUM({1\\2;3\\4});1,5)&\"a,b\"")
        #expect(FormulaSyntax.translated("=IF(A1>0;SUM({1\\2;3\\4});1,5)", from: .frFR, to: .enGB) == "=IF(A1>0,SUM({1,2;3,4}),1.5)")
        #expect(FormulaSyntax.translated("=A1*2", from: .enUS, to: .deDE) == nil)
        #expect(FormulaSyntax.translated("=SUM(1,2)", from: .enUS, to: .enGB) == nil)

        let set = try TripSheet.fixtures()
        defer { set.remove() }
        let harness = try SheetsHarness(fixtures: set.path)
        let base = "/v4/spreadsheets/\(TripSheet.id)"
        _ = try harness.write("PUT", base + "/values/Empty!A1?valueInputOption=USER_ENTERED", ["values": [["=SUM(1.5,B1)", 2]]])
        _ = try harness.write("POST", base + ":batchUpdate", ["requests": [["updateSpreadsheetProperties": ["properties": ["locale": "de_DE"], "fields": "locale"]]]])
        #expect(try harness.json(base + "/values/Empty!A1?valueRenderOption=FORMULA")["values"] == [["=SUM(1,5;B1)"]])
        #expect(try harness.json(base + "/values/Empty!A1")["values"] == [["3,5"]])
        // Still a formula the structural rewrites read: references move.
        _ = try harness.write("POST", base + ":batchUpdate", ["requests": [["insertDimension": ["range": ["sheetId": 7, "dimension": "COLUMNS", "startIndex": 0, "endIndex": 1]]]]])
        #expect(try harness.json(base + "/values/Empty!B1?valueRenderOption=FORMULA")["values"] == [["=SUM(1,5;C1)"]])
        _ = try harness.write("POST", base + ":batchUpdate", ["requests": [["updateSpreadsheetProperties": ["properties": ["locale": "en_US"], "fields": "locale"]]]])
        #expect(try harness.json(base + "/values/Empty!B1?valueRenderOption=FORMULA")["values"] == [["=SUM(1.5,C1)"]])
    }

    @Test func aSheetCopiedIntoAGermanSpreadsheetTakesItsSyntax() throws {
        let set = try TripSheet.fixtures()
        defer { set.remove() }
        let harness = try SheetsHarness(fixtures: set.path)
        let base = "/v4/spreadsheets/\(TripSheet.id)"
        _ = try harness.write("PUT", base + "/values/Empty!A1?valueInputOption=USER_ENTERED", ["values": [["=SUM(1.5,2)"]]])
        let created = try harness.write("POST", "/v4/spreadsheets", ["properties": ["title": "Ziel", "locale": "de_DE"]])
        let target = try #require(created["spreadsheetId"]?.stringValue)
        let copied = try harness.write("POST", base + "/sheets/7:copyTo", ["destinationSpreadsheetId": .string(target)])
        let title = try #require(copied["title"]?.stringValue)
        let range = "'\(title)'!A1"
        #expect(try harness.json("/v4/spreadsheets/\(target)/values/\(range)?valueRenderOption=FORMULA")["values"] == [["=SUM(1,5;2)"]])
        #expect(try harness.json("/v4/spreadsheets/\(target)/values/\(range)")["values"] == [["3,5"]])
    }
}
