/// A `ValueRange` ready to write: the echoed range, the major dimension, and which cells go in each
/// line (row, or column for COLUMNS). Trailing empty cells are dropped from every line and trailing
/// empty lines from the range; empty cells before a value are `""`. No lines means no `values` key, as
/// Sheets sends it. Holds only bounds: the writer copies each cell's precomputed JSON straight from the
/// sheet, so a large read builds no intermediate arrays of text.
struct ValueRange: Sendable {
    let range: String
    let majorDimension: ReadOptions.Dimension
    let sheet: Sheet
    let grid: GridRange
    let options: ReadOptions
    /// For each line from the grid's first row (or column): the exclusive end of its cells along the
    /// other axis. A line ending at its start is empty (`[]`).
    let lineEnds: [Int]

    init(sheet: Sheet, grid: GridRange, options: ReadOptions) {
        self.sheet = sheet
        self.grid = grid
        self.options = options
        range = grid.a1(title: sheet.title)
        majorDimension = options.majorDimension
        let lastRow = min(grid.endRow, sheet.rows.count)
        var ends: [Int] = []
        switch options.majorDimension {
        case .rows:
            if grid.startRow < lastRow {
                ends.reserveCapacity(lastRow - grid.startRow)
                for row in grid.startRow..<lastRow {
                    let cells = sheet.rows[row]
                    var end = min(grid.endColumn, cells.count)
                    while end > grid.startColumn, !options.isPresent(cells[end - 1]) { end -= 1 }
                    ends.append(max(end, grid.startColumn))
                }
            }
            while let last = ends.last, last == grid.startColumn { ends.removeLast() }
        case .columns:
            let width = grid.startRow < lastRow ? sheet.rows[grid.startRow..<lastRow].map(\.count).max() ?? 0 : 0
            let lastColumn = min(grid.endColumn, width)
            if grid.startColumn < lastColumn {
                for column in grid.startColumn..<lastColumn {
                    var end = lastRow
                    while end > grid.startRow, !options.isPresent(sheet.cell(end - 1, column)) { end -= 1 }
                    ends.append(max(end, grid.startRow))
                }
            }
            while let last = ends.last, last == grid.startRow { ends.removeLast() }
        }
        lineEnds = ends
    }

    /// Where each line's cells start along the other axis.
    var lineStart: Int { majorDimension == .rows ? grid.startColumn : grid.startRow }

    /// The JSON text of cell `index` (along the other axis) of `line`.
    func fragment(line: Int, index: Int) -> String {
        switch majorDimension {
        case .rows: return options.fragment(sheet.rows[grid.startRow + line][index])
        case .columns: return options.fragment(sheet.cell(index, grid.startColumn + line))
        }
    }

    /// The cells as JSON fragments, line by line (for tests and small callers).
    var values: [[String]]? {
        guard !lineEnds.isEmpty else { return nil }
        return lineEnds.enumerated().map { line, end in (lineStart..<end).map { fragment(line: line, index: $0) } }
    }
}
