import DrydockCore
import Testing
@testable import SheetsEmulator

/// R1C1 ranges, which the API accepts wherever it takes A1 (`values.get`, `update`, `append`,
/// `batchGet`, `clear`, `spreadsheets.get?ranges=`…) and answers in A1.
@Suite struct R1C1RangeTests {
    static let base = "/v4/spreadsheets/\(TripSheet.id)"

    @Test(arguments: [
        ("August!R1C1:R2C2", "August!A1:B2"),
        ("R1C1:R2C2", "August!A1:B2"),
        ("August!r2c3", "August!C2"),
        ("'Captain''s Notes'!R1C1:R2C2", "'Captain''s Notes'!A1:B2"),
        ("August!R2C1:R3", "August!A2:Z3"),
        ("August!C2:C4", "August!C2:C4"),  // A1 first: column C, not R1C1 columns 2 to 4
        ("August!R1", "August!R1"),  // cell R1
        ("August!R1:C2", "August!C1:R2"),  // A1 cells R1 and C2
        ("August!R1C", "August!A1"),
        ("August!RC", "August!A1"),  // relative parts count from A1 (assumed)
        ("August!R[2]C[1]", "August!B3"),
        ("August!R[1]C[0]:R[3]C[2]", "August!A2:C4"),
        ("August!R5C2:R1C1", "August!A1:B5"),
        ("August!R1C1:R5000C99", "August!A1:Z1000"),
        ("Empty!R1C4", "Empty!D1"),
    ])
    func r1c1RangesResolveAndEchoInA1(request: String, echo: String) throws {
        let spreadsheet = try A1RangeTests.spreadsheet()
        let grid = try spreadsheet.resolve(request).get()
        #expect(grid.a1(title: spreadsheet.sheets[grid.sheetIndex].title) == echo)
    }

    @Test(arguments: [
        "August!R0C1", "August!R1C0", "August!R1C18279", "August!R10000001C1", "August!R[-1]C1", "August!R1C1:", "August!R1C1:R2C2:R3C3",
        "August!R[1C1", "August!R[]C1", "August!R1C1x", "August!R99999999999999999999C1", "August!R1C1:C2R2",
    ])
    func malformedR1C1IsUnableToParse(request: String) throws {
        let spreadsheet = try A1RangeTests.spreadsheet()
        #expect(spreadsheet.resolve(request) == .failure(.unparseable(request)))
    }

    @Test func r1c1StartingOutsideTheGridIsTheGridLimitError() throws {
        let spreadsheet = try A1RangeTests.spreadsheet()
        #expect(GoogleAPIErrorText.message(for: spreadsheet.resolve("Empty!R21C1"))
            == "Range (Empty!R21C1) exceeds grid limits. Max rows: 20, max columns: 4")
    }

    @Test func valuesMethodsTakeR1C1AndAnswerInA1() throws {
        let set = try TripSheet.fixtures()
        defer { set.remove() }
        let harness = try SheetsHarness(fixtures: set.path)
        let updated = try harness.write("PUT", Self.base + "/values/Empty!R2C2:R3C3?valueInputOption=RAW", ["values": [["a", "b"], ["c", "d"]]])
        #expect(updated["updatedRange"] == "Empty!B2:C3")
        let read = try harness.json(Self.base + "/values/Empty!R2C2:R3C3")
        #expect(read["range"] == "Empty!B2:C3")
        #expect(read["values"] == [["a", "b"], ["c", "d"]])
        let relative = try harness.json(Self.base + "/values/Empty!R%5B1%5DC%5B1%5D")
        #expect(relative["range"] == "Empty!B2")
        let appended = try harness.write("POST", Self.base + "/values/Empty!R2C2:append?valueInputOption=RAW", ["values": [["e", "f"]]])
        #expect(appended["updates"]?["updatedRange"] == "Empty!B4:C4")
        let batch = try harness.json(Self.base + "/values:batchGet?ranges=Empty!R4C2&ranges=August!R1C1:R1C2")
        #expect(batch["valueRanges"]?.arrayValue?.map { $0["range"] } == ["Empty!B4", "August!A1:B1"])
        _ = try harness.write("POST", Self.base + "/values/Empty!R2C2:R4C3:clear")
        #expect(try harness.json(Self.base + "/values/Empty")["values"] == nil)
        #expect(try harness.failure("PUT", Self.base + "/values/Empty!R0C1?valueInputOption=RAW", ["values": [["x"]]])
            == "Unable to parse range: Empty!R0C1")
    }
}
