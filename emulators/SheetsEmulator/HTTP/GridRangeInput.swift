import GoogleOAuthEmulator

/// Request-body shapes that name cells by sheet id and 0-based indexes: `GridRange` (half-open, open
/// sides to the grid's edge), `GridCoordinate` and `DimensionRange`.
extension RequestBody {
    /// The sheet index for `sheetId` (absent: 0), or Sheets' "No grid with id" 400.
    func sheetIndex(_ member: String = "sheetId", in spreadsheet: Spreadsheet) throws(GoogleAPIError) -> Int {
        let sheetId = try int(member) ?? 0
        guard let index = spreadsheet.sheetIndex(id: sheetId) else {
            throw GoogleAPIError.invalidArgument("No grid with id: \(sheetId)")
        }
        return index
    }

    /// This object as a `GridRange` on `spreadsheet`, clamped to the grid.
    func gridRange(in spreadsheet: Spreadsheet) throws(GoogleAPIError) -> GridRange {
        try rejectUnknown(["sheetId", "startRowIndex", "endRowIndex", "startColumnIndex", "endColumnIndex"])
        let index = try sheetIndex(in: spreadsheet)
        let sheet = spreadsheet.sheets[index]
        let startRow = try int("startRowIndex") ?? 0
        let endRow = try int("endRowIndex") ?? sheet.rowCount
        let startColumn = try int("startColumnIndex") ?? 0
        let endColumn = try int("endColumnIndex") ?? sheet.columnCount
        guard startRow >= 0, startColumn >= 0, startRow <= endRow, startColumn <= endColumn else {
            throw GoogleAPIError.invalidArgument("Invalid \(path): the start indexes must be at least 0 and not after the end indexes")  // assumed wording
        }
        guard startRow < sheet.rowCount || (startRow == endRow && startRow <= sheet.rowCount),
              startColumn < sheet.columnCount || (startColumn == endColumn && startColumn <= sheet.columnCount) else {
            throw GoogleAPIError.range(.exceedsGrid(
                range: SheetTitleQuoting.quoted(sheet.title) + "!" + ColumnLetters.letters(startColumn + 1) + String(startRow + 1),
                rows: sheet.rowCount, columns: sheet.columnCount))
        }
        return GridRange(sheetIndex: index, startRow: startRow, endRow: min(endRow, sheet.rowCount),
                         startColumn: startColumn, endColumn: min(endColumn, sheet.columnCount))
    }

    /// `{"sheetId", "dimension": ROWS|COLUMNS, "startIndex", "endIndex"}`.
    func dimensionRange(in spreadsheet: Spreadsheet) throws(GoogleAPIError) -> (sheet: Int, rows: Bool, start: Int, end: Int) {
        try rejectUnknown(["sheetId", "dimension", "startIndex", "endIndex"])
        let index = try sheetIndex(in: spreadsheet)
        let rows = try dimension()
        let start = try int("startIndex") ?? 0
        let end = try int("endIndex") ?? start
        guard start >= 0, start < end else {
            throw GoogleAPIError.invalidArgument("Invalid \(path): startIndex must be at least 0 and less than endIndex")  // assumed wording
        }
        return (index, rows, start, end)
    }

    /// `dimension`: true for ROWS, false for COLUMNS.
    func dimension() throws(GoogleAPIError) -> Bool {
        guard let value = try enumeration("dimension", ReadOptions.Dimension.self, typeName: "Dimension", unspecified: "DIMENSION_UNSPECIFIED") else {
            throw GoogleAPIError.invalidArgument("Invalid \(path): dimension must be ROWS or COLUMNS")  // assumed wording
        }
        return value == .rows
    }
}
