/// Recomputes the formulas a write affects, in dependency order: the formula cells inside the written
/// ranges, those whose references touch them, and everything that depends on those in turn. Cells on
/// a reference cycle (and cells that depend on one) become `#REF!`, as Sheets shows a circular
/// dependency. Ordering is Kahn's algorithm over an explicit graph, so a long chain of references
/// (`A2=A1+1`, `A3=A2+1`, …) needs no recursion.
///
/// Cost: finding what is dirty scans every formula's references as written (no allocation), for up to
/// two small waves of dependents, then builds the reverse graph once for longer chains; the evaluation
/// graph covers the dirty formulas only. A write no formula reads costs one scan.
extension Spreadsheet {
    /// A formula cell: sheet index, row, column.
    struct CellPosition: Hashable, Sendable {
        let sheet: Int
        let row: Int
        let column: Int
    }

    /// Recalculates after writes to `changed` (nil: after a structural change, everything). `round`
    /// counts the passes a changed spill has fed back (`Spreadsheet+Spill`).
    mutating func recalculate(changed written: [GridRange]?, round: Int = 0) {
        var changed = written
        if changed == nil {
            removeAllSpills()
        } else {
            changed? += removeOrphanedSpills()
        }
        var formulas: [CellPosition] = []
        for (sheet, content) in sheets.enumerated() {
            for (row, columns) in content.formulaCells {
                for column in columns { formulas.append(CellPosition(sheet: sheet, row: row, column: column)) }
            }
        }
        guard !formulas.isEmpty else { return }

        // Reads resolved to grids only where needed (the first scans use the references as written).
        var reads: [CellPosition: [GridRange]] = [:]
        var names: [String: Int?] = [:]
        func sheetOf(_ reference: FormulaReference, from sheet: Int) -> Int? {
            guard let name = reference.sheet else { return sheet }
            if let known = names[name] { return known }
            let found = sheetIndex(named: name)
            names[name] = found
            return found
        }
        /// The sheet and bounds a reference reads: as written, or a named range's grid.
        func target(_ reference: FormulaReference, from sheet: Int) -> (sheet: Int, bounds: FormulaReference.OpenBounds)? {
            if let name = reference.name {
                guard let grid = namedGrid(name) else { return nil }
                return (grid.sheetIndex, FormulaReference.OpenBounds(startRow: grid.startRow, endRow: grid.endRow, startColumn: grid.startColumn, endColumn: grid.endColumn))
            }
            guard let index = sheetOf(reference, from: sheet) else { return nil }
            return (index, reference.openBounds)
        }
        func references(_ position: CellPosition) -> [FormulaReference] {
            sheets[position.sheet].references(position.row, position.column)
        }

        // An anchor whose spill area was written to is dirty too (checked only when there are spills).
        let anySpills = sheets.contains { !$0.spills.isEmpty }
        // Dirty: formulas written or reading what was written, then in waves whatever reads a dirty formula.
        var dirty: Set<CellPosition> = []
        var frontier: [CellPosition] = []
        for position in formulas {
            let touched: Bool
            if let changed {
                touched = changed.contains { $0.sheetIndex == position.sheet && $0.contains(row: position.row, column: position.column) }
                    || (anySpills && sheets[position.sheet].spills[SpillOrigin(row: position.row, column: position.column)].map { area in
                        changed.contains { $0.intersects(area) }
                    } ?? false)
                    || references(position).contains { reference in
                        guard let (sheet, bounds) = target(reference, from: position.sheet) else { return false }
                        return changed.contains { $0.sheetIndex == sheet && $0.intersects(bounds) }
                    }
            } else {
                touched = true
            }
            if touched || sheets[position.sheet].isVolatile(position.row, position.column), dirty.insert(position).inserted { frontier.append(position) }
        }
        // A wave or two by scanning (a write few formulas read ends here); a longer chain builds the
        // whole reverse graph once instead of rescanning every formula per link.
        var waves = 0
        while !frontier.isEmpty, dirty.count < formulas.count, waves < 2, frontier.count <= 64 {
            waves += 1
            let wave = frontier
            frontier = []
            for position in formulas where !dirty.contains(position) {
                let reads = references(position).contains { reference in
                    guard let (sheet, bounds) = target(reference, from: position.sheet) else { return false }
                    return wave.contains { $0.sheet == sheet && bounds.contains(row: $0.row, column: $0.column) }
                }
                if reads {
                    dirty.insert(position)
                    frontier.append(position)
                }
            }
        }
        if !frontier.isEmpty, dirty.count < formulas.count {
            var readers: [CellPosition: [CellPosition]] = [:]
            for position in formulas where !dirty.contains(position) {
                for grid in resolvedReads(of: position) {
                    for source in formulaCells(in: grid) { readers[source, default: []].append(position) }
                }
            }
            var head = 0
            while head < frontier.count {
                let position = frontier[head]
                head += 1
                for next in readers[position] ?? [] where dirty.insert(next).inserted { frontier.append(next) }
            }
        }
        guard !dirty.isEmpty else { return }
        for position in dirty { reads[position] = resolvedReads(of: position) }

        // Edges among the dirty formulas: a dirty formula inside a grid another one reads.
        var dependents: [CellPosition: [CellPosition]] = [:]
        var pending: [CellPosition: Int] = [:]
        for position in dirty {
            pending[position, default: 0] += 0
            for grid in reads[position] ?? [] {
                for source in formulaCells(in: grid) where dirty.contains(source) {
                    dependents[source, default: []].append(position)
                    pending[position, default: 0] += 1
                }
            }
        }

        // Kahn: evaluate each formula once everything it reads is current.
        var spillChanges: [GridRange] = []
        // Volatile formulas (INDIRECT) wait until nothing else is ready: what they read is not in the
        // graph, so they run after the formulas it could be (a chain of them may still read a stale one).
        var ready = dirty.filter { pending[$0] == 0 }.sorted { ($0.sheet, $0.row, $0.column) > ($1.sheet, $1.row, $1.column) }
        var readyVolatile: [CellPosition] = []
        func nextReady() -> CellPosition? {
            while let position = ready.popLast() {
                guard sheets[position.sheet].isVolatile(position.row, position.column) else { return position }
                readyVolatile.append(position)
            }
            return readyVolatile.isEmpty ? nil : readyVolatile.removeFirst()
        }
        while let position = nextReady() {
            let cell = sheets[position.sheet].cell(position.row, position.column)
            let origin = SpillOrigin(row: position.row, column: position.column)
            var value: CellValue = .error(.parse)
            if let expression = cell.expression {
                switch FormulaEvaluator.evaluateSpilling(expression, in: self, sheet: position.sheet, at: origin) {
                case .single(let single):
                    value = single
                    if let area = removeSpill(sheet: position.sheet, at: origin) { spillChanges.append(area) }
                case .spill(let source):
                    let placed = placeSpill(source, sheet: position.sheet, at: origin, reads: reads[position] ?? [])
                    value = placed.anchor
                    if let area = placed.changed { spillChanges.append(area) }
                }
            } else if let area = removeSpill(sheet: position.sheet, at: origin) {
                spillChanges.append(area)
            }
            sheets[position.sheet].set(position.row, position.column, cell.with(value: value))
            for next in dependents[position] ?? [] {
                pending[next, default: 1] -= 1
                if pending[next] == 0 { ready.append(next) }
            }
        }
        // What is left sits on a cycle or downstream of one.
        for position in dirty where (pending[position] ?? 0) > 0 {
            let cell = sheets[position.sheet].cell(position.row, position.column)
            sheets[position.sheet].set(position.row, position.column, cell.with(value: .error(.circular)))
            if let area = removeSpill(sheet: position.sheet, at: SpillOrigin(row: position.row, column: position.column)) { spillChanges.append(area) }
        }
        guard !spillChanges.isEmpty else { return }
        // Spilled cells changed: what reads them is recalculated as after a write there.
        if round < Self.maximumSpillRounds {
            recalculate(changed: spillChanges, round: round + 1)
            return
        }
        // Still changing: a cycle through a spill's own area. Its anchors are circular.
        for area in spillChanges {
            for (origin, spill) in sheets[area.sheetIndex].spills where spill.intersects(area) {
                let cell = sheets[area.sheetIndex].cell(origin.row, origin.column)
                _ = removeSpill(sheet: area.sheetIndex, at: origin)
                sheets[area.sheetIndex].set(origin.row, origin.column, cell.with(value: .error(.circular)))
            }
        }
    }

    /// The grids a formula cell reads (references to unknown sheets read nothing).
    func resolvedReads(of position: CellPosition) -> [GridRange] {
        let references = sheets[position.sheet].references(position.row, position.column)
        var grids: [GridRange] = []
        grids.reserveCapacity(references.count)
        for reference in references {
            if let name = reference.name {
                if let grid = namedGrid(name) { grids.append(grid) }
                continue
            }
            var index = position.sheet
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

extension FormulaReference {
    /// 0-based half-open bounds as written, open sides unbounded: no grid needed, so a scan over
    /// every formula allocates nothing. (A start beyond the grid reads nothing once resolved; here it
    /// only makes a formula look dirty, which costs a recomputation, never a wrong value.)
    var openBounds: OpenBounds {
        let far = cells.end ?? cells.start
        var firstRow = cells.start.row ?? 1, lastRow = far.row ?? Int.max
        var firstColumn = cells.start.column ?? 1, lastColumn = far.column ?? Int.max
        if firstRow > lastRow { swap(&firstRow, &lastRow) }
        if firstColumn > lastColumn { swap(&firstColumn, &lastColumn) }
        return OpenBounds(startRow: firstRow - 1, endRow: lastRow, startColumn: firstColumn - 1, endColumn: lastColumn)
    }

    struct OpenBounds {
        let startRow: Int, endRow: Int, startColumn: Int, endColumn: Int

        func contains(row: Int, column: Int) -> Bool {
            row >= startRow && row < endRow && column >= startColumn && column < endColumn
        }
    }
}

extension GridRange {
    func intersects(_ bounds: FormulaReference.OpenBounds) -> Bool {
        startRow < bounds.endRow && bounds.startRow < endRow && startColumn < bounds.endColumn && bounds.startColumn < endColumn
    }

    func intersects(_ other: GridRange) -> Bool {
        sheetIndex == other.sheetIndex && startRow < other.endRow && other.startRow < endRow
            && startColumn < other.endColumn && other.startColumn < endColumn
    }
}
