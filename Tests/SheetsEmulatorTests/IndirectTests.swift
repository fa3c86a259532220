import DrydockCore
import Testing
@testable import SheetsEmulator

/// R1C1 inside formulas: only through INDIRECT(text, FALSE), as in Sheets (references typed in a
/// formula are A1; `=R1C1` is an unknown name). INDIRECT reads A1 or R1C1 text, relative R1C1 from the
/// formula's cell, and is volatile: a write anywhere recalculates it.
@Suite struct IndirectTests {
    static let base = "/v4/spreadsheets/\(TripSheet.id)"

    static func harness() throws -> (SheetsHarness, FixtureSet) {
        let set = try TripSheet.fixtures()
        return (try SheetsHarness(fixtures: set.path), set)
    }

    @Test(arguments: [
        ("=INDIRECT(\"A1\")", JSONValue.number("5")),
        ("=INDIRECT(\"$A$1\")", .number("5")),
        ("=INDIRECT(\"R1C1\", FALSE)", .number("5")),
        ("=INDIRECT(\"R[-2]C[-1]\", FALSE)", .number("5")),  // from B3
        ("=INDIRECT(\"RC[-1]\", 0)", .number("9")),           // A3
        ("=SUM(INDIRECT(\"A1:A3\"))", .number("20")),
        ("=SUM(INDIRECT(\"R1C1:R3C1\", FALSE))", .number("20")),
        ("=INDIRECT(\"August!B2\")", "Osprey"),
        ("=INDIRECT(\"'Captain''s Notes'!A2\")", "Check the bilge"),
        ("=INDIRECT(\"August!R2C2\", FALSE)", "Osprey"),
        ("=INDIRECT(\"A\"&\"2\")", .number("6")),
        ("=INDIRECT(\"R1C1\")", "#REF!"),
        ("=INDIRECT(\"A1\", FALSE)", "#REF!"),
        ("=INDIRECT(\"R[-5]C\", FALSE)", "#REF!"),
        ("=INDIRECT(\"no such\")", "#REF!"),
        ("=INDIRECT(\"Nowhere!A1\")", "#REF!"),
        ("=INDIRECT(\"A1\", \"x\")", "#VALUE!"),
        ("=R1C1", "#NAME?"),
    ])
    func indirectReadsA1AndR1C1Text(_ formula: String, _ expected: JSONValue) throws {
        let (harness, set) = try Self.harness()
        defer { set.remove() }
        _ = try harness.write("PUT", Self.base + "/values/Empty!A1?valueInputOption=USER_ENTERED", ["values": [[5], [6], [9, nil]]])
        _ = try harness.write("PUT", Self.base + "/values/Empty!B3?valueInputOption=USER_ENTERED", ["values": [[.string(formula)]]])
        #expect(try harness.json(Self.base + "/values/Empty!B3?valueRenderOption=UNFORMATTED_VALUE")["values"] == [[expected]])
    }

    @Test func indirectIsRecalculatedOnEveryWriteAndSpillsARange() throws {
        let (harness, set) = try Self.harness()
        defer { set.remove() }
        _ = try harness.write("PUT", Self.base + "/values/Empty!A1?valueInputOption=USER_ENTERED", ["values": [[5, "=INDIRECT(\"A\"&C1)", 1, "=B1*2"]]])
        #expect(try harness.json(Self.base + "/values/Empty!B1:D1?valueRenderOption=UNFORMATTED_VALUE")["values"] == [[5, 1, 10]])
        // A1 is read through text only; the write still reaches B1 and what reads it.
        _ = try harness.write("PUT", Self.base + "/values/Empty!A1?valueInputOption=RAW", ["values": [[7]]])
        #expect(try harness.json(Self.base + "/values/Empty!B1:D1?valueRenderOption=UNFORMATTED_VALUE")["values"] == [[7, 1, 14]])
        _ = try harness.write("PUT", Self.base + "/values/Empty!A2?valueInputOption=RAW", ["values": [[40]]])
        _ = try harness.write("PUT", Self.base + "/values/Empty!C1?valueInputOption=RAW", ["values": [[2]]])
        #expect(try harness.json(Self.base + "/values/Empty!B1:D1?valueRenderOption=UNFORMATTED_VALUE")["values"] == [[40, 2, 80]])
        // A range named by text spills like one written in the formula.
        _ = try harness.write("PUT", Self.base + "/values/Empty!A5?valueInputOption=USER_ENTERED", ["values": [["=INDIRECT(\"R1C1:R2C1\", FALSE)"]]])
        #expect(try harness.json(Self.base + "/values/Empty!A5:A6?valueRenderOption=UNFORMATTED_VALUE")["values"] == [[7], [40]])
    }
}
