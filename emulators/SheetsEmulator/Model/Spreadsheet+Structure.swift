/// Structural changes `spreadsheets.batchUpdate` makes: sheets added, removed, copied and renamed;
/// rows and columns appended, inserted and deleted. Formula references and named ranges follow the
/// cells they point at, as in Sheets (`Spreadsheet+ReferenceRewriting`), then every formula is recalculated.
extension Spreadsheet {
    /// Why a structural request cannot be applied; becomes "Invalid requests[i].kind: <message>".
    struct Problem: Error, Sendable, Equatable {
        let message: String
        init(_ message: String) { self.message = message }
    }

    /// A fresh sheet id (the emulator counts up; Sheets picks random ones).
    mutating func newSheetID() -> Int {
        while sheets.contains(where: { $0.sheetId == nextID }) { nextID += 1 }
        defer { nextID += 1 }
        return nextID
    }

    /// Keeps every sheet's `index` equal to its position.
    mutating func renumber() {
        for position in sheets.indices { sheets[position].index = position }
    }

    func checkTitle(_ title: String, except skipped: Int? = nil) throws(Problem) {
        guard !title.isEmpty else { throw Problem("The sheet name cannot be empty.") }  // assumed wording
        for (position, sheet) in sheets.enumerated() where position != skipped && sheet.title.lowercased() == title.lowercased() {
            throw Problem("A sheet with the name \"\(title)\" already exists. Please enter another name.")
        }
    }

    /// addSheet: a new empty 1000 × 26 sheet (or as given) at `index` (default: last).
    mutating func addSheet(title: String?, sheetId: Int?, index: Int?, rows: Int, columns: Int, frozenRows: Int, frozenColumns: Int) throws(Problem) -> Int {
        let id: Int
        if let sheetId {
            guard sheetId >= 0 else { throw Problem("Sheet id must be non-negative.") }  // assumed wording
            guard !sheets.contains(where: { $0.sheetId == sheetId }) else { throw Problem("Sheet with id \(sheetId) already exists.") }  // assumed wording
            id = sheetId
        } else {
            id = newSheetID()
        }
        let name = title ?? defaultTitle()
        try checkTitle(name)
        guard rows >= 1, columns >= 1, columns <= ColumnLetters.maximum else { throw Problem("The grid must have at least one row and one column.") }  // assumed
        let (cells, overflow) = rows.multipliedReportingOverflow(by: columns)
        guard !overflow, gridCells + cells <= Self.maximumCells else {
            throw Problem("This action would increase the number of cells in the workbook above the limit of 10000000 cells.")
        }
        let position = min(max(index ?? sheets.count, 0), sheets.count)
        let sheet = Sheet(sheetId: id, title: name, index: position, rowCount: rows, columnCount: columns,
                          frozenRowCount: frozenRows, frozenColumnCount: frozenColumns, rows: [])
        sheets.insert(sheet, at: position)
        renumber()
        recalculate(changed: nil)
        return position
    }

    /// "Sheet<n>" with the first n that is free.
    private func defaultTitle() -> String {
        var number = sheets.count + 1
        while sheets.contains(where: { $0.title.lowercased() == "sheet\(number)" }) { number += 1 }
        return "Sheet\(number)"
    }

    mutating func deleteSheet(at position: Int) throws(Problem) {
        guard sheets.count > 1 else { throw Problem("You can't remove all the sheets in a document.") }
        let removedId = sheets[position].sheetId
        invalidateReferences(toSheet: position)
        sheets.remove(at: position)
        namedRanges.removeAll { $0.sheetId == removedId }
        renumber()
        recalculate(changed: nil)
    }

    /// duplicateSheet: a copy with its cells, formats and formulas ("Copy of <title>" unless named).
    mutating func duplicateSheet(at source: Int, title: String?, sheetId: Int?, index: Int?) throws(Problem) -> Int {
        var copy = sheets[source]
        if let sheetId {
            guard !sheets.contains(where: { $0.sheetId == sheetId }) else { throw Problem("Sheet with id \(sheetId) already exists.") }  // assumed wording
            copy.sheetId = sheetId
        } else {
            copy.sheetId = newSheetID()
        }
        var name = title ?? "Copy of " + copy.title
        if title == nil {
            var number = 2
            while sheets.contains(where: { $0.title.lowercased() == name.lowercased() }) {
                name = "Copy \(number) of " + sheets[source].title
                number += 1
            }
        }
        try checkTitle(name)
        let (_, overflow) = gridCells.addingReportingOverflow(copy.rowCount * copy.columnCount)
        guard !overflow, gridCells + copy.rowCount * copy.columnCount <= Self.maximumCells else {
            throw Problem("This action would increase the number of cells in the workbook above the limit of 10000000 cells.")
        }
        copy.title = name
        let position = min(max(index ?? source + 1, 0), sheets.count)
        sheets.insert(copy, at: position)
        renumber()
        recalculate(changed: nil)
        return position
    }

    /// Adds `count` rows or columns at the end of sheet `index`.
    mutating func appendDimension(_ index: Int, rows: Bool, count: Int) throws(Problem) {
        guard count >= 1 else { throw Problem("length must be at least 1.") }  // assumed wording
        let sheet = sheets[index]
        let (newRows, rowOverflow) = sheet.rowCount.addingReportingOverflow(rows ? count : 0)
        let (newColumns, columnOverflow) = sheet.columnCount.addingReportingOverflow(rows ? 0 : count)
        try resize(index, rows: newRows, columns: newColumns, overflow: rowOverflow || columnOverflow)
    }

    private mutating func resize(_ index: Int, rows: Int, columns: Int, overflow: Bool) throws(Problem) {
        let sheet = sheets[index]
        let others = gridCells - sheet.rowCount * sheet.columnCount
        let (cells, product) = rows.multipliedReportingOverflow(by: columns)
        guard !overflow, !product, columns <= ColumnLetters.maximum, others + cells <= Self.maximumCells else {
            throw Problem("This action would increase the number of cells in the workbook above the limit of 10000000 cells.")
        }
        sheets[index].rowCount = rows
        sheets[index].columnCount = columns
    }

    /// insertDimension: empty rows or columns before `start`, shifting the cells after them.
    mutating func insertDimension(_ index: Int, rows: Bool, start: Int, end: Int) throws(Problem) {
        let sheet = sheets[index]
        let limit = rows ? sheet.rowCount : sheet.columnCount
        guard start <= limit else { throw Problem("Index \(start) is past the end of the grid (\(limit)).") }  // assumed wording
        let count = end - start
        try appendDimension(index, rows: rows, count: count)
        shiftReferences(onSheet: index, rows: rows, DimensionShift(kind: .insert, start: start, count: count, limit: Self.limit(rows: rows)))
        if rows {
            if start < sheets[index].rows.count {
                sheets[index].rows.insert(contentsOf: repeatElement([], count: count), at: start)
            }
        } else {
            for row in sheets[index].rows.indices where start < sheets[index].rows[row].count {
                sheets[index].rows[row].insert(contentsOf: repeatElement(RenderedCell.empty, count: count), at: start)
            }
        }
        sheets[index].reindexFormulas()
        recalculate(changed: nil)
    }

    /// deleteDimension: rows or columns `start..<end` removed (at least one must remain).
    mutating func deleteDimension(_ index: Int, rows: Bool, start: Int, end: Int) throws(Problem) {
        let sheet = sheets[index]
        let limit = rows ? sheet.rowCount : sheet.columnCount
        guard end <= limit else { throw Problem("Range exceeds the grid: \(rows ? "rows" : "columns") go up to \(limit).") }  // assumed wording
        guard end - start < limit else { throw Problem("You can't delete all the \(rows ? "rows" : "columns") on the sheet.") }
        shiftReferences(onSheet: index, rows: rows, DimensionShift(kind: .delete, start: start, count: end - start, limit: Self.limit(rows: rows)))
        if rows {
            let stop = min(end, sheets[index].rows.count)
            if start < stop { sheets[index].rows.removeSubrange(start..<stop) }
            sheets[index].rowCount -= end - start
        } else {
            for row in sheets[index].rows.indices {
                let stop = min(end, sheets[index].rows[row].count)
                if start < stop { sheets[index].rows[row].removeSubrange(start..<stop) }
            }
            sheets[index].columnCount -= end - start
        }
        while let last = sheets[index].rows.last, last.isEmpty { sheets[index].rows.removeLast() }
        sheets[index].reindexFormulas()
        recalculate(changed: nil)
    }

    /// The most rows or columns a reference can name.
    static func limit(rows: Bool) -> Int { rows ? A1CellRange.maximumRow : ColumnLetters.maximum }
}
