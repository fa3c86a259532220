import DrydockCore
import DrydockHTTP
import Testing
@testable import SheetsEmulator

/// `spreadsheets.values.get` and `values:batchGet`: layout, render options, trimming, encodings.
@Suite struct ValuesGetTests {
    static let base = "/v4/spreadsheets/\(TripSheet.id)"

    func withHarness<T>(_ body: (SheetsHarness) throws -> T) throws -> T {
        let set = try TripSheet.fixtures()
        defer { set.remove() }
        return try body(SheetsHarness(fixtures: set.path))
    }

    static let header: JSONValue = ["Date", "Boat", "Skipper", "Fare", "Fuel", "Tip", "Net"]

    @Test func formattedValuesAreTheDefault() throws {
        try withHarness { harness in
            let response = try harness.get(Self.base + "/values/August")
            #expect(response.status == 200)
            #expect(response.headers["Content-Type"] == "application/json; charset=UTF-8")
            let body = try JSONValue.parse(response.bodyText)
            #expect(body == [
                "range": "August!A1:Z1000",
                "majorDimension": "ROWS",
                "values": [
                    Self.header,
                    ["2026-08-14", "Osprey", "Reyes, Ana", "$1,250.00", "$310.50", "15%", "$939.50"],
                    ["2026-08-15", "Heron", "Kim", "$980.25", "$1,200.00", "10%", "-$219.75"],
                    ["2026-08-16", "Tern", "Said \"Sal\"", "$0.00", "$0.00", "FALSE", "$0.00"],
                    [],
                    ["", "", "multi\nline"],
                ],
            ])
        }
    }

    @Test func unformattedValuesAreJSONNumbersAndBooleans() throws {
        try withHarness { harness in
            let body = try harness.json(Self.base + "/values/August!A2:G4?valueRenderOption=UNFORMATTED_VALUE")
            #expect(body["values"] == [
                [46_248, "Osprey", "Reyes, Ana", 1250, .number("310.5"), .number("0.15"), .number("939.5")],
                [46_249, "Heron", "Kim", .number("980.25"), 1200, .number("0.1"), .number("-219.75")],
                [.number("46250.395833333336"), "Tern", "Said \"Sal\"", 0, 0, false, 0],
            ])
            // Exact number text, not just equal doubles.
            let text = try harness.get(Self.base + "/values/August!A4?valueRenderOption=UNFORMATTED_VALUE&prettyPrint=false").bodyText
            #expect(text == #"{"range":"August!A4","majorDimension":"ROWS","values":[[46250.395833333336]]}"#)
        }
    }

    @Test func formattedStringRendersDatesOnlyForUnformattedValues() throws {
        try withHarness { harness in
            let unformatted = try harness.json(Self.base + "/values/August!A2:D3?valueRenderOption=UNFORMATTED_VALUE&dateTimeRenderOption=FORMATTED_STRING")
            #expect(unformatted["values"] == [["2026-08-14", "Osprey", "Reyes, Ana", 1250], ["2026-08-15", "Heron", "Kim", .number("980.25")]])
            let serial = try harness.json(Self.base + "/values/August!A2?valueRenderOption=UNFORMATTED_VALUE&dateTimeRenderOption=SERIAL_NUMBER")
            #expect(serial["values"] == [[46_248]])
            // Ignored for FORMATTED_VALUE.
            let formatted = try harness.json(Self.base + "/values/August!A2?dateTimeRenderOption=SERIAL_NUMBER")
            #expect(formatted["values"] == [["2026-08-14"]])
            // A date typed without a fixture format keeps the format it was typed in.
            let notes = try harness.json(Self.base + "/values/'Captain''s Notes'!B2?valueRenderOption=UNFORMATTED_VALUE&dateTimeRenderOption=FORMATTED_STRING")
            #expect(notes["values"] == [["2026-08-01"]])
            #expect(try harness.json(Self.base + "/values/'Captain''s Notes'!B2?valueRenderOption=UNFORMATTED_VALUE")["values"] == [[46_235]])
        }
    }

    @Test func formulaShowsFormulasWhereTheyExist() throws {
        try withHarness { harness in
            let body = try harness.json(Self.base + "/values/August!E2:G3?valueRenderOption=FORMULA")
            #expect(body["values"] == [[.number("310.5"), .number("0.15"), "=D2-E2"], [1200, .number("0.1"), "=D3-E3"]])
            let dates = try harness.json(Self.base + "/values/August!A2:A3?valueRenderOption=FORMULA&dateTimeRenderOption=FORMATTED_STRING")
            #expect(dates["values"] == [["2026-08-14"], ["2026-08-15"]])
        }
    }

    @Test func columnsMajorDimensionTransposesAndTrims() throws {
        try withHarness { harness in
            let body = try harness.json(Self.base + "/values/August!A1:C6?majorDimension=COLUMNS")
            #expect(body["majorDimension"] == "COLUMNS")
            #expect(body["range"] == "August!A1:C6")
            #expect(body["values"] == [
                ["Date", "2026-08-14", "2026-08-15", "2026-08-16"],
                ["Boat", "Osprey", "Heron", "Tern"],
                ["Skipper", "Reyes, Ana", "Kim", "Said \"Sal\"", "", "multi\nline"],
            ])
            let wide = try harness.json(Self.base + "/values/August!F:H?majorDimension=COLUMNS")
            #expect(wide["values"] == [["Tip", "15%", "10%", "FALSE"], ["Net", "$939.50", "-$219.75", "$0.00"]])
        }
    }

    @Test func trailingEmptyCellsAndRowsAreTrimmedAndEmptyRangesHaveNoValues() throws {
        try withHarness { harness in
            let column = try harness.json(Self.base + "/values/August!B2:B")
            #expect(column == ["range": "August!B2:B1000", "majorDimension": "ROWS", "values": [["Osprey"], ["Heron"], ["Tern"]]])
            let blank = try harness.get(Self.base + "/values/August!A5:B6")
            #expect(blank.bodyText == "{\n  \"range\": \"August!A5:B6\",\n  \"majorDimension\": \"ROWS\"\n}\n")
            let pastData = try harness.json(Self.base + "/values/August!H1:H10")
            #expect(pastData == ["range": "August!H1:H10", "majorDimension": "ROWS"])
            let emptySheet = try harness.json(Self.base + "/values/Empty")
            #expect(emptySheet == ["range": "Empty!A1:D20", "majorDimension": "ROWS"])
            let leading = try harness.json(Self.base + "/values/August!B6:C6")
            #expect(leading["values"] == [["", "multi\nline"]])
        }
    }

    @Test(arguments: [
        ("%27Captain%27%27s%20Notes%27%21A1%3AB2", "'Captain''s Notes'!A1:B2"),
        ("'Captain''s%20Notes'!A1:B2", "'Captain''s Notes'!A1:B2"),
        ("Captain%27s%20Notes%21A:A", "'Captain''s Notes'!A1:A50"),
        ("August%21A1", "August!A1"),
        ("august!b2:c3", "August!B2:C3"),
    ])
    func rangesInThePathArePercentDecoded(path: String, echo: String) throws {
        try withHarness { harness in
            let range = try harness.json(Self.base + "/values/" + path)["range"]
            #expect(range == .string(echo))
        }
    }

    @Test func aPlusInThePathIsAPlus() throws {
        try withHarness { harness in
            let response = try harness.get(Self.base + "/values/August!A1+B2")
            #expect(response.status == 400)
            #expect(try JSONValue.parse(response.bodyText)["error"]?["message"] == "Unable to parse range: August!A1+B2")
        }
    }

    @Test func batchGetReadsEveryRangeInOrder() throws {
        try withHarness { harness in
            let target = Self.base + "/values:batchGet?ranges=Captain's+Notes!A1:B2&ranges=August%21B2%3AC3&ranges=Empty&valueRenderOption=UNFORMATTED_VALUE"
            let body = try harness.json(target)
            #expect(body == [
                "spreadsheetId": .string(TripSheet.id),
                "valueRanges": [
                    ["range": "'Captain''s Notes'!A1:B2", "majorDimension": "ROWS", "values": [["Note", "When"], ["Check the bilge", 46_235]]],
                    ["range": "August!B2:C3", "majorDimension": "ROWS", "values": [["Osprey", "Reyes, Ana"], ["Heron", "Kim"]]],
                    ["range": "Empty!A1:D20", "majorDimension": "ROWS"],
                ],
            ])
            #expect(try harness.json(Self.base + "/values:batchGet") == ["spreadsheetId": .string(TripSheet.id)])
        }
    }

    @Test func oneBadRangeFailsTheBatch() throws {
        try withHarness { harness in
            let response = try harness.get(Self.base + "/values:batchGet?ranges=August!A1&ranges=Nope!A1")
            #expect(response.status == 400)
            #expect(response.bodyText == "{\n  \"error\": {\n    \"code\": 400,\n    \"message\": \"Unable to parse range: Nope!A1\",\n    \"status\": \"INVALID_ARGUMENT\"\n  }\n}\n")
        }
    }

    @Test func handWrittenBodiesMatchJSONValueSerialization() throws {
        try withHarness { harness in
            for pretty in [true, false] {
                let suffix = pretty ? "" : "&prettyPrint=false"
                let single = try harness.get(Self.base + "/values/August?valueRenderOption=UNFORMATTED_VALUE" + suffix).bodyText
                #expect(single == (try JSONValue.parse(single)).serialized(pretty: pretty) + (pretty ? "\n" : ""))
                let batch = try harness.get(Self.base + "/values:batchGet?ranges=August&ranges=Empty&majorDimension=COLUMNS" + suffix).bodyText
                #expect(batch == (try JSONValue.parse(batch)).serialized(pretty: pretty) + (pretty ? "\n" : ""))
            }
        }
    }

    @Test func snakeCaseParametersAndUnspecifiedDimensionAreAccepted() throws {
        try withHarness { harness in
            let body = try harness.json(Self.base + "/values/August!D2?value_render_option=UNFORMATTED_VALUE&majorDimension=DIMENSION_UNSPECIFIED&alt=json&fields=values")
            #expect(body == ["range": "August!D2", "majorDimension": "ROWS", "values": [[1250]]])
        }
    }
}
