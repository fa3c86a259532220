import DrydockCore
import Testing
@testable import SheetsEmulator

/// Formulas written with USER_ENTERED: the parser, the evaluator's rules and errors, recalculation
/// of dependents and circular references.
@Suite struct FormulaTests {
    static let base = "/v4/spreadsheets/\(TripSheet.id)"

    func withHarness<T>(_ body: (SheetsHarness) throws -> T) throws -> T {
        let set = try TripSheet.fixtures()
        defer { set.remove() }
        return try body(SheetsHarness(fixtures: set.path))
    }

    /// Writes `cells` (row 1 of Empty) and returns the unformatted values of row 1.
    func compute(_ harness: SheetsHarness, _ cells: [JSONValue], render: String = "UNFORMATTED_VALUE") throws -> [JSONValue] {
        _ = try harness.write("PUT", Self.base + "/values/Empty!A1?valueInputOption=USER_ENTERED", ["values": [.array(cells)]])
        return try harness.json(Self.base + "/values/Empty!A1:Z1?valueRenderOption=" + render)["values"]?.arrayValue?.first?.arrayValue ?? []
    }

    @Test(arguments: [
        ("=1+2*3", JSONValue.number(7)),
        ("=(1+2)*3", .number(9)),
        ("=2^3^2", .number(64)),
        ("=-2^2", .number(4)),
        ("=10/4", .number("2.5")),
        ("=50%", .number("0.5")),
        ("=-A1", .number(-4)),
        ("=A1*B1-1", .number(19)),
        ("=\"a\"&\"b\"&1", .string("ab1")),
        ("=A1>B1", .bool(false)),
        ("=A1<>B1", .bool(true)),
        ("=\"abc\"=\"ABC\"", .bool(true)),
        ("=1<\"a\"", .bool(true)),
        ("=SUM(A1:B1)", .number(9)),
        ("=SUM(A1,B1,10)", .number(19)),
        ("=AVERAGE(A1:B1)", .number("4.5")),
        ("=MIN(A1:B1)", .number(4)),
        ("=MAX(A1:B1,7)", .number(7)),
        ("=COUNT(A1:C1)", .number(2)),
        ("=COUNTA(A1:C1)", .number(3)),
        ("=IF(A1>3,\"big\",\"small\")", .string("big")),
        ("=IF(A1>30,\"big\")", .bool(false)),
        ("=ROUND(2.345,2)", .number("2.35")),
        ("=ROUND(-2.5)", .number(-3)),
        ("=ROUND(1234,-2)", .number(1200)),
        ("=CONCATENATE(\"x\",A1,C1)", .string("x4word")),
        ("=SUMIF(A1:B1,\">4\")", .number(5)),
        ("=COUNTIF(A1:C1,\"w*\")", .number(1)),
        ("=sum(a1:b1)", .number(9)),
        ("=$A$1+A$1", .number(8)),
        ("='Captain''s Notes'!A1", .string("Note")),
        ("=SUM(August!D2:D4)", .number("2230.25")),
    ])
    func computes(formula: String, expected: JSONValue) throws {
        try withHarness { harness in
            let row = try compute(harness, ["4", "5", "word", .string(formula)])
            #expect(row.count == 4)
            #expect(row.last == expected, "\(formula)")
        }
    }

    @Test(arguments: [
        ("=1/0", "#DIV/0!", "DIVIDE_BY_ZERO", "Function DIVIDE parameter 2 cannot be zero."),
        ("=AVERAGE(C1)", "#DIV/0!", "DIVIDE_BY_ZERO", "Evaluation of function AVERAGE caused a divide by zero error."),
        ("=FOO(1)", "#NAME?", "NAME", "Unknown function: 'FOO'."),
        ("=VLOOKUP(1,A1:B1,2)", "#NAME?", "NAME", "Unknown function: 'VLOOKUP'."),
        ("=C1+1", "#VALUE!", "VALUE", "Function ADD parameter 1 expects number values. But 'word' is a text and cannot be coerced to a number."),
        ("='No such'!A1", "#REF!", "REF", "Unresolved sheet name 'No such'."),
        ("=IF(1)", "#N/A", "N_A", "Wrong number of arguments to IF. Expected between 2 and 3 arguments, but got 1 arguments."),
        ("=SUM()", "#N/A", "N_A", "Wrong number of arguments to SUM. Expected at least 1 arguments, but got 0 arguments."),
        ("=1+", "#ERROR!", "ERROR", "Formula parse error."),
        ("=SUM(1", "#ERROR!", "ERROR", "Formula parse error."),
        ("=\"open", "#ERROR!", "ERROR", "Formula parse error."),
        ("=10^400", "#NUM!", "NUM", "Function POW caused a number overflow."),
        ("=D1", "#REF!", "REF", "Circular dependency detected. To resolve with iterative calculation, see File > Settings."),
    ])
    func errorsRenderAsSheetsShowsThem(formula: String, display: String, type: String, message: String) throws {
        try withHarness { harness in
            let unformatted = try compute(harness, ["4", "5", "word", .string(formula)])
            #expect(unformatted.last == .string(display), "\(formula)")
            let formatted = try harness.json(Self.base + "/values/Empty!D1")["values"]
            #expect(formatted == [[.string(display)]])
            let grid = try harness.json(Self.base + "?ranges=Empty!D1&includeGridData=true")
            let cell = grid["sheets"]?.arrayValue?.first?["data"]?.arrayValue?.first?["rowData"]?.arrayValue?.first?["values"]?.arrayValue?.first
            #expect(cell?["effectiveValue"] == ["errorValue": ["type": .string(type), "message": .string(message)]], "\(formula)")
            #expect(cell?["userEnteredValue"] == ["formulaValue": .string(formula)])
        }
    }

    @Test func errorsPropagateThroughReferences() throws {
        try withHarness { harness in
            let row = try compute(harness, ["=1/0", "=A1+1", "=SUM(A1:B1)", "=IF(TRUE,1,A1)"])
            #expect(row == ["#DIV/0!", "#DIV/0!", "#DIV/0!", 1])
        }
    }

    @Test func dependentsRecalculateInChains() throws {
        try withHarness { harness in
            _ = try harness.write("PUT", Self.base + "/values/Empty!A1?valueInputOption=USER_ENTERED", ["values": [["1"], ["=A1*2"], ["=A2*2"], ["=SUM(A1:A3)"]]])
            #expect(try harness.json(Self.base + "/values/Empty!A1:A4?valueRenderOption=UNFORMATTED_VALUE")["values"] == [[1], [2], [4], [7]])
            _ = try harness.write("PUT", Self.base + "/values/Empty!A1?valueInputOption=RAW", ["values": [[10]]])
            #expect(try harness.json(Self.base + "/values/Empty!A1:A4?valueRenderOption=UNFORMATTED_VALUE")["values"] == [[10], [20], [40], [70]])
            _ = try harness.write("POST", Self.base + "/values/Empty!A1:clear")
            #expect(try harness.json(Self.base + "/values/Empty!A1:A4?valueRenderOption=UNFORMATTED_VALUE")["values"] == [[], [0], [0], [0]])
        }
    }

    @Test func longReferenceChainsNeedNoRecursion() throws {
        try withHarness { harness in
            var rows: [JSONValue] = [["1"]]
            for row in 2...5_000 { rows.append([.string("=A\(row - 1)+1")]) }
            _ = try harness.write("PUT", Self.base + "/values/Empty!A1?valueInputOption=USER_ENTERED", ["values": .array(rows)])
            #expect(try harness.json(Self.base + "/values/Empty!A5000?valueRenderOption=UNFORMATTED_VALUE")["values"] == [[5_000]])
            _ = try harness.write("PUT", Self.base + "/values/Empty!A1?valueInputOption=RAW", ["values": [[2]]])
            #expect(try harness.json(Self.base + "/values/Empty!A5000?valueRenderOption=UNFORMATTED_VALUE")["values"] == [[5_001]])
        }
    }

    @Test func circularReferencesAreRefErrorsAndRecoverWhenBroken() throws {
        try withHarness { harness in
            let row = try compute(harness, ["=B1", "=A1", "=A1+1", "=D1"])
            let circular = JSONValue.string("#REF!")
            #expect(row == [circular, circular, circular, circular])
            _ = try harness.write("PUT", Self.base + "/values/Empty!B1?valueInputOption=RAW", ["values": [[5]]])
            #expect(try harness.json(Self.base + "/values/Empty!A1:C1?valueRenderOption=UNFORMATTED_VALUE")["values"] == [[5, 5, 6]])
        }
    }

    @Test func crossSheetDependentsRecalculate() throws {
        try withHarness { harness in
            _ = try harness.write("PUT", Self.base + "/values/Empty!A1?valueInputOption=USER_ENTERED", ["values": [["=SUM(August!D:D)"]]])
            #expect(try harness.json(Self.base + "/values/Empty!A1?valueRenderOption=UNFORMATTED_VALUE")["values"] == [[.number("2230.25")]])
            _ = try harness.write("PUT", Self.base + "/values/August!D2?valueInputOption=RAW", ["values": [[1]]])
            #expect(try harness.json(Self.base + "/values/Empty!A1?valueRenderOption=UNFORMATTED_VALUE")["values"] == [[.number("981.25")]])
        }
    }

    @Test func textResultsAreCappedAtFiftyThousandCharacters() throws {
        try withHarness { harness in
            let text = String(repeating: "x", count: 30_000)
            let row = try compute(harness, [.string(text), "=A1&A1", "=CONCATENATE(A1,A1)"])
            #expect(row[1] == "#VALUE!")
            #expect(row[2] == "#VALUE!")
        }
    }

    @Test func formulaAnswersFormulaRenderOption() throws {
        try withHarness { harness in
            let row = try compute(harness, ["1", "=A1+1"], render: "FORMULA")
            #expect(row == [1, "=A1+1"])
        }
    }

    @Test(arguments: [
        String(repeating: "(", count: 5_000) + "1" + String(repeating: ")", count: 5_000),
        "=" + String(repeating: "-", count: 20_000) + "1",
        "=" + Array(repeating: "1", count: 20_000).joined(separator: "+"),
        "=" + String(repeating: "SUM(", count: 3_000) + "1" + String(repeating: ")", count: 3_000),
        "=" + Array(repeating: "1", count: 12_000).joined(separator: "^"),
    ])
    func deepOrLongFormulasAreParseErrorsNotCrashes(formula: String) throws {
        try withHarness { harness in
            let text = formula.hasPrefix("=") ? formula : "=" + formula
            let row = try compute(harness, [.string(text)])
            #expect(row == ["#ERROR!"])
        }
    }

    @Test func parserLimitsAreWhatTheyClaim() throws {
        let nested = "=" + String(repeating: "(", count: 90) + "1" + String(repeating: ")", count: 90)
        #expect(throws: Never.self) { try FormulaParser.parse(nested) }
        let chain = "=" + Array(repeating: "1", count: 300).joined(separator: "+")
        #expect(throws: Never.self) { try FormulaParser.parse(chain) }
        #expect(throws: FormulaParser.Failure.self) { try FormulaParser.parse("=" + Array(repeating: "1", count: 500).joined(separator: "+")) }
    }
}
