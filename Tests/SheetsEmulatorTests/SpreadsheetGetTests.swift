import DrydockCore
import Testing
@testable import SheetsEmulator

/// `spreadsheets.get`: properties, sheets, `ranges` and `includeGridData`.
@Suite struct SpreadsheetGetTests {
    static let base = "/v4/spreadsheets/\(TripSheet.id)"

    func withHarness<T>(_ body: (SheetsHarness) throws -> T) throws -> T {
        let set = try TripSheet.fixtures()
        defer { set.remove() }
        return try body(SheetsHarness(fixtures: set.path))
    }

    static func sheetProperties(_ id: Int, _ title: String, _ index: Int, _ rows: Int, _ columns: Int, frozenRows: Int? = nil) -> JSONValue {
        var grid: [(String, JSONValue)] = [("rowCount", .number(rows)), ("columnCount", .number(columns))]
        if let frozenRows { grid.append(("frozenRowCount", .number(frozenRows))) }
        return ["properties": ["sheetId": .number(id), "title": .string(title), "index": .number(index), "sheetType": "GRID", "gridProperties": .object(grid)]]
    }

    @Test func returnsPropertiesAndEverySheet() throws {
        try withHarness { harness in
            let body = try harness.json(Self.base)
            #expect(body.objectValue?.map(\.0) == ["spreadsheetId", "properties", "sheets", "spreadsheetUrl"])
            #expect(body["spreadsheetId"] == .string(TripSheet.id))
            #expect(body["spreadsheetUrl"] == .string("https://docs.google.com/spreadsheets/d/\(TripSheet.id)/edit"))
            let properties = try #require(body["properties"])
            #expect(properties.objectValue?.map(\.0) == ["title", "locale", "autoRecalc", "timeZone", "defaultFormat", "spreadsheetTheme"])
            #expect(properties["title"] == "Trip Log")
            #expect(properties["locale"] == "en_US")
            #expect(properties["autoRecalc"] == "ON_CHANGE")
            #expect(properties["timeZone"] == "America/Los_Angeles")
            #expect(properties["defaultFormat"]?["textFormat"]?["fontFamily"] == "arial,sans,sans-serif")
            #expect(body["sheets"] == [
                Self.sheetProperties(0, "August", 0, 1000, 26, frozenRows: 1),
                Self.sheetProperties(42, "Captain's Notes", 1, 50, 5),
                Self.sheetProperties(7, "Empty", 2, 20, 4),
            ])
        }
    }

    @Test func rangesSelectSheetsAndBadRangesAre400() throws {
        try withHarness { harness in
            let body = try harness.json(Self.base + "?ranges=Empty!A1&ranges=%27Captain%27%27s%20Notes%27&fields=sheets.properties")
            #expect(body["sheets"]?.arrayValue?.compactMap { $0["properties"]?["title"]?.stringValue } == ["Captain's Notes", "Empty"])
            #expect(body["sheets"]?.arrayValue?.allSatisfy { $0["data"] == nil } == true)
            let bad = try harness.get(Self.base + "?ranges=NOPE!A5:F15")
            #expect(bad.status == 400)
            #expect(bad.bodyText == ErrorResponseTests.body(400, "Unable to parse range: NOPE!A5:F15", "INVALID_ARGUMENT"))
        }
    }

    @Test func includeGridDataReturnsCells() throws {
        try withHarness { harness in
            let body = try harness.json(Self.base + "?ranges=August!F2:G3&includeGridData=true")
            let sheets = try #require(body["sheets"]?.arrayValue)
            #expect(sheets.count == 1)
            let data = try #require(sheets[0]["data"]?.arrayValue)
            #expect(data.count == 1)
            #expect(data[0]["startRow"] == 1)
            #expect(data[0]["startColumn"] == 5)
            #expect(data[0]["rowMetadata"]?.arrayValue?.count == 2)
            #expect(data[0]["columnMetadata"]?.arrayValue?.first == ["pixelSize": 100])
            let first = try #require(data[0]["rowData"]?.arrayValue?.first?["values"]?.arrayValue)
            #expect(first[0] == [
                "userEnteredValue": ["numberValue": .number("0.15")],
                "effectiveValue": ["numberValue": .number("0.15")],
                "formattedValue": "15%",
                "userEnteredFormat": ["numberFormat": ["type": "PERCENT", "pattern": "0%"]],
                "effectiveFormat": ["numberFormat": ["type": "PERCENT", "pattern": "0%"]],
            ])
            #expect(first[1]["userEnteredValue"] == ["formulaValue": "=D2-E2"])
            #expect(first[1]["effectiveFormat"]?["numberFormat"]?["pattern"] == "\"$\"#,##0.00")

            let whole = try harness.json(Self.base + "?includeGridData=true")
            let empty = whole["sheets"]?.arrayValue?.last?["data"]?.arrayValue?.first
            #expect(empty?["rowData"] == nil)
            #expect(empty?["rowMetadata"]?.arrayValue?.count == 20)
            let notes = whole["sheets"]?.arrayValue?[1]["data"]?.arrayValue?.first?["rowData"]?.arrayValue
            #expect(notes?.count == 2)
            #expect(notes?[1]["values"]?.arrayValue?[1]["formattedValue"] == "2026-08-01")
        }
    }
}
