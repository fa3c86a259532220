/// Recomputes the formulas a write affects, in dependency order: the formula cells inside the written
/// ranges, those whose references touch them, and everything that depends on those in turn. Cells on
/// a reference cycle (and cells that depend on one) become `#REF!`, as Sheets shows a circular
/// dependency. Ordering is Kahn's algorithm over an explicit graph, so a long chain of references
/// (`A2=A1+1`, `A3=A2+1`, …) needs no recursion.
extension Spreadsheet {
    /// A formula cell: sheet index, row, column.
    struct CellPosition: Hashable, Sendable {
        let sheet: Int
        let row: Int
        let column: Int
    }

    /// Recalculates after writes to `changed` (nil: after a structural change, everything).
    mutating func recalculate(changed: [GridRange]?) {
        var formulas: [CellPosition] = []
        for (sheet, content) in sheets.enumerated() {
            for (row, columns) in content.formulaCells {
                for column in columns { formulas.append(CellPosition(sheet: sheet, row: row, column: column)) }
            }
        }
        guard !formulas.isEmpty else { return }

        // Each formula's references, resolved to grids.
        var reads: [CellPosition: [GridRange]] = [:]
        for position in formulas {
            reads[position] = resolvedReads(of: sheets[position.sheet].cell(position.row, position.column), on: position.sheet)
        }

        // Edges: a formula cell inside a grid another formula reads → that formula depends on it.
        var dependents: [CellPosition: [CellPosition]] = [:]
        for position in formulas {
            for grid in reads[position] ?? [] {
                for source in formulaCells(in: grid) {
                    dependents[source, default: []].append(position)
                }
            }
        }

        // Seeds: written formula cells and formulas reading written cells; then everything downstream.
        var dirty: Set<CellPosition> = []
        var queue: [CellPosition] = []
        for position in formulas {
            let touched: Bool
            if let changed {
                touched = changed.contains { $0.sheetIndex == position.sheet && $0.contains(row: position.row, column: position.column) }
                    || (reads[position] ?? []).contains { grid in changed.contains { $0.intersects(grid) } }
            } else {
                touched = true
            }
            if touched, dirty.insert(position).inserted { queue.append(position) }
        }
        var head = 0
        while head < queue.count {
            let position = queue[head]
            head += 1
            for next in dependents[position] ?? [] where dirty.insert(next).inserted { queue.append(next) }
        }

        // Kahn over the dirty subgraph.
        var pending: [CellPosition: Int] = [:]
        for position in dirty { pending[position] = 0 }
        for position in dirty {
            for next in dependents[position] ?? [] where dirty.contains(next) { pending[next, default: 0] += 1 }
        }
        var ready = dirty.filter { pending[$0] == 0 }.sorted { ($0.sheet, $0.row, $0.column) < ($1.sheet, $1.row, $1.column) }
        var done = 0
        while let position = ready.popLast() {
            done += 1
            let cell = sheets[position.sheet].cell(position.row, position.column)
            let value: CellValue
            if let expression = cell.expression {
                value = FormulaEvaluator.evaluate(expression, in: self, sheet: position.sheet)
            } else {
                value = .error(.parse)
            }
            sheets[position.sheet].set(position.row, position.column, cell.with(value: value))
            for next in dependents[position] ?? [] where dirty.contains(next) {
                pending[next, default: 1] -= 1
                if pending[next] == 0 { ready.append(next) }
            }
        }
        guard done < dirty.count else { return }
        // What is left sits on a cycle or downstream of one.
        for position in dirty where (pending[position] ?? 0) > 0 {
            let cell = sheets[position.sheet].cell(position.row, position.column)
            sheets[position.sheet].set(position.row, position.column, cell.with(value: .error(.circular)))
        }
    }

    /// The grids a formula cell reads (references to unknown sheets read nothing).
    private func resolvedReads(of cell: RenderedCell, on sheet: Int) -> [GridRange] {
        guard let expression = cell.expression else { return [] }
        var grids: [GridRange] = []
        for reference in expression.references {
            var index = sheet
            if let name = reference.sheet {
                guard let found = sheetIndex(named: name) else { continue }
                index = found
            }
            let target = sheets[index]
            guard let bounds = reference.cells.resolve(rows: target.rowCount, columns: target.columnCount) else { continue }
            grids.append(GridRange(sheetIndex: index, startRow: bounds.startRow, endRow: bounds.endRow,
                                   startColumn: bounds.startColumn, endColumn: bounds.endColumn))
        }
        return grids
    }

    /// The formula cells inside `grid`, walking whichever is smaller: the grid's rows or the formula rows.
    private func formulaCells(in grid: GridRange) -> [CellPosition] {
        let index = sheets[grid.sheetIndex].formulaCells
        var found: [CellPosition] = []
        func add(_ row: Int, _ columns: Set<Int>) {
            for column in columns where column >= grid.startColumn && column < grid.endColumn {
                found.append(CellPosition(sheet: grid.sheetIndex, row: row, column: column))
            }
        }
        if grid.rowCount < index.count {
            for row in grid.startRow..<grid.endRow { if let columns = index[row] { add(row, columns) } }
        } else {
            for (row, columns) in index where row >= grid.startRow && row < grid.endRow { add(row, columns) }
        }
        return found
    }
}

extension GridRange {
    func intersects(_ other: GridRange) -> Bool {
        sheetIndex == other.sheetIndex && startRow < other.endRow && other.startRow < endRow
            && startColumn < other.endColumn && other.startColumn < endColumn
    }
}
