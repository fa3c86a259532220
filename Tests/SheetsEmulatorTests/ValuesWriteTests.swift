import DrydockCore
import DrydockHTTP
import GoogleOAuthEmulator
import Testing
@testable import SheetsEmulator

/// `spreadsheets.values.update`, `append`, `clear`, `batchUpdate`, `batchClear`: what is stored, what
/// is answered, and Google's errors.
@Suite struct ValuesWriteTests {
    static let base = "/v4/spreadsheets/\(TripSheet.id)"

    func withHarness<T>(_ body: (SheetsHarness) throws -> T) throws -> T {
        let set = try TripSheet.fixtures()
        defer { set.remove() }
        return try body(SheetsHarness(fixtures: set.path))
    }

    @Test func updateWritesRawValuesAndAnswersTheCounts() throws {
        try withHarness { harness in
            let body = try harness.write("PUT", Self.base + "/values/Empty!A1:C2?valueInputOption=RAW", [
                "values": [["a", 1, true], ["=1+2", "", .null]],
            ])
            #expect(body == [
                "spreadsheetId": .string(TripSheet.id),
                "updatedRange": "Empty!A1:C2",
                "updatedRows": 2,
                "updatedColumns": 3,
                "updatedCells": 5,
            ])
            let read = try harness.json(Self.base + "/values/Empty?valueRenderOption=UNFORMATTED_VALUE")
            // RAW keeps "=1+2" as text.
            #expect(read["values"] == [["a", 1, true], ["=1+2"]])
            #expect(read["range"] == "Empty!A1:D20")
        }
    }

    @Test func updateFromAnAnchorCellGrowsToTheValues() throws {
        try withHarness { harness in
            let body = try harness.write("PUT", Self.base + "/values/Empty!B2?valueInputOption=RAW", ["values": [["x", "y"], ["z"]]])
            #expect(body["updatedRange"] == "Empty!B2:C3")
            #expect(body["updatedCells"] == 3)
        }
    }

    @Test func valuesPastABoundedRangeAre400() throws {
        try withHarness { harness in
            let rows = try harness.failure("PUT", Self.base + "/values/Empty!A1:B1?valueInputOption=RAW", ["values": [["a"], ["b"]]])
            #expect(rows == "Requested writing within range [Empty!A1:B1], but tried writing to row [2]")
            let columns = try harness.failure("PUT", Self.base + "/values/Empty!A1:B2?valueInputOption=RAW", ["values": [["a", "b", "c"]]])
            #expect(columns == "Requested writing within range [Empty!A1:B2], but tried writing to column [C]")
            // Nothing was written.
            #expect(try harness.json(Self.base + "/values/Empty")["values"] == nil)
        }
    }

    @Test func valueInputOptionIsRequired() throws {
        try withHarness { harness in
            #expect(try harness.failure("PUT", Self.base + "/values/Empty!A1", ["values": [["a"]]]) == "'valueInputOption' is required but not specified")
            #expect(try harness.failure("PUT", Self.base + "/values/Empty!A1?valueInputOption=INPUT_VALUE_OPTION_UNSPECIFIED", ["values": [["a"]]])
                == "'valueInputOption' is required but not specified")
            #expect(try harness.failure("POST", Self.base + "/values/Empty!A1:append", ["values": [["a"]]]) == "'valueInputOption' is required but not specified")
            #expect(try harness.failure("POST", Self.base + "/values:batchUpdate", ["data": []]) == "'valueInputOption' is required but not specified")
            let bad = try harness.failure("PUT", Self.base + "/values/Empty!A1?valueInputOption=PARSED", ["values": [["a"]]])
            #expect(bad == "Invalid value at 'value_input_option' (type.googleapis.com/google.apps.sheets.v4.ValueInputOption), \"PARSED\"")
        }
    }

    @Test(arguments: [
        ("1250", JSONValue.number(1250), "1250"),
        ("1,250.5", .number("1250.5"), "1,250.50"),
        ("15%", .number("0.15"), "15%"),
        ("12.5%", .number("0.125"), "12.50%"),
        ("$1,250", .number(1250), "$1,250"),
        ("-$3.50", .number("-3.5"), "-$3.50"),
        ("8/14/2026", .number(46_248), "8/14/2026"),
        ("2026-08-14", .number(46_248), "2026-08-14"),
        ("9:30", .number("0.3958333333333333"), "9:30"),
        ("9:30 PM", .number("0.8958333333333334"), "9:30 PM"),
        ("8/14/2026 9:30", .number("46248.395833333336"), "8/14/2026 9:30:00"),
        ("true", .bool(true), "TRUE"),
        ("'0123", .string("0123"), "0123"),
        ("'=1+2", .string("=1+2"), "=1+2"),
        ("hello", .string("hello"), "hello"),
        ("2026-02-30", .string("2026-02-30"), "2026-02-30"),
    ])
    func userEnteredStringsAreReadAsTyped(typed: String, unformatted: JSONValue, formatted: String) throws {
        try withHarness { harness in
            _ = try harness.write("PUT", Self.base + "/values/Empty!A1?valueInputOption=USER_ENTERED", ["values": [[.string(typed)]]])
            #expect(try harness.json(Self.base + "/values/Empty!A1?valueRenderOption=UNFORMATTED_VALUE")["values"] == [[unformatted]])
            #expect(try harness.json(Self.base + "/values/Empty!A1")["values"] == [[.string(formatted)]])
        }
    }

    @Test func userEnteredFormulasAreStoredAndComputed() throws {
        try withHarness { harness in
            let body = try harness.write("PUT", Self.base + "/values/Empty!A1?valueInputOption=USER_ENTERED&includeValuesInResponse=true&responseValueRenderOption=FORMULA", [
                "values": [["2", "3", "=A1*B1"]],
            ])
            #expect(body["updatedData"] == ["range": "Empty!A1:C1", "majorDimension": "ROWS", "values": [[2, 3, "=A1*B1"]]])
            #expect(try harness.json(Self.base + "/values/Empty!C1")["values"] == [["6"]])
            // A write recalculates the formulas that read it.
            _ = try harness.write("PUT", Self.base + "/values/Empty!A1?valueInputOption=RAW", ["values": [[10]]])
            #expect(try harness.json(Self.base + "/values/Empty!C1?valueRenderOption=UNFORMATTED_VALUE")["values"] == [[30]])
        }
    }

    @Test func includeValuesInResponseRendersAsAsked() throws {
        try withHarness { harness in
            let body = try harness.write("PUT", Self.base + "/values/Empty!A1?valueInputOption=USER_ENTERED&includeValuesInResponse=true&responseValueRenderOption=UNFORMATTED_VALUE&responseDateTimeRenderOption=FORMATTED_STRING", [
                "values": [["8/14/2026", "15%"]],
            ])
            #expect(body["updatedData"]?["values"] == [["8/14/2026", .number("0.15")]])
        }
    }

    @Test func columnsMajorDimensionIsTransposed() throws {
        try withHarness { harness in
            let body = try harness.write("PUT", Self.base + "/values/Empty!A1?valueInputOption=RAW", ["majorDimension": "COLUMNS", "values": [["a", "b"], ["c"]]])
            #expect(body["updatedRange"] == "Empty!A1:B2")
            #expect(try harness.json(Self.base + "/values/Empty")["values"] == [["a", "c"], ["b"]])
        }
    }

    @Test func appendFindsTheTableAndWritesBelowIt() throws {
        try withHarness { harness in
            // August: a table A1:G4, then a blank row 5, then row 6.
            let body = try harness.write("POST", Self.base + "/values/August!A1:append?valueInputOption=USER_ENTERED", [
                "values": [["2026-08-17", "Gull", "Lee", "700", "90", "0.1", "=D5-E5"]],
            ])
            #expect(body["tableRange"] == "August!A1:G4")
            #expect(body["updates"] == [
                "spreadsheetId": .string(TripSheet.id),
                "updatedRange": "August!A5:G5",
                "updatedRows": 1,
                "updatedColumns": 7,
                "updatedCells": 7,
            ])
            // The currency format of G2:G applies to the formula's result.
            #expect(try harness.json(Self.base + "/values/August!G5")["values"] == [["$610.00"]])
        }
    }

    @Test func appendToAnEmptySheetStartsAtTheRange() throws {
        try withHarness { harness in
            let body = try harness.write("POST", Self.base + "/values/Empty!B3:append?valueInputOption=RAW", ["values": [["x"]]])
            #expect(body["tableRange"] == nil)
            #expect(body["updates"]?["updatedRange"] == "Empty!B3")
            let again = try harness.write("POST", Self.base + "/values/Empty:append?valueInputOption=RAW", ["values": [["y"], ["z"]]])
            #expect(again["tableRange"] == "Empty!B3")
            #expect(again["updates"]?["updatedRange"] == "Empty!B4:B5")
        }
    }

    @Test func appendInsertRowsShiftsTheRowsBelow() throws {
        try withHarness { harness in
            _ = try harness.write("PUT", Self.base + "/values/Empty!A1?valueInputOption=RAW", ["values": [["h"], ["1"], [], ["below"]]])
            let body = try harness.write("POST", Self.base + "/values/Empty!A1:A2:append?valueInputOption=RAW&insertDataOption=INSERT_ROWS", ["values": [["2"]]])
            #expect(body["tableRange"] == "Empty!A1:A2")
            #expect(body["updates"]?["updatedRange"] == "Empty!A3")
            #expect(try harness.json(Self.base + "/values/Empty")["values"] == [["h"], ["1"], ["2"], [], ["below"]])
            let grid = try harness.json(Self.base)["sheets"]?.arrayValue?[2]["properties"]?["gridProperties"]
            #expect(grid?["rowCount"] == 21)
        }
    }

    @Test func appendPastTheGridGrowsIt() throws {
        try withHarness { harness in
            let rows: [JSONValue] = (0..<25).map { .array([.number($0)]) }
            let body = try harness.write("POST", Self.base + "/values/Empty:append?valueInputOption=RAW", ["values": .array(rows)])
            #expect(body["updates"]?["updatedRange"] == "Empty!A1:A25")
            let grid = try harness.json(Self.base)["sheets"]?.arrayValue?[2]["properties"]?["gridProperties"]
            #expect(grid?["rowCount"] == 25)
        }
    }

    @Test func clearRemovesValuesAndFormulasButKeepsFormats() throws {
        try withHarness { harness in
            let body = try harness.write("POST", Self.base + "/values/August!A2:G2:clear")
            #expect(body == ["spreadsheetId": .string(TripSheet.id), "clearedRange": "August!A2:G2"])
            #expect(try harness.json(Self.base + "/values/August!A2:G2")["values"] == nil)
            _ = try harness.write("PUT", Self.base + "/values/August!D2?valueInputOption=RAW", ["values": [[5]]])
            #expect(try harness.json(Self.base + "/values/August!D2")["values"] == [["$5.00"]])
        }
    }

    @Test func batchUpdateWritesEveryRangeAndTotals() throws {
        try withHarness { harness in
            let body = try harness.write("POST", Self.base + "/values:batchUpdate", [
                "valueInputOption": "USER_ENTERED",
                "data": [
                    ["range": "Empty!A1", "values": [["1", "2"]]],
                    ["range": "'Captain''s Notes'!A5", "values": [["note"]]],
                ],
                "includeValuesInResponse": true,
            ])
            #expect(body["totalUpdatedRows"] == 2)
            #expect(body["totalUpdatedColumns"] == 3)
            #expect(body["totalUpdatedCells"] == 3)
            #expect(body["totalUpdatedSheets"] == 2)
            #expect(body["responses"]?.arrayValue?.count == 2)
            #expect(body["responses"]?.arrayValue?[1]["updatedRange"] == "'Captain''s Notes'!A5")
            #expect(body["responses"]?.arrayValue?[0]["updatedData"]?["values"] == [["1", "2"]])
        }
    }

    @Test func batchUpdateIsAllOrNothing() throws {
        try withHarness { harness in
            let message = try harness.failure("POST", Self.base + "/values:batchUpdate", [
                "valueInputOption": "RAW",
                "data": [
                    ["range": "Empty!A1", "values": [["kept?"]]],
                    ["range": "Empty!A1:A1", "values": [["a", "b"]]],
                ],
            ])
            #expect(message == "Requested writing within range [Empty!A1], but tried writing to column [B]")
            #expect(try harness.json(Self.base + "/values/Empty")["values"] == nil)
        }
    }

    @Test func batchClearClearsEveryRange() throws {
        try withHarness { harness in
            let body = try harness.write("POST", Self.base + "/values:batchClear", ["ranges": ["August!B2", "August!C3:C4"]])
            #expect(body == ["spreadsheetId": .string(TripSheet.id), "clearedRanges": ["August!B2", "August!C3:C4"]])
            #expect(try harness.json(Self.base + "/values/August!B2:C4")["values"] == [["", "Reyes, Ana"], ["Heron"], ["Tern"]])
        }
    }

    @Test func readonlyScopeCannotWrite() throws {
        try withHarness { harness in
            let response = try harness.send("PUT", Self.base + "/values/Empty!A1?valueInputOption=RAW", ["values": [["a"]]], bearer: harness.token(Tokens.sheetsReader))
            #expect(response.status == 403)
            let error = try JSONValue.parse(response.bodyText)["error"]
            #expect(error?["message"] == "Request had insufficient authentication scopes.")
            #expect(error?["details"]?.arrayValue?.first?["metadata"]?["method"] == "google.apps.sheets.v4.SpreadsheetsService.UpdateValues")
            #expect(response.headers["WWW-Authenticate"]?.contains("scope=\"https://www.googleapis.com/auth/drive https://www.googleapis.com/auth/drive.file https://www.googleapis.com/auth/spreadsheets\"") == true)
            // The writer may still read.
            #expect(try harness.send("GET", Self.base + "/values/Empty").status == 200)
        }
    }

    @Test func badBodiesAre400NamingTheMember() throws {
        try withHarness { harness in
            let unknown = try harness.failure("PUT", Self.base + "/values/Empty!A1?valueInputOption=RAW", ["values": [["a"]], "rows": 1])
            #expect(unknown == "Invalid JSON payload received. Unknown name \"rows\": Cannot find field.")
            let nested = try harness.failure("POST", Self.base + "/values:batchUpdate", ["valueInputOption": "RAW", "data": [["range": "A1", "value": []]]])
            #expect(nested == "Invalid JSON payload received. Unknown name \"value\" at 'data[0]': Cannot find field.")
            let response = try harness.sheets.handle(HTTPRequest(
                method: "PUT", target: Self.base + "/values/Empty!A1?valueInputOption=RAW",
                headers: ["Authorization": "Bearer " + harness.token(Tokens.sheetsWriter)], body: Array("{\"values\": [".utf8)))
            #expect(response.status == 400)
            let object = try harness.failure("PUT", Self.base + "/values/Empty!A1?valueInputOption=RAW", ["values": [[["nested": 1]]]])
            #expect(object.hasPrefix("Invalid values[0][0]: struct_value"))
            let long = String(repeating: "x", count: 50_001)
            #expect(try harness.failure("PUT", Self.base + "/values/Empty!A1?valueInputOption=RAW", ["values": [[.string(long)]]])
                == "Your input contains more than the maximum of 50000 characters in a single cell.")
        }
    }

    @Test func growingPastTenMillionCellsIs400() throws {
        try withHarness { harness in
            var spreadsheet = try #require(harness.sheets.snapshot(TripSheet.id))
            #expect(throws: GoogleAPIError.tooManyCellsInWorkbook) { try spreadsheet.grow(2, rows: 5_000_000, columns: 3) }
            #expect(throws: GoogleAPIError.tooManyCellsInWorkbook) { try spreadsheet.grow(2, rows: Int.max, columns: Int.max) }
            try spreadsheet.grow(2, rows: 100, columns: 30)
            #expect(spreadsheet.sheets[2].rowCount == 100 && spreadsheet.sheets[2].columnCount == 30)
        }
    }

    @Test func unknownSpreadsheetIs404AndResetRestoresFixtures() throws {
        try withHarness { harness in
            _ = try harness.failure("PUT", "/v4/spreadsheets/nope/values/A1?valueInputOption=RAW", ["values": [["a"]]], status: 404)
            _ = try harness.write("PUT", Self.base + "/values/Empty!A1?valueInputOption=RAW", ["values": [["a"]]])
            harness.sheets.reset()
            #expect(try harness.json(Self.base + "/values/Empty")["values"] == nil)
        }
    }
}
