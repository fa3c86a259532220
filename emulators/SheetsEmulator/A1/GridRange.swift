/// A range resolved against one sheet's grid: 0-based, start inclusive, end exclusive, already clamped
/// to the grid. Sheets echoes it back in A1 form as the `range` of a `ValueRange`.
struct GridRange: Sendable, Equatable {
    /// Index into the spreadsheet's `sheets`.
    var sheetIndex: Int
    var startRow: Int
    var endRow: Int
    var startColumn: Int
    var endColumn: Int

    var rowCount: Int { endRow - startRow }
    var columnCount: Int { endColumn - startColumn }

    /// `August!A1:J20`, `'Captain''s Notes'!B2`: the quoted title, then the corners. A 1×1 range is
    /// written as a single cell, as Sheets does even when asked for `A1:A1` (reported by users, unverified here).
    func a1(title: String) -> String {
        let start = ColumnLetters.letters(startColumn + 1) + String(startRow + 1)
        var text = SheetTitleQuoting.quoted(title) + "!" + start
        if rowCount != 1 || columnCount != 1 {
            text += ":" + ColumnLetters.letters(endColumn) + String(endRow)
        }
        return text
    }
}

/// Why an A1 range could not be resolved; rendered by `GoogleAPIError.rangeError`.
enum RangeProblem: Error, Sendable, Equatable {
    /// Bad syntax or an unknown sheet: "Unable to parse range: <text>".
    case unparseable(String)
    /// The range starts outside the grid: "Range (<title>!<cells>) exceeds grid limits. Max rows: R, max columns: C".
    case exceedsGrid(range: String, rows: Int, columns: Int)
    /// The request's ranges together cover more than the emulator's cell budget (`Spreadsheet.cellBudget`).
    case tooManyCells(requested: Int, gridCells: Int, budget: Int)
}

extension A1CellRange {
    /// Resolves these cells on a `rows` × `columns` grid: open sides run to the edge, reversed corners are
    /// swapped, and the far corner is clamped. A start beyond the grid is an error (Sheets refuses it,
    /// e.g. "Range (Mass!151154:151354) exceeds grid limits. Max rows: 151000, max columns: 26").
    func resolve(rows: Int, columns: Int) -> (startRow: Int, endRow: Int, startColumn: Int, endColumn: Int)? {
        let far = end ?? start
        // Open sides run to the grid's edges: a missing start is row/column 1, a missing end the last.
        var firstRow = start.row ?? 1
        var lastRow = far.row ?? rows
        var firstColumn = start.column ?? 1
        var lastColumn = far.column ?? columns
        if firstRow > lastRow { swap(&firstRow, &lastRow) }
        if firstColumn > lastColumn { swap(&firstColumn, &lastColumn) }
        guard firstRow <= rows, firstColumn <= columns else { return nil }
        return (firstRow - 1, min(lastRow, rows), firstColumn - 1, min(lastColumn, columns))
    }
}
