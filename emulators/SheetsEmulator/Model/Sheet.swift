/// One sheet (tab) of a spreadsheet: its properties and its cells, rendered at load. Immutable.
struct Sheet: Sendable {
    let sheetId: Int
    let title: String
    let index: Int
    let rowCount: Int
    let columnCount: Int
    let frozenRowCount: Int
    let frozenColumnCount: Int
    /// Rows of cells from A1, each without trailing empty cells; rows past the data are absent.
    let rows: [[RenderedCell]]

    /// The cell at 0-based `row`, `column` (empty outside the data).
    func cell(_ row: Int, _ column: Int) -> RenderedCell {
        guard row < rows.count, column < rows[row].count else { return .empty }
        return rows[row][column]
    }
}
