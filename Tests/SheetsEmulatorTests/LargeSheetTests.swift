import DrydockCore
import DrydockHTTP
import Testing
@testable import SheetsEmulator

/// A 1,000-row sheet: every row comes back, in every render option, and concurrent readers agree.
@Suite struct LargeSheetTests {
    static let id = "1LargeSheet"

    static func csv(rows: Int) -> String {
        var text = "Date,Boat,Skipper,Fare,Fuel,Tip,Net,Notes,Paid,Port\n"
        for row in 0..<rows {
            let day = row % 28 + 1
            text += "2026-08-\(day < 10 ? "0" : "")\(day),Boat \(row),\"Skipper, \(row)\",\(1000 + row).5,\(row * 3),0.\(row % 10 + 1),\(row),note \(row),\(row % 2 == 0 ? "TRUE" : "FALSE"),Port \(row % 7)\n"
        }
        return text
    }

    static let json = #"""
    {"title": "Large", "sheets": [{"title": "Log", "file": "log.csv", "rowCount": 2000,
      "formats": {"A2:A": {"type": "DATE", "pattern": "yyyy-mm-dd"}, "D2:E": {"type": "CURRENCY"}, "F2:F": {"type": "PERCENT", "pattern": "0%"}},
      "formulas": {"G2": "=D2-E2"}}]}
    """#

    func withHarness<T>(_ body: (SheetsHarness) throws -> T) throws -> T {
        let set = try FixtureSet([Self.id: (Self.json, ["log.csv": Self.csv(rows: 999)])])
        defer { set.remove() }
        return try body(SheetsHarness(fixtures: set.path))
    }

    @Test func everyRowComesBackInEveryOption() throws {
        try withHarness { harness in
            for render in ["FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA"] {
                let body = try harness.json("/v4/spreadsheets/\(Self.id)/values/Log?valueRenderOption=\(render)")
                #expect(body["range"] == "Log!A1:Z2000")
                let values = try #require(body["values"]?.arrayValue)
                #expect(values.count == 1000)
                #expect(values.allSatisfy { $0.arrayValue?.count == 10 })
            }
            let row = try harness.json("/v4/spreadsheets/\(Self.id)/values/Log!A2:J2")["values"]
            #expect(row == [["2026-08-01", "Boat 0", "Skipper, 0", "$1,000.50", "$0.00", "10%", "0", "note 0", "TRUE", "Port 0"]])
        }
    }

    @Test func concurrentReadersGetIdenticalAnswers() async throws {
        let set = try FixtureSet([Self.id: (Self.json, ["log.csv": Self.csv(rows: 999)])])
        defer { set.remove() }
        let harness = try SheetsHarness(fixtures: set.path)
        let token = try harness.token()
        let sheets = harness.sheets
        let request = HTTPRequest(method: "GET", target: "/v4/spreadsheets/\(Self.id)/values/Log", headers: ["Authorization": "Bearer " + token])
        let expected = sheets.handle(request).body
        let bodies = await withTaskGroup(of: [UInt8].self) { group in
            for _ in 0..<16 { group.addTask { sheets.handle(request).body } }
            var all: [[UInt8]] = []
            for await body in group { all.append(body) }
            return all
        }
        #expect(bodies.count == 16)
        #expect(bodies.allSatisfy { $0 == expected })
    }
}
