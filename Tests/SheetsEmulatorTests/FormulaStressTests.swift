import DrydockCore
import Testing
@testable import SheetsEmulator

/// Seeded random formulas and typed values, written with USER_ENTERED and read back: nothing traps,
/// every cell ends as a value or one of Sheets' errors. (The libFuzzer target `fuzz-sheets-formula`
/// does the same unbounded; this keeps a fixed slice of it in every test run.)
@Suite struct FormulaStressTests {
    static let pieces = [
        "=", "=", "SUM(", "AVERAGE(", "MIN(", "MAX(", "COUNT(", "COUNTA(", "IF(", "ROUND(", "CONCATENATE(", "SUMIF(", "COUNTIF(",
        "FOO(", "A1", "B1", "C1", "$A$1", "A1:C1", "A:A", "1:1", "'Captain''s Notes'!A1", "August!D2:D4", "Nope!A1", ")", "(",
        ",", "+", "-", "*", "/", "^", "&", "%", "<", ">", "=", "<>", "<=", ">=", "\"x\"", "\"", "1", "0", "1e308", "-1e308",
        "2.5", "TRUE", "FALSE", " ", "'", "$", ":", "15%", "$3.50", "8/14/2026", "9:30 PM", "1,250.5", "ZZZ99999999", "A0",
    ]

    @Test(.timeLimit(.minutes(1))) func randomFormulasNeverTrap() throws {
        let set = try TripSheet.fixtures()
        defer { set.remove() }
        let harness = try SheetsHarness(fixtures: set.path)
        var spreadsheet = try #require(harness.sheets.snapshot(TripSheet.id))
        var state: UInt64 = 0x5EED_F0F0
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let grid = GridRange(sheetIndex: 2, startRow: 0, endRow: 1, startColumn: 0, endColumn: 4)
        for _ in 0..<1_500 {
            var row: [JSONValue] = []
            for _ in 0..<4 {
                var text = ""
                for _ in 0..<(1 + next(12)) { text += Self.pieces[next(Self.pieces.count)] }
                row.append(.string(text))
            }
            _ = try spreadsheet.write([row], at: grid, bounded: true, input: .userEntered)
            for column in 0..<4 {
                let cell = spreadsheet.sheets[2].cell(0, column)
                if case .number(let number) = cell.value { #expect(number.isFinite) }
                if case .error(let error) = cell.value { #expect(error.display.hasPrefix("#")) }
            }
        }
    }
}
