import DrydockCore
import GoogleOAuthEmulator

/// Writing values into a spreadsheet: update (a range, or from an anchor cell), append after the
/// table a range holds, and clear. Every change is checked whole before anything is written (a bad
/// value leaves the spreadsheet untouched), and formulas that depend on the written cells are recalculated.
extension Spreadsheet {
    /// Sheets' limit on the cells of all grids together.
    static let maximumCells = 10_000_000
    /// The most cells one write may carry (the emulator's limit: each cell costs memory).
    static let maximumCellsPerWrite = 1_000_000

    /// What one write changed, for `UpdateValuesResponse`.
    struct WriteOutcome {
        /// The rectangle from the anchor to the last written row and column.
        var grid: GridRange
        var rows: Int
        var columns: Int
        var cells: Int
    }

    /// Writes `values` (row-major) at `anchor`'s top-left. With `bounded`, they must fit inside `anchor`
    /// (Sheets' "Requested writing within range" 400); otherwise the grid grows to hold them.
    mutating func write(_ values: [[JSONValue]], at anchor: GridRange, bounded: Bool, input: ValueInputOption) throws(GoogleAPIError) -> WriteOutcome {
        let sheetIndex = anchor.sheetIndex
        let height = values.count
        let width = values.map(\.count).max() ?? 0
        var total = 0
        for row in values {
            total += row.count
            guard total <= Self.maximumCellsPerWrite else {
                throw GoogleAPIError.invalidArgument("A write may carry at most \(Self.maximumCellsPerWrite) values (the emulator's limit); split it into smaller ranges")
            }
        }
        if bounded {
            let range = anchor.a1(title: sheets[sheetIndex].title)
            if height > anchor.rowCount { throw GoogleAPIError.writeOutsideRange(range, row: anchor.startRow + anchor.rowCount + 1) }
            if width > anchor.columnCount {
                throw GoogleAPIError.writeOutsideRange(range, column: ColumnLetters.letters(anchor.startColumn + anchor.columnCount + 1))
            }
        }
        try grow(sheetIndex, rows: anchor.startRow + height, columns: anchor.startColumn + width)

        // Convert every value first: a bad one fails the write before any cell changes.
        let cells = try convert(values, at: anchor, input: input)

        var outcome = WriteOutcome(grid: anchor, rows: 0, columns: 0, cells: 0)
        var touchedColumns = 0
        for (rowOffset, line) in cells.enumerated() {
            var rowTouched = false
            for (columnOffset, cell) in line.enumerated() {
                guard let cell else { continue }
                sheets[sheetIndex].set(anchor.startRow + rowOffset, anchor.startColumn + columnOffset, cell)
                outcome.cells += 1
                rowTouched = true
                touchedColumns = max(touchedColumns, columnOffset + 1)
            }
            if rowTouched { outcome.rows += 1 }
        }
        outcome.columns = touchedColumns
        outcome.grid = GridRange(
            sheetIndex: sheetIndex, startRow: anchor.startRow, endRow: anchor.startRow + max(height, 1),
            startColumn: anchor.startColumn, endColumn: anchor.startColumn + max(width, 1))
        recalculate(changed: [outcome.grid])
        return outcome
    }

    /// The cells `values` become at `anchor` (nil where a value is null). Reads the sheet through a
    /// borrowed copy that ends with this call, so the write after it mutates the arrays in place.
    private func convert(_ values: [[JSONValue]], at anchor: GridRange, input: ValueInputOption) throws(GoogleAPIError) -> [[RenderedCell?]] {
        var cells: [[RenderedCell?]] = []
        cells.reserveCapacity(values.count)
        let sheet = sheets[anchor.sheetIndex]
        let locale = localeRules
        for (rowOffset, row) in values.enumerated() {
            var line: [RenderedCell?] = []
            line.reserveCapacity(row.count)
            for (columnOffset, json) in row.enumerated() {
                let existing = sheet.format(anchor.startRow + rowOffset, anchor.startColumn + columnOffset)
                line.append(try CellWriter.cell(json, input: input, existing: existing, locale: locale, at: "values[\(rowOffset)][\(columnOffset)]"))
            }
            cells.append(line)
        }
        return cells
    }

    /// Grows sheet `index` to at least `rows` × `columns`, within Sheets' 10 million cells.
    mutating func grow(_ index: Int, rows: Int, columns: Int) throws(GoogleAPIError) {
        let sheet = sheets[index]
        let newRows = max(sheet.rowCount, rows)
        let newColumns = max(sheet.columnCount, columns)
        guard newRows != sheet.rowCount || newColumns != sheet.columnCount else { return }
        guard newColumns <= ColumnLetters.maximum, newRows <= A1CellRange.maximumRow else { throw GoogleAPIError.tooManyCellsInWorkbook }
        let others = gridCells - sheet.rowCount * sheet.columnCount
        let (cells, overflow) = newRows.multipliedReportingOverflow(by: newColumns)
        guard !overflow, others + cells <= Self.maximumCells else { throw GoogleAPIError.tooManyCellsInWorkbook }
        sheets[index].rowCount = newRows
        sheets[index].columnCount = newColumns
    }

    /// The table Sheets appends to inside `range`: from the first row holding a value within the
    /// range's columns, down through the following rows that hold one, across the columns they use.
    /// A single-cell range searches from that cell to the grid's edges. nil when the range is empty.
    func table(in range: GridRange, singleCell: Bool) -> GridRange? {
        let sheet = sheets[range.sheetIndex]
        let endColumn = singleCell ? sheet.columnCount : range.endColumn
        let endRow = min(singleCell ? sheet.rowCount : range.endRow, sheet.rows.count)
        func span(_ row: Int) -> (Int, Int)? {
            let cells = sheet.rows[row]
            var first: Int?
            var last = -1
            let stop = min(endColumn, cells.count)
            guard range.startColumn < stop else { return nil }
            for column in range.startColumn..<stop where cells[column].hasValueOrFormula {
                if first == nil { first = column }
                last = column
            }
            return first.map { ($0, last) }
        }
        var row = range.startRow
        while row < endRow, span(row) == nil { row += 1 }
        guard row < endRow, let firstSpan = span(row) else { return nil }
        var table = GridRange(sheetIndex: range.sheetIndex, startRow: row, endRow: row + 1, startColumn: firstSpan.0, endColumn: firstSpan.1 + 1)
        row += 1
        while row < endRow, let next = span(row) {
            table.endRow = row + 1
            table.startColumn = min(table.startColumn, next.0)
            table.endColumn = max(table.endColumn, next.1 + 1)
            row += 1
        }
        return table
    }

    /// values.append: the table found in `range`, and the write after it (rows inserted first for INSERT_ROWS).
    mutating func append(_ values: [[JSONValue]], in range: GridRange, singleCell: Bool, input: ValueInputOption, insert: InsertDataOption) throws(GoogleAPIError) -> (table: GridRange?, outcome: WriteOutcome) {
        let table = table(in: range, singleCell: singleCell)
        let startRow = table?.endRow ?? range.startRow
        let startColumn = table?.startColumn ?? range.startColumn
        if insert == .insertRows, !values.isEmpty {
            let sheetIndex = range.sheetIndex
            try grow(sheetIndex, rows: sheets[sheetIndex].rowCount + values.count, columns: 0)
            shiftReferences(onSheet: sheetIndex, rows: true, DimensionShift(kind: .insert, start: startRow, count: values.count, limit: Self.limit(rows: true)))
            if startRow < sheets[sheetIndex].rows.count {
                sheets[sheetIndex].rows.insert(contentsOf: repeatElement([], count: values.count), at: startRow)
                sheets[sheetIndex].reindexFormulas()
            }
        }
        let anchor = GridRange(sheetIndex: range.sheetIndex, startRow: startRow, endRow: startRow + 1, startColumn: startColumn, endColumn: startColumn + 1)
        return (table, try write(values, at: anchor, bounded: false, input: input))
    }

    /// values.clear: values and formulas go, formats stay.
    mutating func clear(_ grid: GridRange) {
        let lastRow = min(grid.endRow, sheets[grid.sheetIndex].rows.count)
        if grid.startRow < lastRow {
            for row in (grid.startRow..<lastRow).reversed() {
                let width = min(grid.endColumn, sheets[grid.sheetIndex].rows[row].count)
                guard grid.startColumn < width else { continue }
                for column in (grid.startColumn..<width).reversed() {
                    let cell = sheets[grid.sheetIndex].cell(row, column)
                    guard cell.hasValueOrFormula else { continue }
                    sheets[grid.sheetIndex].set(row, column, RenderedCell(value: .empty, format: cell.format, formula: nil, locale: cell.locale))
                }
            }
        }
        recalculate(changed: [grid])
    }
}
