/// Array results that spill. A formula whose result is several values — a range of more than one cell
/// (`=A1:B3`, a named range), an array literal (`={1,2;3,4}`), or a function handing either back
/// (`=IF(x, A1:B3, 0)`) — shows the first value in its own cell (the anchor) and fills the cells to
/// its right and below with the rest, as Sheets does:
///
/// - The spilled cells read back their values (FORMATTED_VALUE, UNFORMATTED_VALUE); FORMULA shows them
///   empty and the formula in the anchor only (assumed: they hold no entered value, as `getFormulas()`
///   in Apps Script shows them).
/// - Data in the area blocks the spill: the anchor is `#REF!` with Sheets' note "Array result was not
///   expanded because it would overwrite data in C3." (the wording users quote from Sheets), and the
///   spill appears once the blocker is cleared. Another anchor's spilled cells block too (assumed).
/// - An area past the grid's edge is `#REF!` "Result was not expanded automatically, please insert more
///   rows (851)." (wording as users quote it; Sheets does not grow the grid for a formula; the columns
///   variant and the rows-first order when both overflow are assumed). So a spill is never larger than
///   the sheet's grid (at most Sheets' 10 million cells), and the work it costs is bounded by the data:
///   cells past the last row or column holding something are never visited.
/// - An anchor whose own reads overlap its area (`=A2:A5` in A1) is a circular dependency.
///
/// Dependents of spilled cells recalculate: a change to a spill's area is fed back into
/// `recalculate` as a write to that area (a bounded number of rounds; a spill that keeps changing
/// after them sits on a cycle through its own area and becomes the circular-dependency `#REF!`).
struct SpillOrigin: Hashable, Sendable {
    let row: Int
    let column: Int
}

/// What a formula cell computes: one value, or an array to spill.
enum FormulaResult {
    case single(CellValue)
    case spill(SpillSource)
}

/// The values of an array result, read lazily: a range spills whatever its cells hold, so a spill of
/// `B:B` costs the rows holding data, not the rows of the grid.
enum SpillSource {
    case literal([[CellValue]])
    case range(sheet: Int, GridRange)

    var rows: Int {
        switch self {
        case .literal(let rows): return rows.count
        case .range(_, let grid): return grid.rowCount
        }
    }

    var columns: Int {
        switch self {
        case .literal(let rows): return rows.first?.count ?? 0
        case .range(_, let grid): return grid.columnCount
        }
    }
}

extension Spreadsheet {
    /// Rounds of "a spill changed, recalculate what reads it" before the spill counts as circular.
    static let maximumSpillRounds = 16

    /// Puts `source` at the anchor `origin` on `sheet` (whose formula reads `reads`): the anchor's own
    /// value (the first element, or the error that stops the spill) and whether any spilled cell
    /// changed. The area the spill needs is remembered either way, so writes there recalculate the anchor.
    mutating func placeSpill(_ source: SpillSource, sheet index: Int, at origin: SpillOrigin, reads: [GridRange]) -> (anchor: CellValue, changed: GridRange?) {
        let area = GridRange(sheetIndex: index, startRow: origin.row, endRow: origin.row + source.rows,
                             startColumn: origin.column, endColumn: origin.column + source.columns)
        let previous = sheets[index].spills[origin]
        sheets[index].spills[origin] = area
        let problem = spillProblem(area, origin: origin, reads: reads)
        let changed = respill(sheet: index, origin: origin, previous: previous, area: problem == nil ? area : nil, source: source)
        if let problem { return (.error(problem), changed) }
        var anchor = firstValue(of: source)
        if case .number(let number) = anchor, !number.isFinite { anchor = .error(.number("Result is not a finite number.")) }  // assumed text
        return (anchor, changed)
    }

    /// Removes the spill of the anchor at `origin` (its formula now gives one value, or is gone): the
    /// area its cells covered, if any did.
    mutating func removeSpill(sheet index: Int, at origin: SpillOrigin) -> GridRange? {
        guard let previous = sheets[index].spills.removeValue(forKey: origin) else { return nil }
        return respill(sheet: index, origin: origin, previous: previous, area: nil, source: .literal([]))
    }

    /// Removes every spilled cell and forgets every anchor (before a structural change recalculates
    /// everything: positions move, so the spills are placed again from scratch).
    mutating func removeAllSpills() {
        // Spilled cells exist only on sheets with anchors (a sheet without any is not scanned).
        let spilling = sheets.indices.filter { !sheets[$0].spills.isEmpty }
        for index in spilling {
            for origin in Array(sheets[index].spills.keys) { _ = removeSpill(sheet: index, at: origin) }
        }
        // Spilled cells whose anchor moved away with a row or column (the map is keyed by position).
        for index in spilling {
            for row in sheets[index].rows.indices.reversed() {
                for column in sheets[index].rows[row].indices.reversed() {
                    let cell = sheets[index].cell(row, column)
                    guard cell.spillOrigin != nil else { continue }
                    sheets[index].set(row, column, RenderedCell(value: .empty, format: cell.format, formula: nil, locale: cell.locale))
                }
            }
        }
    }

    /// Anchors on any sheet whose formula is gone (overwritten, cleared): their spills removed, the
    /// areas returned as changed.
    mutating func removeOrphanedSpills() -> [GridRange] {
        var changed: [GridRange] = []
        for index in sheets.indices where !sheets[index].spills.isEmpty {
            for origin in Array(sheets[index].spills.keys) where sheets[index].cell(origin.row, origin.column).formula == nil {
                if let area = removeSpill(sheet: index, at: origin) { changed.append(area) } else {
                    sheets[index].spills[origin] = nil
                }
            }
        }
        return changed
    }

    /// Why `area` cannot take the spill: past the grid, reading itself, or blocked by data.
    private func spillProblem(_ area: GridRange, origin: SpillOrigin, reads: [GridRange]) -> CellError? {
        let sheet = sheets[area.sheetIndex]
        if area.endRow > sheet.rowCount {
            return .reference("Result was not expanded automatically, please insert more rows (\(area.endRow - sheet.rowCount)).")
        }
        if area.endColumn > sheet.columnCount {
            return .reference("Result was not expanded automatically, please insert more columns (\(area.endColumn - sheet.columnCount)).")  // assumed wording
        }
        let anchorCell = GridRange(sheetIndex: area.sheetIndex, startRow: origin.row, endRow: origin.row + 1,
                                   startColumn: origin.column, endColumn: origin.column + 1)
        for read in reads where read.intersects(area) && !(read == anchorCell) {
            return .circular
        }
        let lastRow = min(area.endRow, sheet.rows.count)
        guard area.startRow < lastRow else { return nil }
        for row in area.startRow..<lastRow {
            let cells = sheet.rows[row]
            let lastColumn = min(area.endColumn, cells.count)
            guard area.startColumn < lastColumn else { continue }
            for column in area.startColumn..<lastColumn where row != origin.row || column != origin.column {
                let cell = cells[column]
                guard cell.hasValueOrFormula, cell.spillOrigin != origin else { continue }
                let name = ColumnLetters.letters(column + 1) + String(row + 1)
                return .reference("Array result was not expanded because it would overwrite data in \(name).")
            }
        }
        return nil
    }

    private func firstValue(of source: SpillSource) -> CellValue {
        switch source {
        case .literal(let rows): return rows.first?.first ?? .empty
        case .range(let sheet, let grid): return sheets[sheet].cell(grid.startRow, grid.startColumn).value
        }
    }

    /// Clears the anchor's cells of `previous` outside `area`, writes `source` into `area` (nil: no
    /// spill) and returns the part of the sheet where a spilled value changed (nil: nothing did).
    private mutating func respill(sheet index: Int, origin: SpillOrigin, previous: GridRange?, area: GridRange?, source: SpillSource) -> GridRange? {
        var changed: GridRange?
        func note(_ row: Int, _ column: Int) {
            let cell = GridRange(sheetIndex: index, startRow: row, endRow: row + 1, startColumn: column, endColumn: column + 1)
            guard var grown = changed else { changed = cell; return }
            grown.startRow = min(grown.startRow, row); grown.endRow = max(grown.endRow, row + 1)
            grown.startColumn = min(grown.startColumn, column); grown.endColumn = max(grown.endColumn, column + 1)
            changed = grown
        }
        // Old spilled cells that no longer belong (outside the new area, or no spill at all).
        if let previous {
            let lastRow = min(previous.endRow, sheets[index].rows.count)
            if previous.startRow < lastRow {
                for row in (previous.startRow..<lastRow).reversed() {
                    let lastColumn = min(previous.endColumn, sheets[index].rows[row].count)
                    guard previous.startColumn < lastColumn else { continue }
                    for column in (previous.startColumn..<lastColumn).reversed() {
                        let cell = sheets[index].rows[row][column]
                        guard cell.spillOrigin == origin, !(area?.contains(row: row, column: column) ?? false) else { continue }
                        sheets[index].set(row, column, RenderedCell(value: .empty, format: cell.format, formula: nil, locale: cell.locale))
                        note(row, column)
                    }
                }
            }
        }
        guard let area else { return changed }
        let locale = localeRules
        /// Writes one spilled value (the anchor itself keeps its formula; its value is set by the caller).
        func place(_ row: Int, _ column: Int, _ value: CellValue) {
            guard row != origin.row || column != origin.column else { return }
            let existing = sheets[index].cell(row, column)
            if existing.spillOrigin == origin, existing.value == value { return }
            if value == .empty, !existing.hasValueOrFormula { return }
            let stored: RenderedCell = value == .empty
                ? RenderedCell(value: .empty, format: existing.format, formula: nil, locale: locale)
                : .spilled(value, format: sheets[index].format(row, column), locale: locale, from: origin)
            sheets[index].set(row, column, stored)
            note(row, column)
        }
        switch source {
        case .literal(let rows):
            for (rowOffset, line) in rows.enumerated() {
                for (columnOffset, value) in line.enumerated() { place(area.startRow + rowOffset, area.startColumn + columnOffset, value) }
            }
        case .range(let sourceSheet, let grid):
            // Only the source's cells that hold data; the rest of the area is cleared of this
            // anchor's old values where the source is now empty.
            var values: [(Int, Int, CellValue)] = []
            let sourceRows = sheets[sourceSheet].rows
            let lastRow = min(grid.endRow, sourceRows.count)
            if grid.startRow < lastRow {
                for row in grid.startRow..<lastRow {
                    let lastColumn = min(grid.endColumn, sourceRows[row].count)
                    guard grid.startColumn < lastColumn else { continue }
                    for column in grid.startColumn..<lastColumn {
                        let value = sourceRows[row][column].value
                        if value != .empty { values.append((row - grid.startRow, column - grid.startColumn, value)) }
                    }
                }
            }
            let present = Set(values.map { SpillOrigin(row: $0.0, column: $0.1) })
            // This anchor's cells whose source became empty.
            let lastTarget = min(area.endRow, sheets[index].rows.count)
            if area.startRow < lastTarget {
                for row in area.startRow..<lastTarget {
                    let lastColumn = min(area.endColumn, sheets[index].rows[row].count)
                    guard area.startColumn < lastColumn else { continue }
                    for column in area.startColumn..<lastColumn where sheets[index].rows[row][column].spillOrigin == origin
                        && !present.contains(SpillOrigin(row: row - area.startRow, column: column - area.startColumn)) {
                        place(row, column, .empty)
                    }
                }
            }
            for (rowOffset, columnOffset, value) in values { place(area.startRow + rowOffset, area.startColumn + columnOffset, value) }
        }
        return changed
    }
}
