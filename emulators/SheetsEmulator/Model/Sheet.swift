import DrydockCore

/// One sheet (tab) of a spreadsheet: its properties and its cells, each rendered when written.
struct Sheet: Sendable {
    var sheetId: Int
    var title: String
    var index: Int
    var rowCount: Int
    var columnCount: Int
    var frozenRowCount: Int
    var frozenColumnCount: Int
    /// Rows of cells from A1, each without trailing empty cells; rows past the data are absent.
    var rows: [[RenderedCell]]
    /// The fixture's number formats by range (later rules win), for cells that hold nothing yet.
    var formatRules: [(range: GridRange, format: NumberFormat)] = []
    /// `mergeCells` (unmerged by `unmergeCells`).
    var merges: [GridRange] = []
    /// `addProtectedRange`, stored and listed by `spreadsheets.get`.
    var protectedRanges: [JSONValue] = []
    /// `setDataValidation` rules by range (stored; not enforced on writes).
    var validations: [(range: GridRange, rule: JSONValue?)] = []
    /// Where the formula cells are (row → columns), so a recalculation need not scan every cell.
    var formulaCells: [Int: Set<Int>] = [:]
    /// The formula cells whose result is an array, with the area it needs (placed or blocked), so a
    /// write into that area recalculates the anchor (`Spreadsheet+Spill`).
    var spills: [SpillOrigin: GridRange] = [:]

    /// The cell at 0-based `row`, `column` (empty outside the data).
    func cell(_ row: Int, _ column: Int) -> RenderedCell {
        guard row >= 0, column >= 0, row < rows.count, column < rows[row].count else { return .empty }
        return rows[row][column]
    }

    /// The number format a value written at `row`, `column` takes: the cell's own, else the fixture's rule.
    func format(_ row: Int, _ column: Int) -> NumberFormat? {
        cell(row, column).format ?? formatRules.last { $0.range.contains(row: row, column: column) }?.format
    }

    /// The references of the formula at `row`, `column` (empty outside the data), read straight from the
    /// field: copying the whole cell out costs a dozen retains, which a scan over every formula feels.
    func references(_ row: Int, _ column: Int) -> [FormulaReference] {
        guard row >= 0, column >= 0, row < rows.count, column < rows[row].count else { return [] }
        return rows[row][column].references
    }

    /// Whether the formula at `row`, `column` is volatile (calls INDIRECT), read straight from the field.
    func isVolatile(_ row: Int, _ column: Int) -> Bool {
        guard row >= 0, column >= 0, row < rows.count, column < rows[row].count else { return false }
        return rows[row][column].isVolatile
    }

    /// Puts `cell` at `row`, `column` (inside the grid), keeping rows trimmed and the formula index current.
    mutating func set(_ row: Int, _ column: Int, _ cell: RenderedCell) {
        if cell.hasValueOrFormula || cell.format != nil {
            if row >= rows.count { rows.append(contentsOf: repeatElement([], count: row - rows.count + 1)) }
            if column >= rows[row].count {
                rows[row].append(contentsOf: repeatElement(.empty, count: column - rows[row].count + 1))
            }
            rows[row][column] = cell
        } else if row < rows.count, column < rows[row].count {
            rows[row][column] = cell
            while let last = rows[row].last, !last.hasValueOrFormula, last.format == nil { rows[row].removeLast() }
            while let last = rows.last, last.isEmpty { rows.removeLast() }
        }
        if cell.formula != nil {
            formulaCells[row, default: []].insert(column)
        } else if formulaCells[row]?.remove(column) != nil, formulaCells[row]?.isEmpty == true {
            formulaCells[row] = nil
        }
    }

    /// Rebuilds `formulaCells` from the rows (after a load or a structural change).
    mutating func reindexFormulas() {
        formulaCells = [:]
        for (row, cells) in rows.enumerated() {
            for (column, cell) in cells.enumerated() where cell.formula != nil {
                formulaCells[row, default: []].insert(column)
            }
        }
    }

    /// The number of formula cells.
    var formulaCount: Int { formulaCells.values.reduce(0) { $0 + $1.count } }
}
