import DrydockCore
import GoogleOAuthEmulator

/// `POST /v4/spreadsheets`: a new spreadsheet from the body's `properties` (title "Untitled
/// spreadsheet", locale en_US and time zone Etc/GMT unless given) and `sheets` (each with
/// `properties` and optional `data` of `rowData`/`userEnteredValue`/`userEnteredFormat`); one
/// 1000 × 26 "Sheet1" when none are given. Answers the whole `Spreadsheet`. Ids are deterministic
/// (`1DrYdOcKnEwShEeT…0001`, the first free number) so tests can predict them; `reset()` forgets them.
extension SheetsEmulator {
    func createSpreadsheet(body bytes: [UInt8]) -> Result<JSONValue, GoogleAPIError> {
        do throws(GoogleAPIError) {
            let body = try RequestBody.parse(bytes)
            try body.rejectUnknown(["spreadsheetId", "properties", "sheets", "namedRanges", "developerMetadata", "dataSources", "spreadsheetUrl", "dataSourceSchedules"])
            var spreadsheet = Spreadsheet(id: "", title: "Untitled spreadsheet", locale: "en_US", timeZone: "Etc/GMT", sheets: [])
            if let properties = try body.object("properties") {
                try properties.rejectUnknown(["title", "locale", "timeZone", "autoRecalc", "defaultFormat", "iterativeCalculationSettings", "spreadsheetTheme", "importFunctionsExternalUrlAccessAllowed"])
                spreadsheet.title = try properties.string("title") ?? spreadsheet.title
                spreadsheet.locale = try properties.string("locale") ?? spreadsheet.locale
                spreadsheet.timeZone = try properties.string("timeZone") ?? spreadsheet.timeZone
            }
            let sheets = try body.array("sheets")
            if sheets.isEmpty {
                _ = try Self.unwrap { () throws -> JSONValue in
                    try StructureRequest.apply("addSheet", RequestBody(members: [("properties", ["sheetId": 0, "title": "Sheet1"])], path: "sheets[0]"), to: &spreadsheet)
                }
            }
            for (index, item) in sheets.enumerated() {
                let sheet = try RequestBody.object(item, at: "sheets[\(index)]")
                try sheet.rejectUnknown(["properties", "data"])
                var properties = sheet.value("properties") ?? [:]
                if properties["sheetId"] == nil, case .object(var members) = properties {
                    members.append(("sheetId", .number(index == 0 ? 0 : spreadsheet.newSheetID())))
                    properties = .object(members)
                }
                let reply = try Self.unwrap { () throws -> JSONValue in
                    try StructureRequest.apply("addSheet", RequestBody(members: [("properties", properties)], path: "sheets[\(index)]"), to: &spreadsheet)
                }
                guard let sheetId = reply["addSheet"]?["properties"]?["sheetId"]?.intValue,
                      let position = spreadsheet.sheetIndex(id: sheetId) else { continue }
                for (dataIndex, data) in try sheet.array("data").enumerated() {
                    let grid = try RequestBody.object(data, at: "sheets[\(index)].data[\(dataIndex)]")
                    try grid.rejectUnknown(["startRow", "startColumn", "rowData", "rowMetadata", "columnMetadata"])
                    let row = try grid.int("startRow") ?? 0
                    let column = try grid.int("startColumn") ?? 0
                    var rows: [[CellPatch]] = []
                    let mask = try CellPatch.Mask("userEnteredValue,userEnteredFormat")
                    for (rowIndex, rowItem) in try grid.array("rowData").enumerated() {
                        let rowBody = try RequestBody.object(rowItem, at: grid.location("rowData[\(rowIndex)]"))
                        var line: [CellPatch] = []
                        for (cellIndex, cell) in try rowBody.array("values").enumerated() {
                            line.append(try CellPatch(RequestBody.object(cell, at: rowBody.location("values[\(cellIndex)]")), mask: mask))
                        }
                        rows.append(line)
                    }
                    let width = rows.map(\.count).max() ?? 0
                    guard row >= 0, column >= 0 else { throw GoogleAPIError.invalidArgument("Invalid \(grid.path): startRow and startColumn must be at least 0") }  // assumed
                    try spreadsheet.grow(position, rows: row + rows.count, columns: column + width)
                    spreadsheet.patch(rows, sheet: position, row: row, column: column)
                }
            }
            let created = state.withLock { spreadsheets -> Spreadsheet in
                var number = 1
                var id = Self.createdID(number)
                while spreadsheets[id] != nil {
                    number += 1
                    id = Self.createdID(number)
                }
                spreadsheet.id = id
                spreadsheets[id] = spreadsheet
                return spreadsheet
            }
            return .success(try Self.spreadsheetJSON(created, query: SheetsQuery()))
        } catch {
            return .failure(error)
        }
    }

    /// `1DrYdOcKnEwShEeT` then the number zero-padded to 44 characters, like a real id's length.
    static func createdID(_ number: Int) -> String {
        let digits = String(number)
        return "1DrYdOcKnEwShEeT" + String(repeating: "0", count: max(0, 28 - digits.count)) + digits
    }

    /// A structural step's error as a GoogleAPIError (a `Spreadsheet.Problem` becomes a 400 with its message).
    static func unwrap(_ step: () throws -> JSONValue) throws(GoogleAPIError) -> JSONValue {
        do {
            return try step()
        } catch let error as GoogleAPIError {
            throw error
        } catch let problem as Spreadsheet.Problem {
            throw GoogleAPIError.invalidArgument(problem.message)
        } catch {
            throw GoogleAPIError.invalidArgument("\(error)")
        }
    }
}
