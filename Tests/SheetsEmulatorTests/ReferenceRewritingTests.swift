import DrydockCore
import Testing
@testable import SheetsEmulator

/// Formulas and named ranges follow their cells when rows, columns or sheets change, as in Sheets:
/// references after an insert or delete move (absolute ones too), references to deleted cells or
/// sheets become `#REF!`, a renamed sheet is renamed in formulas, and dependents are recalculated.
@Suite struct ReferenceRewritingTests {
    static let base = "/v4/spreadsheets/\(TripSheet.id)"

    func withHarness<T>(_ body: (SheetsHarness) throws -> T) throws -> T {
        let set = try TripSheet.fixtures()
        defer { set.remove() }
        return try body(SheetsHarness(fixtures: set.path))
    }

    func batch(_ harness: SheetsHarness, _ requests: [JSONValue]) throws {
        _ = try harness.write("POST", Self.base + ":batchUpdate", .object([("requests", .array(requests))]))
    }

    func dimension(_ kind: String, rows: Bool, _ start: Int, _ end: Int, sheet: Int = 7) -> JSONValue {
        [kind: ["range": ["sheetId": .number(sheet), "dimension": rows ? "ROWS" : "COLUMNS", "startIndex": .number(start), "endIndex": .number(end)]]]
    }

    func formulas(_ harness: SheetsHarness, _ range: String) throws -> JSONValue? {
        try harness.json(Self.base + "/values/\(range)?valueRenderOption=FORMULA")["values"]
    }

    func values(_ harness: SheetsHarness, _ range: String) throws -> JSONValue? {
        try harness.json(Self.base + "/values/\(range)?valueRenderOption=UNFORMATTED_VALUE")["values"]
    }

    @Test func insertedAndDeletedRowsMoveReferences() throws {
        try withHarness { harness in
            _ = try harness.write("PUT", Self.base + "/values/Empty!A1:A3?valueInputOption=RAW", ["values": [[1], [2], [3]]])
            _ = try harness.write("PUT", Self.base + "/values/Empty!B1?valueInputOption=USER_ENTERED",
                                  ["values": [["=SUM(A1:A3)", "=A3 * 2", "=$A$2+Empty!A1"]]])
            try batch(harness, [dimension("insertDimension", rows: true, 1, 3)])
            #expect(try formulas(harness, "Empty!B1:D1") == [["=SUM(A1:A5)", "=A5 * 2", "=$A$4+Empty!A1"]])
            #expect(try values(harness, "Empty!A1:D5") == [[1, 6, 6, 3], [], [], [2], [3]])
            // Row 5 (holding 3) deleted: the range shrinks, the single reference is gone.
            try batch(harness, [dimension("deleteDimension", rows: true, 4, 5)])
            #expect(try formulas(harness, "Empty!B1:D1") == [["=SUM(A1:A4)", "=#REF! * 2", "=$A$4+Empty!A1"]])
            #expect(try values(harness, "Empty!B1:D1") == [[3, "#REF!", 3]])
            // A range deleted whole is #REF! too.
            _ = try harness.write("PUT", Self.base + "/values/Empty!D10?valueInputOption=USER_ENTERED", ["values": [["=SUM(A2:A3)"]]])
            try batch(harness, [dimension("deleteDimension", rows: true, 1, 3)])
            #expect(try formulas(harness, "Empty!D8") == [["=SUM(#REF!)"]])
            #expect(try values(harness, "Empty!D8") == [["#REF!"]])
        }
    }

    @Test func insertedAndDeletedColumnsMoveReferences() throws {
        try withHarness { harness in
            _ = try harness.write("PUT", Self.base + "/values/Empty!A1?valueInputOption=USER_ENTERED", ["values": [[5, "=A1*2", "=SUM(A1:B1)"]]])
            try batch(harness, [dimension("insertDimension", rows: false, 0, 1)])
            #expect(try formulas(harness, "Empty!A1:E1") == [["", 5, "=B1*2", "=SUM(B1:C1)"]])
            #expect(try values(harness, "Empty!B1:D1") == [[5, 10, 15]])
            try batch(harness, [dimension("deleteDimension", rows: false, 1, 2)])
            #expect(try formulas(harness, "Empty!A1:C1") == [["", "=#REF!*2", "=SUM(B1:B1)"]])
            #expect(try values(harness, "Empty!B1:C1") == [["#REF!", "#REF!"]])
        }
    }

    @Test func otherSheetsFormulasFollowToo() throws {
        try withHarness { harness in
            _ = try harness.write("PUT", Self.base + "/values/Empty!A1?valueInputOption=USER_ENTERED",
                                  ["values": [["='Captain''s Notes'!B2", "=August!D3", "=D3"]]])
            try batch(harness, [dimension("insertDimension", rows: true, 0, 2, sheet: 0)])
            #expect(try formulas(harness, "Empty!A1:C1") == [["='Captain''s Notes'!B2", "=August!D5", "=D3"]])
            #expect(try values(harness, "Empty!B1") == [[.number("980.25")]])
        }
    }

    @Test func renamedSheetIsRenamedInFormulas() throws {
        try withHarness { harness in
            _ = try harness.write("PUT", Self.base + "/values/Empty!A1?valueInputOption=USER_ENTERED",
                                  ["values": [["='Captain''s Notes'!A2", "='CAPTAIN''S NOTES'!A1"]]])
            try batch(harness, [["updateSheetProperties": ["properties": ["sheetId": 42, "title": "Log 2026"], "fields": "title"]]])
            #expect(try formulas(harness, "Empty!A1:B1") == [["='Log 2026'!A2", "='Log 2026'!A1"]])
            #expect(try values(harness, "Empty!A1:B1") == [["Check the bilge", "Note"]])
            try batch(harness, [["updateSheetProperties": ["properties": ["sheetId": 42, "title": "Log"], "fields": "title"]]])
            #expect(try formulas(harness, "Empty!A1") == [["=Log!A2"]])
        }
    }

    @Test func deletedSheetReferencesBecomeRefErrors() throws {
        try withHarness { harness in
            _ = try harness.write("PUT", Self.base + "/values/Empty!A1?valueInputOption=USER_ENTERED",
                                  ["values": [["='Captain''s Notes'!A2", "=A1&\"x\"", "=1+1"]]])
            try batch(harness, [["deleteSheet": ["sheetId": 42]]])
            #expect(try formulas(harness, "Empty!A1:C1") == [["=#REF!", "=A1&\"x\"", "=1+1"]])
            #expect(try values(harness, "Empty!A1:C1") == [["#REF!", "#REF!", 2]])
            // The error is Sheets' #REF! in grid data too.
            let grid = try harness.json(Self.base + "?ranges=Empty!A1&includeGridData=true")
            let cell = grid["sheets"]?.arrayValue?.first?["data"]?.arrayValue?.first?["rowData"]?.arrayValue?.first?["values"]?.arrayValue?.first
            #expect(cell?["effectiveValue"]?["errorValue"]?["type"] == "REF")
        }
    }

    @Test func namedRangesMoveWithTheirCells() throws {
        try withHarness { harness in
            try batch(harness, [
                ["addNamedRange": ["namedRange": ["name": "Block", "range": ["sheetId": 7, "startRowIndex": 1, "endRowIndex": 4, "startColumnIndex": 0, "endColumnIndex": 2]]]],
                ["addNamedRange": ["namedRange": ["name": "Gone", "range": ["sheetId": 7, "startRowIndex": 10, "endRowIndex": 11, "startColumnIndex": 0, "endColumnIndex": 1]]]],
            ])
            try batch(harness, [dimension("insertDimension", rows: true, 0, 2), dimension("deleteDimension", rows: false, 1, 2), dimension("deleteDimension", rows: true, 12, 13)])
            let named = try harness.json(Self.base + "?fields=namedRanges")["namedRanges"]?.arrayValue ?? []
            #expect(named.map { $0["name"] } == ["Block"])
            #expect(named.first?["range"] == ["sheetId": 7, "startRowIndex": 3, "endRowIndex": 6, "endColumnIndex": 1])
            #expect(try harness.json(Self.base + "/values/Block")["range"] == "Empty!A4:A6")
        }
    }

    @Test func mergesAndFormatRulesMoveWithTheirCells() throws {
        try withHarness { harness in
            try batch(harness, [["mergeCells": ["range": ["sheetId": 7, "startRowIndex": 1, "endRowIndex": 3, "startColumnIndex": 0, "endColumnIndex": 2], "mergeType": "MERGE_ALL"]]])
            try batch(harness, [dimension("insertDimension", rows: true, 0, 1)])
            let merges = try harness.json(Self.base + "?fields=sheets.merges")["sheets"]?.arrayValue?[2]["merges"]
            #expect(merges == [["sheetId": 7, "startRowIndex": 2, "endRowIndex": 4, "endColumnIndex": 2]])
            // August's fixture formats D2:E as currency: after a row inserted on top, D3 still is, D2 is not.
            try batch(harness, [dimension("insertDimension", rows: true, 0, 1, sheet: 0)])
            _ = try harness.write("PUT", Self.base + "/values/August!D2:D3?valueInputOption=RAW", ["values": [[5], [6]]])
            #expect(try harness.json(Self.base + "/values/August!D2:D3")["values"] == [["5"], ["$6.00"]])
        }
    }

    @Test func appendWithInsertRowsMovesReferencesBelow() throws {
        try withHarness { harness in
            _ = try harness.write("PUT", Self.base + "/values/Empty!A1?valueInputOption=USER_ENTERED", ["values": [[1, "=A4*1"], [2], [], ["=A1+A2"]]])
            _ = try harness.write("POST", Self.base + "/values/Empty!A1:A2:append?valueInputOption=RAW&insertDataOption=INSERT_ROWS", ["values": [[10]]])
            #expect(try formulas(harness, "Empty!A1:B5") == [[1, "=A5*1"], [2], [10], [], ["=A1+A2"]])
            #expect(try values(harness, "Empty!B1") == [[3]])
        }
    }

    @Test(arguments: [
        // kind, start, count, low, high → low, high (nil: gone)
        (DimensionShift.Kind.insert, 2, 3, 0, 10, 0, 13),
        (.insert, 0, 1, 0, 1, 1, 2),
        (.insert, 10, 5, 0, 10, 0, 10),
        (.insert, 4, 2, 5, 6, 7, 8),
        (.delete, 2, 3, 0, 10, 0, 7),
        (.delete, 0, 3, 0, 3, -1, -1),
        (.delete, 0, 3, 1, 5, 0, 2),
        (.delete, 3, 10, 1, 5, 1, 3),
        (.delete, 5, 1, 0, 5, 0, 5),
        (.delete, 1, 1, 4, 5, 3, 4),
    ])
    func shiftsMoveSpansAsSheetsDoes(_ kind: DimensionShift.Kind, _ start: Int, _ count: Int, _ low: Int, _ high: Int, _ newLow: Int, _ newHigh: Int) {
        let mapped = DimensionShift(kind: kind, start: start, count: count, limit: 1000).map(low: low, high: high)
        if newLow < 0 {
            #expect(mapped == nil)
        } else {
            #expect(mapped?.low == newLow)
            #expect(mapped?.high == newHigh)
        }
    }

    @Test func insertPastTheLastRowIsRefError() {
        let range = A1CellRange("A10000000")!
        #expect(range.shifted(DimensionShift(kind: .insert, start: 0, count: 1, limit: A1CellRange.maximumRow), rows: true) == nil)
    }

    @Test func rewritingKeepsTheTextAroundReferences() {
        let moved = FormulaReferenceRewriter.rewrite("=SUM( $B$2:c3 ) & \"A1\" & Other!A1") { reference in
            reference.sheet == nil ? .cells(reference.cells.shifted(DimensionShift(kind: .insert, start: 0, count: 1, limit: 1000), rows: true)!) : .keep
        }
        #expect(moved == "=SUM( $B$3:C4 ) & \"A1\" & Other!A1")
        #expect(FormulaReferenceRewriter.rewrite("=1+2") { _ in .invalid } == nil)
        #expect(FormulaReferenceRewriter.rewrite("=SUM(A1") { _ in .invalid } == nil)
    }
}
