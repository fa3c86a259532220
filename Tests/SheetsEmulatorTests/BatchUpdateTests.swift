import DrydockCore
import DrydockHTTP
import Testing
@testable import SheetsEmulator

/// `spreadsheets.batchUpdate` request kinds, replies in order, all-or-nothing; `spreadsheets.create`.
@Suite struct BatchUpdateTests {
    static let base = "/v4/spreadsheets/\(TripSheet.id)"

    func withHarness<T>(_ body: (SheetsHarness) throws -> T) throws -> T {
        let set = try TripSheet.fixtures()
        defer { set.remove() }
        return try body(SheetsHarness(fixtures: set.path))
    }

    func batch(_ harness: SheetsHarness, _ requests: [JSONValue], extra: [(String, JSONValue)] = []) throws -> JSONValue {
        try harness.write("POST", Self.base + ":batchUpdate", .object([("requests", .array(requests))] + extra))
    }

    func batchError(_ harness: SheetsHarness, _ requests: [JSONValue]) throws -> String {
        try harness.failure("POST", Self.base + ":batchUpdate", .object([("requests", .array(requests))]))
    }

    func titles(_ harness: SheetsHarness) throws -> [String] {
        try harness.json(Self.base)["sheets"]?.arrayValue?.compactMap { $0["properties"]?["title"]?.stringValue } ?? []
    }

    @Test func addSheetRepliesWithItsPropertiesInOrder() throws {
        try withHarness { harness in
            let body = try batch(harness, [
                ["addSheet": ["properties": ["title": "Ledger", "gridProperties": ["rowCount": 50, "columnCount": 5]]]],
                ["autoResizeDimensions": ["dimensions": ["sheetId": 0, "dimension": "COLUMNS"]]],
                ["addSheet": ["properties": ["sheetId": 99, "index": 0]]],
            ])
            let replies = try #require(body["replies"]?.arrayValue)
            #expect(replies.count == 3)
            #expect(replies[0]["addSheet"]?["properties"]?["title"] == "Ledger")
            #expect(replies[0]["addSheet"]?["properties"]?["index"] == 3)
            #expect(replies[0]["addSheet"]?["properties"]?["gridProperties"] == ["rowCount": 50, "columnCount": 5])
            #expect(replies[1] == [:])
            #expect(replies[2]["addSheet"]?["properties"]?["sheetId"] == 99)
            #expect(replies[2]["addSheet"]?["properties"]?["title"] == "Sheet5")
            #expect(try titles(harness) == ["Sheet5", "August", "Captain's Notes", "Empty", "Ledger"])
            // The new sheet takes values.
            _ = try harness.write("PUT", Self.base + "/values/Ledger!A1?valueInputOption=RAW", ["values": [["ok"]]])
        }
    }

    @Test func duplicateTitlesAndUnknownIdsAreSheetsErrors() throws {
        try withHarness { harness in
            #expect(try batchError(harness, [["addSheet": ["properties": ["title": "august"]]]])
                == "Invalid requests[0].addSheet: A sheet with the name \"august\" already exists. Please enter another name.")
            #expect(try batchError(harness, [["addSheet": ["properties": ["title": "New"]]], ["deleteSheet": ["sheetId": 12345]]])
                == "Invalid requests[1].deleteSheet: No sheet with id: 12345")
            // The first request was not kept: a batch is all or nothing.
            let after = try titles(harness)
            #expect(!after.contains("New"))
            #expect(try batchError(harness, [["updateSheetProperties": ["properties": ["sheetId": 5, "title": "x"], "fields": "title"]]])
                == "Invalid requests[0].updateSheetProperties: No sheet with id: 5")
        }
    }

    @Test func unknownAndUnmodelledKindsAre400() throws {
        try withHarness { harness in
            #expect(try batchError(harness, [["addSheets": [:]]]) == "Invalid JSON payload received. Unknown name \"addSheets\" at 'requests[0]': Cannot find field.")
            let message = try batchError(harness, [["addChart": ["chart": [:]]]])
            #expect(message.hasPrefix("Invalid requests[0].addChart: addChart is not modelled by the Drydock emulator"))
        }
    }

    @Test func deleteAndDuplicateSheets() throws {
        try withHarness { harness in
            let body = try batch(harness, [
                ["duplicateSheet": ["sourceSheetId": 0]],
                ["deleteSheet": ["sheetId": 7]],
            ])
            let copy = try #require(body["replies"]?.arrayValue?.first?["duplicateSheet"]?["properties"])
            #expect(copy["title"] == "Copy of August")
            #expect(copy["index"] == 1)
            #expect(try titles(harness) == ["August", "Copy of August", "Captain's Notes"])
            #expect(try harness.json(Self.base + "/values/'Copy of August'!G2?valueRenderOption=FORMULA")["values"] == [["=D2-E2"]])
            #expect(try batchError(harness, [["deleteSheet": ["sheetId": 0]], ["deleteSheet": ["sheetId": 42]], ["deleteSheet": ["sheetId": copy["sheetId"] ?? 0]]])
                == "Invalid requests[2].deleteSheet: You can't remove all the sheets in a document.")
        }
    }

    @Test func updateSheetAndSpreadsheetProperties() throws {
        try withHarness { harness in
            _ = try batch(harness, [
                ["updateSheetProperties": ["properties": ["sheetId": 7, "title": "Totals", "gridProperties": ["rowCount": 40, "frozenRowCount": 2]],
                                           "fields": "title,gridProperties.rowCount,gridProperties.frozenRowCount"]],
                ["updateSpreadsheetProperties": ["properties": ["title": "Renamed", "locale": "en_GB"], "fields": "title"]],
            ])
            let spreadsheet = try harness.json(Self.base)
            #expect(spreadsheet["properties"]?["title"] == "Renamed")
            #expect(spreadsheet["properties"]?["locale"] == "en_US")
            let totals = spreadsheet["sheets"]?.arrayValue?[2]["properties"]
            #expect(totals?["title"] == "Totals")
            #expect(totals?["gridProperties"] == ["rowCount": 40, "columnCount": 4, "frozenRowCount": 2])
        }
    }

    @Test func updateCellsWritesValuesFormulasAndFormats() throws {
        try withHarness { harness in
            _ = try batch(harness, [
                ["updateCells": [
                    "start": ["sheetId": 7, "rowIndex": 0, "columnIndex": 0],
                    "rows": [
                        ["values": [["userEnteredValue": ["numberValue": 1250]], ["userEnteredValue": ["stringValue": "=not a formula"]]]],
                        ["values": [["userEnteredValue": ["formulaValue": "=A1*2"], "userEnteredFormat": ["numberFormat": ["type": "CURRENCY"]]],
                                    ["userEnteredValue": ["boolValue": true]]]],
                    ],
                    "fields": "userEnteredValue,userEnteredFormat.numberFormat",
                ]],
            ])
            #expect(try harness.json(Self.base + "/values/Empty!A1:B2")["values"] == [["1250", "=not a formula"], ["$2,500.00", "TRUE"]])
            let outside = try batchError(harness, [["updateCells": ["start": ["sheetId": 7, "rowIndex": 19, "columnIndex": 0],
                                                                    "rows": [["values": [[:]]], ["values": [[:]]]], "fields": "*"]]])
            #expect(outside == "Invalid requests[0].updateCells: Range (Empty!A20) exceeds grid limits. Max rows: 20, max columns: 4")
        }
    }

    @Test func repeatCellAndAppendCells() throws {
        try withHarness { harness in
            _ = try batch(harness, [
                ["repeatCell": ["range": ["sheetId": 7, "startRowIndex": 0, "endRowIndex": 2, "startColumnIndex": 0, "endColumnIndex": 2],
                                "cell": ["userEnteredValue": ["numberValue": .number("0.5")], "userEnteredFormat": ["numberFormat": ["type": "PERCENT", "pattern": "0%"]]],
                                "fields": "userEnteredValue,userEnteredFormat"]],
                ["appendCells": ["sheetId": 7, "rows": [["values": [["userEnteredValue": ["stringValue": "after"]]]]], "fields": "userEnteredValue"]],
            ])
            #expect(try harness.json(Self.base + "/values/Empty")["values"] == [["50%", "50%"], ["50%", "50%"], ["after"]])
        }
    }

    @Test func dimensionsAppendInsertAndDelete() throws {
        try withHarness { harness in
            _ = try harness.write("PUT", Self.base + "/values/Empty!A1?valueInputOption=RAW", ["values": [["a", "b"], ["c", "d"]]])
            _ = try batch(harness, [
                ["appendDimension": ["sheetId": 7, "dimension": "ROWS", "length": 5]],
                ["insertDimension": ["range": ["sheetId": 7, "dimension": "ROWS", "startIndex": 1, "endIndex": 2]]],
                ["insertDimension": ["range": ["sheetId": 7, "dimension": "COLUMNS", "startIndex": 0, "endIndex": 1]]],
                ["deleteDimension": ["range": ["sheetId": 7, "dimension": "COLUMNS", "startIndex": 2, "endIndex": 3]]],
            ])
            #expect(try harness.json(Self.base + "/values/Empty")["values"] == [["", "a"], [], ["", "c"]])
            let grid = try harness.json(Self.base)["sheets"]?.arrayValue?[2]["properties"]?["gridProperties"]
            #expect(grid == ["rowCount": 26, "columnCount": 4])
        }
    }

    @Test func namedRangesWorkInA1LookupsAndFormulas() throws {
        try withHarness { harness in
            let body = try batch(harness, [
                ["addNamedRange": ["namedRange": ["name": "Fares", "range": ["sheetId": 0, "startRowIndex": 1, "endRowIndex": 4, "startColumnIndex": 3, "endColumnIndex": 4]]]],
            ])
            let id = try #require(body["replies"]?.arrayValue?.first?["addNamedRange"]?["namedRange"]?["namedRangeId"]?.stringValue)
            #expect(try harness.json(Self.base + "/values/Fares")["values"] == [["$1,250.00"], ["$980.25"], ["$0.00"]])
            #expect(try harness.json(Self.base + "/values/Fares")["range"] == "August!D2:D4")
            #expect(try harness.json(Self.base)["namedRanges"]?.arrayValue?.first?["name"] == "Fares")
            // In formulas too, recalculated when the named cells change.
            _ = try harness.write("PUT", Self.base + "/values/Empty!A1?valueInputOption=USER_ENTERED", ["values": [["=SUM(Fares)", "=Nameless+1"]]])
            #expect(try harness.json(Self.base + "/values/Empty!A1:B1?valueRenderOption=UNFORMATTED_VALUE")["values"] == [[.number("2230.25"), "#NAME?"]])
            _ = try harness.write("PUT", Self.base + "/values/August!D4?valueInputOption=RAW", ["values": [[100]]])
            #expect(try harness.json(Self.base + "/values/Empty!A1?valueRenderOption=UNFORMATTED_VALUE")["values"] == [[.number("2330.25")]])
            _ = try batch(harness, [["deleteNamedRange": ["namedRangeId": .string(id)]]])
            #expect(try harness.get(Self.base + "/values/Fares").status == 400)
            #expect(try harness.json(Self.base + "/values/Empty!A1")["values"] == [["#NAME?"]])
        }
    }

    @Test func mergesValidationAndProtectedRangesAreStored() throws {
        try withHarness { harness in
            let body = try batch(harness, [
                ["mergeCells": ["range": ["sheetId": 7, "startRowIndex": 0, "endRowIndex": 1, "startColumnIndex": 0, "endColumnIndex": 2], "mergeType": "MERGE_ALL"]],
                ["setDataValidation": ["range": ["sheetId": 7, "startRowIndex": 0, "endRowIndex": 5], "rule": ["condition": ["type": "BOOLEAN"]]]],
                ["addProtectedRange": ["protectedRange": ["range": ["sheetId": 7], "description": "locked", "warningOnly": true]]],
            ])
            let protected = body["replies"]?.arrayValue?[2]["addProtectedRange"]?["protectedRange"]
            #expect(protected?["description"] == "locked")
            #expect(protected?["protectedRangeId"]?.intValue != nil)
            let sheet = try harness.json(Self.base)["sheets"]?.arrayValue?[2]
            #expect(sheet?["merges"] == [["sheetId": 7, "endRowIndex": 1, "endColumnIndex": 2]])
            #expect(sheet?["protectedRanges"]?.arrayValue?.count == 1)
            _ = try batch(harness, [["unmergeCells": ["range": ["sheetId": 7]]]])
            #expect(try harness.json(Self.base)["sheets"]?.arrayValue?[2]["merges"] == nil)
        }
    }

    @Test func includeSpreadsheetInResponse() throws {
        try withHarness { harness in
            let body = try batch(harness, [["addSheet": ["properties": ["title": "X"]]]], extra: [
                ("includeSpreadsheetInResponse", true), ("responseRanges", ["X!A1"]), ("responseIncludeGridData", true),
            ])
            #expect(body["updatedSpreadsheet"]?["sheets"]?.arrayValue?.count == 1)
            #expect(body["updatedSpreadsheet"]?["sheets"]?.arrayValue?.first?["data"] != nil)
        }
    }

    @Test func readonlyScopeCannotBatchUpdate() throws {
        try withHarness { harness in
            let response = try harness.send("POST", Self.base + ":batchUpdate", ["requests": []], bearer: harness.token(Tokens.sheetsReader))
            #expect(response.status == 403)
        }
    }

    @Test func createMakesANewSpreadsheet() throws {
        try withHarness { harness in
            let created = try harness.write("POST", "/v4/spreadsheets", [
                "properties": ["title": "Fresh"],
                "sheets": [["properties": ["title": "Data"], "data": [["rowData": [["values": [["userEnteredValue": ["stringValue": "hi"]]]]]]]]],
            ])
            let id = try #require(created["spreadsheetId"]?.stringValue)
            #expect(id == "1DrYdOcKnEwShEeT0000000000000000000000000001")
            #expect(created["properties"]?["title"] == "Fresh")
            #expect(created["sheets"]?.arrayValue?.first?["properties"]?["title"] == "Data")
            #expect(try harness.json("/v4/spreadsheets/\(id)/values/Data")["values"] == [["hi"]])
            let plain = try harness.write("POST", "/v4/spreadsheets", [:])
            #expect(plain["properties"]?["title"] == "Untitled spreadsheet")
            #expect(plain["sheets"]?.arrayValue?.first?["properties"]?["title"] == "Sheet1")
            #expect(plain["spreadsheetId"] == "1DrYdOcKnEwShEeT0000000000000000000000000002")
            harness.sheets.reset()
            #expect(try harness.get("/v4/spreadsheets/\(id)").status == 404)
        }
    }

    @Test func dataFilterVariants() throws {
        try withHarness { harness in
            let read = try harness.write("POST", Self.base + "/values:batchGetByDataFilter", [
                "dataFilters": [["a1Range": "August!B2:B3"], ["gridRange": ["sheetId": 42, "startRowIndex": 0, "endRowIndex": 1]], ["developerMetadataLookup": ["metadataKey": "x"]]],
            ])
            let ranges = try #require(read["valueRanges"]?.arrayValue)
            #expect(ranges.count == 2)
            #expect(ranges[0]["valueRange"]?["values"] == [["Osprey"], ["Heron"]])
            #expect(ranges[1]["valueRange"]?["range"] == "'Captain''s Notes'!A1:E1")
            #expect(ranges[1]["dataFilters"] == [["gridRange": ["sheetId": 42, "startRowIndex": 0, "endRowIndex": 1]]])
            let written = try harness.write("POST", Self.base + "/values:batchUpdateByDataFilter", [
                "valueInputOption": "USER_ENTERED",
                "data": [["dataFilter": ["gridRange": ["sheetId": 7, "startRowIndex": 0, "endRowIndex": 1, "startColumnIndex": 0, "endColumnIndex": 2]], "values": [["1", "=A1+1"]]]],
            ])
            #expect(written["totalUpdatedCells"] == 2)
            #expect(written["responses"]?.arrayValue?.first?["updatedRange"] == "Empty!A1:B1")
            #expect(written["responses"]?.arrayValue?.first?["dataFilter"] != nil)
            #expect(try harness.json(Self.base + "/values/Empty!B1")["values"] == [["2"]])
            let cleared = try harness.write("POST", Self.base + "/values:batchClearByDataFilter", ["dataFilters": [["a1Range": "Empty!A1:B1"]]])
            #expect(cleared["clearedRanges"] == ["Empty!A1:B1"])
            #expect(try harness.failure("POST", Self.base + "/values:batchGetByDataFilter", ["dataFilters": [["gridRange": ["sheetId": 555]]]])
                == "No grid with id: 555")
        }
    }

    @Test func developerMetadataCreateGetSearchAndFilter() throws {
        try withHarness { harness in
            let body = try batch(harness, [
                ["createDeveloperMetadata": ["developerMetadata": ["metadataKey": "ledger", "metadataValue": "rows", "visibility": "DOCUMENT",
                                                                   "location": ["dimensionRange": ["sheetId": 0, "dimension": "ROWS", "startIndex": 1, "endIndex": 3]]]]],
                ["createDeveloperMetadata": ["developerMetadata": ["metadataKey": "owner", "visibility": "PROJECT", "location": ["spreadsheet": true]]]],
            ])
            let created = try #require(body["replies"]?.arrayValue?.first?["createDeveloperMetadata"]?["developerMetadata"])
            let id = try #require(created["metadataId"]?.intValue)
            #expect(created["location"]?["locationType"] == "ROW")
            #expect(try harness.write("GET", Self.base + "/developerMetadata/\(id)") == created)
            #expect(try harness.failure("GET", Self.base + "/developerMetadata/424242", status: 404) == "No developer metadata with ID: 424242")
            let found = try harness.write("POST", Self.base + "/developerMetadata:search", ["dataFilters": [["developerMetadataLookup": ["metadataKey": "owner"]]]])
            #expect(found["matchedDeveloperMetadata"]?.arrayValue?.count == 1)
            #expect(found["matchedDeveloperMetadata"]?.arrayValue?.first?["developerMetadata"]?["location"]?["spreadsheet"] == true)
            let none = try harness.write("POST", Self.base + "/developerMetadata:search", ["dataFilters": [["developerMetadataLookup": ["metadataKey": "nope"]]]])
            #expect(none == [:])
            let rows = try harness.write("POST", Self.base + "/values:batchGetByDataFilter", ["dataFilters": [["developerMetadataLookup": ["metadataKey": "ledger"]]]])
            #expect(rows["valueRanges"]?.arrayValue?.first?["valueRange"]?["range"] == "August!A2:Z3")
            // A read-only token may not search (the discovery document lists read-write scopes only).
            let response = try harness.send("POST", Self.base + "/developerMetadata:search", ["dataFilters": []], bearer: harness.token(Tokens.sheetsReader))
            #expect(response.status == 403)
        }
    }

    @Test func copyToAnotherSpreadsheetAndGetByDataFilter() throws {
        try withHarness { harness in
            let created = try harness.write("POST", "/v4/spreadsheets", ["properties": ["title": "Target"]])
            let target = try #require(created["spreadsheetId"]?.stringValue)
            let copied = try harness.write("POST", Self.base + "/sheets/0:copyTo", ["destinationSpreadsheetId": .string(target)])
            #expect(copied["title"] == "Copy of August")
            #expect(copied["index"] == 1)
            #expect(try harness.json("/v4/spreadsheets/\(target)/values/'Copy of August'!G2")["values"] == [["$939.50"]])
            #expect(try harness.failure("POST", Self.base + "/sheets/0:copyTo", ["destinationSpreadsheetId": "nope"], status: 404) == "Requested entity was not found.")
            #expect(try harness.failure("POST", Self.base + "/sheets/999:copyTo", ["destinationSpreadsheetId": .string(target)]) == "No grid with id: 999")
            let filtered = try harness.write("POST", Self.base + ":getByDataFilter", ["dataFilters": [["gridRange": ["sheetId": 42]]], "includeGridData": true])
            #expect(filtered["sheets"]?.arrayValue?.count == 1)
            #expect(filtered["sheets"]?.arrayValue?.first?["properties"]?["title"] == "Captain's Notes")
            #expect(filtered["sheets"]?.arrayValue?.first?["data"] != nil)
            let nothing = try harness.write("POST", Self.base + ":getByDataFilter", ["dataFilters": [["developerMetadataLookup": ["metadataKey": "none"]]]])
            #expect(nothing["sheets"] == [])
        }
    }
}
