import DrydockCore
import Testing
@testable import SheetsEmulator

/// Array literals (`{1,2;3,4}`: `,` between columns, `;` between rows) inside functions. A formula
/// whose result is more than one value spills into the cells beside (`SpillTests`).
@Suite struct ArrayLiteralTests {
    static let base = "/v4/spreadsheets/\(TripSheet.id)"

    @Test(arguments: [
        ("=SUM({1,2;3,4})", JSONValue.number("10")),
        ("=AVERAGE({2,4,6})", .number("4")),
        ("=MAX({1;7;3}, 5)", .number("7")),
        ("=COUNT({1,\"a\",TRUE})", .number("1")),
        ("=COUNTA({1,\"a\",TRUE})", .number("3")),
        ("=CONCATENATE({\"a\",\"b\";\"c\",\"d\"})", "abcd"),
        ("={42}", .number("42")),
        ("={1,2}", .number("1")),
        ("=SUM({1,2;3})", "#VALUE!"),
        ("=SUM({1/0,2})", "#DIV/0!"),
        ("=COUNTA({1/0,2})", .number("2")),
        ("={}", "#ERROR!"),
        ("={1,,2}", "#ERROR!"),
        ("={1;2", "#ERROR!"),
        ("=SUM(1;2)", .number("3")),  // `;` between arguments is accepted in en_US
        ("=SUM({1\\2})", "#ERROR!"),
    ])
    func arrayLiteralsInFunctions(_ formula: String, _ expected: JSONValue) throws {
        let set = try TripSheet.fixtures()
        defer { set.remove() }
        let harness = try SheetsHarness(fixtures: set.path)
        _ = try harness.write("PUT", Self.base + "/values/Empty!B1?valueInputOption=USER_ENTERED", ["values": [[.string(formula)]]])
        #expect(try harness.json(Self.base + "/values/Empty!B1?valueRenderOption=UNFORMATTED_VALUE")["values"] == [[expected]])
    }

    @Test func arrayLiteralsRecalculateTheCellsTheyHold() throws {
        let set = try TripSheet.fixtures()
        defer { set.remove() }
        let harness = try SheetsHarness(fixtures: set.path)
        _ = try harness.write("PUT", Self.base + "/values/Empty!A1?valueInputOption=USER_ENTERED", ["values": [[1, "=SUM({A1,A1;A1,2})"]]])
        _ = try harness.write("PUT", Self.base + "/values/Empty!A1?valueInputOption=RAW", ["values": [[10]]])
        #expect(try harness.json(Self.base + "/values/Empty!B1?valueRenderOption=UNFORMATTED_VALUE")["values"] == [[32]])
        // References inside an array literal move like any other.
        _ = try harness.write("POST", Self.base + ":batchUpdate", ["requests": [["insertDimension": ["range": ["sheetId": 7, "dimension": "COLUMNS", "startIndex": 0, "endIndex": 1]]]]])
        #expect(try harness.json(Self.base + "/values/Empty!C1?valueRenderOption=FORMULA")["values"] == [["=SUM({B1,B1;B1,2})"]])
    }

    @Test func arrayLiteralsAreBounded() {
        let huge = "={" + Array(repeating: "1", count: FormulaParser.maximumArrayElements + 1).joined(separator: ",") + "}"
        #expect(throws: FormulaParser.Failure.self) { try FormulaParser.parse(huge) }
        let nested = "=" + String(repeating: "{", count: 200) + "1" + String(repeating: "}", count: 200)
        #expect(throws: FormulaParser.Failure.self) { try FormulaParser.parse(nested) }
    }
}
