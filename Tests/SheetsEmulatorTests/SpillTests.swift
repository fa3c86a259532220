import DrydockCore
import Testing
@testable import SheetsEmulator

/// Array results that spill (`Spreadsheet+Spill`): a range or array literal as a formula's result
/// fills the cells to its right and below; data in the way, or the grid's edge, makes the anchor
/// `#REF!` with Sheets' note; dependents of spilled cells recalculate. The `Empty` sheet is 20 × 4.
@Suite(.timeLimit(.minutes(1))) struct SpillTests {
    static let base = "/v4/spreadsheets/\(TripSheet.id)"

    static func harness() throws -> (SheetsHarness, FixtureSet) {
        let set = try TripSheet.fixtures()
        return (try SheetsHarness(fixtures: set.path), set)
    }

    static func put(_ harness: SheetsHarness, _ range: String, _ values: JSONValue, raw: Bool = false) throws {
        _ = try harness.write("PUT", base + "/values/\(range)?valueInputOption=\(raw ? "RAW" : "USER_ENTERED")", ["values": values])
    }

    static func values(_ harness: SheetsHarness, _ range: String, _ render: String = "FORMATTED_VALUE") throws -> JSONValue? {
        try harness.json(base + "/values/\(range)?valueRenderOption=\(render)")["values"]
    }

    /// The `errorValue.message` of one cell, from `includeGridData`.
    static func errorMessage(_ harness: SheetsHarness, _ cell: String) throws -> String? {
        let got = try harness.json(base + "?ranges=\(cell)&includeGridData=true")
        return got["sheets"]?.arrayValue?.first?["data"]?.arrayValue?.first?["rowData"]?.arrayValue?.first?["values"]?.arrayValue?.first?["effectiveValue"]?["errorValue"]?["message"]?.stringValue
    }

    @Test func anArrayLiteralSpillsRightAndDown() throws {
        let (harness, set) = try Self.harness()
        defer { set.remove() }
        try Self.put(harness, "Empty!A1", [["={1,2;3,4}"]])
        #expect(try Self.values(harness, "Empty!A1:C3") == [["1", "2"], ["3", "4"]])
        #expect(try Self.values(harness, "Empty!A1:C3", "UNFORMATTED_VALUE") == [[1, 2], [3, 4]])
        // The formula lives in the anchor only; spilled cells have no entered value.
        #expect(try Self.values(harness, "Empty!A1:C3", "FORMULA") == [["={1,2;3,4}"]])
        #expect(try Self.values(harness, "Empty!B2", "FORMULA") == nil)
        let grid = try harness.json(Self.base + "?ranges=Empty!A1:B1&includeGridData=true")
        let cells = grid["sheets"]?.arrayValue?.first?["data"]?.arrayValue?.first?["rowData"]?.arrayValue?.first?["values"]
        #expect(cells?.arrayValue?.first?["userEnteredValue"] == ["formulaValue": "={1,2;3,4}"])
        #expect(cells?.arrayValue?.dropFirst().first?["userEnteredValue"] == nil)
        #expect(cells?.arrayValue?.dropFirst().first?["effectiveValue"] == ["numberValue": 2])
        #expect(cells?.arrayValue?.dropFirst().first?["formattedValue"] == "2")
    }

    @Test func aRangeReferenceSpillsTheCellsItReads() throws {
        let (harness, set) = try Self.harness()
        defer { set.remove() }
        try Self.put(harness, "Empty!A1", [["=August!B1:C3"]])
        let source = try Self.values(harness, "August!B1:C3")
        #expect(source != nil)
        #expect(try Self.values(harness, "Empty!A1:B3") == source)
        // A function handing back a range spills it too.
        try Self.put(harness, "Empty!A10", [["=IF(TRUE, August!B1:C3, 0)"]])
        #expect(try Self.values(harness, "Empty!A10:B12") == source)
    }

    @Test func dependentsOfSpilledCellsRecalculate() throws {
        let (harness, set) = try Self.harness()
        defer { set.remove() }
        try Self.put(harness, "Empty!A1", [["={1,2;3,4}", nil, nil, "=SUM(A1:B2)"]])
        #expect(try Self.values(harness, "Empty!D1", "UNFORMATTED_VALUE") == [[10]])
        try Self.put(harness, "Empty!A1", [["={5,5;5,5}"]])
        #expect(try Self.values(harness, "Empty!D1", "UNFORMATTED_VALUE") == [[20]])
        // Through a range spill: C6 feeds A6's spill (A5:A6), which D5 reads.
        try Self.put(harness, "Empty!A5", [["=C5:C6", nil, 1, "=A6*2"], [nil, nil, 2]])
        #expect(try Self.values(harness, "Empty!D5", "UNFORMATTED_VALUE") == [[4]])
        try Self.put(harness, "Empty!C6", [[30]])
        #expect(try Self.values(harness, "Empty!A5:A6", "UNFORMATTED_VALUE") == [[1], [30]])
        #expect(try Self.values(harness, "Empty!D5", "UNFORMATTED_VALUE") == [[60]])
        // A spill that shrinks leaves nothing behind, and what read the cells it left sees them empty.
        try Self.put(harness, "Empty!A1", [["={7}"]])
        #expect(try Self.values(harness, "Empty!A1:B2", "UNFORMATTED_VALUE") == [[7]])
        #expect(try Self.values(harness, "Empty!D1", "UNFORMATTED_VALUE") == [[7]])
    }

    @Test func dataInTheWayBlocksTheSpillUntilCleared() throws {
        let (harness, set) = try Self.harness()
        defer { set.remove() }
        try Self.put(harness, "Empty!B2", [["x"]])
        try Self.put(harness, "Empty!A1", [["={1,2;3,4}"]])
        #expect(try Self.values(harness, "Empty!A1:B2") == [["#REF!"], ["", "x"]])
        #expect(try Self.errorMessage(harness, "Empty!A1") == "Array result was not expanded because it would overwrite data in B2.")
        _ = try harness.write("POST", Self.base + "/values/Empty!B2:clear")
        #expect(try Self.values(harness, "Empty!A1:B2") == [["1", "2"], ["3", "4"]])
        // Writing into a spilled cell blocks the spill again; the blocker names the first cell in the way.
        try Self.put(harness, "Empty!A2", [["y"]])
        #expect(try Self.values(harness, "Empty!A1:B2") == [["#REF!"], ["y"]])
        #expect(try Self.errorMessage(harness, "Empty!A1") == "Array result was not expanded because it would overwrite data in A2.")
        // A formula in the way blocks too.
        try Self.put(harness, "Empty!A2", [["=1+1"]])
        #expect(try Self.errorMessage(harness, "Empty!A1") == "Array result was not expanded because it would overwrite data in A2.")
    }

    @Test func replacingTheAnchorRemovesItsSpill() throws {
        let (harness, set) = try Self.harness()
        defer { set.remove() }
        try Self.put(harness, "Empty!A1", [["={1,2;3,4}", nil, nil, "=COUNT(A1:B2)"]])
        #expect(try Self.values(harness, "Empty!D1", "UNFORMATTED_VALUE") == [[4]])
        try Self.put(harness, "Empty!A1", [[5]])
        #expect(try Self.values(harness, "Empty!A1:B2") == [["5"]])
        #expect(try Self.values(harness, "Empty!D1", "UNFORMATTED_VALUE") == [[1]])
        try Self.put(harness, "Empty!A1", [["={1,2;3,4}"]])
        _ = try harness.write("POST", Self.base + "/values/Empty!A1:clear")
        #expect(try Self.values(harness, "Empty!A1:B2") == nil)
    }

    @Test func aSpillPastTheGridEdgeIsARefError() throws {
        let (harness, set) = try Self.harness()
        defer { set.remove() }
        try Self.put(harness, "Empty!A1", [["={1,2,3,4,5}"]])
        #expect(try Self.values(harness, "Empty!A1:D1") == [["#REF!"]])
        #expect(try Self.errorMessage(harness, "Empty!A1") == "Result was not expanded automatically, please insert more columns (1).")
        // A whole column of a 1,000-row sheet into the 20-row one: bounded by the grid, never materialised.
        try Self.put(harness, "Empty!B1", [["=August!A:A"]])
        #expect(try Self.errorMessage(harness, "Empty!B1") == "Result was not expanded automatically, please insert more rows (980).")
        #expect(try Self.values(harness, "Empty!B1:B3") == [["#REF!"]])
    }

    @Test func aSpillReadingItsOwnAreaIsCircular() throws {
        let (harness, set) = try Self.harness()
        defer { set.remove() }
        try Self.put(harness, "Empty!A1", [["=A2:A3"]])
        #expect(try Self.values(harness, "Empty!A1:A3") == [["#REF!"]])
        #expect(try Self.errorMessage(harness, "Empty!A1") == CellError.circular.message)
        // A cycle through a spilled cell (A2 shows C2, C2 reads A2) settles as circular too.
        try Self.put(harness, "Empty!A10", [["=C10:C11"]])
        try Self.put(harness, "Empty!C11", [["=A11+1"]])
        #expect(try Self.values(harness, "Empty!A10") == [["#REF!"]])
    }

    @Test func spillsMoveWithInsertedRowsAndColumns() throws {
        let (harness, set) = try Self.harness()
        defer { set.remove() }
        try Self.put(harness, "Empty!A1", [["={1,2;3,4}"]])
        _ = try harness.write("POST", Self.base + ":batchUpdate", ["requests": [["insertDimension": ["range": ["sheetId": 7, "dimension": "ROWS", "startIndex": 0, "endIndex": 1]]]]])
        #expect(try Self.values(harness, "Empty!A1:B3", "UNFORMATTED_VALUE") == [[], [1, 2], [3, 4]])
        #expect(try Self.values(harness, "Empty!A2:B3", "FORMULA") == [["={1,2;3,4}"]])
    }

    @Test func aDuplicatedSheetSpillsOnItsOwn() throws {
        let (harness, set) = try Self.harness()
        defer { set.remove() }
        try Self.put(harness, "Empty!A1", [["={1,2;3,4}"]])
        _ = try harness.write("POST", Self.base + ":batchUpdate", ["requests": [["duplicateSheet": ["sourceSheetId": 7, "newSheetName": "Twin"]]]])
        #expect(try Self.values(harness, "Twin!A1:B2", "UNFORMATTED_VALUE") == [[1, 2], [3, 4]])
        // Blocking the copy leaves the original alone.
        try Self.put(harness, "Twin!B1", [["x"]])
        #expect(try Self.values(harness, "Twin!A1:B2") == [["#REF!", "x"]])
        #expect(try Self.values(harness, "Empty!A1:B2") == [["1", "2"], ["3", "4"]])
    }

    @Test func spilledValuesKeepErrorsInPlace() throws {
        let (harness, set) = try Self.harness()
        defer { set.remove() }
        try Self.put(harness, "Empty!A1", [["={1/0,2}"]])
        #expect(try Self.values(harness, "Empty!A1:B1") == [["#DIV/0!", "2"]])
    }
}
