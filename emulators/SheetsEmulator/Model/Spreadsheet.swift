/// A spreadsheet loaded from fixtures: properties and sheets. Immutable, so any thread may read it.
struct Spreadsheet: Sendable {
    let id: String
    let title: String
    let locale: String
    let timeZone: String
    let sheets: [Sheet]

    /// The sheet titled `name`: an exact match, else one differing only in case (Sheets treats titles
    /// case-insensitively and keeps them unique that way).
    func sheetIndex(named name: String) -> Int? {
        if let exact = sheets.firstIndex(where: { $0.title == name }) { return exact }
        let lowered = name.lowercased()
        return sheets.firstIndex { $0.title.lowercased() == lowered }
    }

    /// Resolves an A1 range as `values.get` receives it: the sheet (first when unnamed), open sides
    /// to the grid's edge, the far corner clamped.
    func resolve(_ text: String) -> Result<GridRange, RangeProblem> {
        guard let parsed = A1Range(text) else { return .failure(.unparseable(text)) }
        var index = 0
        if let name = parsed.sheetName {
            guard let found = sheetIndex(named: name) else { return .failure(.unparseable(text)) }
            index = found
        }
        let sheet = sheets[index]
        guard let cells = parsed.cells else {
            return .success(GridRange(sheetIndex: index, startRow: 0, endRow: sheet.rowCount, startColumn: 0, endColumn: sheet.columnCount))
        }
        guard let bounds = cells.resolve(rows: sheet.rowCount, columns: sheet.columnCount) else {
            return .failure(.exceedsGrid(
                range: SheetTitleQuoting.quoted(sheet.title) + "!" + parsed.cellText,
                rows: sheet.rowCount, columns: sheet.columnCount))
        }
        return .success(GridRange(
            sheetIndex: index, startRow: bounds.startRow, endRow: bounds.endRow,
            startColumn: bounds.startColumn, endColumn: bounds.endColumn))
    }
}
