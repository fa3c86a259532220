/// Keeping formulas and named ranges pointing at the same cells when the grid changes under them
/// (insertDimension, deleteDimension, deleteSheet, a sheet renamed), as Sheets does. Called before the
/// change, while every reference still resolves to the sheet it names; the caller recalculates after.
extension Spreadsheet {
    /// Rows or columns `shift`ed on sheet `index`: formulas reading that sheet are rewritten, named
    /// ranges, merges, validation rules and format rules on it move (one deleted whole is removed: it
    /// names nothing any more; assumed). Protected ranges stay where they were.
    mutating func shiftReferences(onSheet index: Int, rows: Bool, _ shift: DimensionShift) {
        rewriteFormulas { reference, target in
            guard target == index else { return .keep }
            guard let moved = reference.cells.shifted(shift, rows: rows) else { return .invalid }
            return moved == reference.cells ? .keep : .cells(moved)
        }
        // Merges, validation rules and the fixture's format rules move with their cells too.
        sheets[index].merges = sheets[index].merges.compactMap { $0.shifted(shift, rows: rows) }
        sheets[index].validations = sheets[index].validations.compactMap { entry in
            entry.range.shifted(shift, rows: rows).map { (range: $0, rule: entry.rule) }
        }
        sheets[index].formatRules = sheets[index].formatRules.compactMap { entry in
            entry.range.shifted(shift, rows: rows).map { (range: $0, format: entry.format) }
        }
        let sheetId = sheets[index].sheetId
        namedRanges = namedRanges.compactMap { named in
            guard named.sheetId == sheetId else { return named }
            guard let grid = named.grid.shifted(shift, rows: rows) else { return nil }
            var moved = named
            moved.grid = grid
            return moved
        }
    }

    /// Sheet `index` is about to be deleted: references to it become `#REF!`.
    mutating func invalidateReferences(toSheet index: Int) {
        rewriteFormulas { _, target in target == index ? .invalid : .keep }
    }

    /// Sheet `index` is about to be titled `title`: references naming it follow.
    mutating func renameReferences(toSheet index: Int, title: String) {
        rewriteFormulas { reference, target in
            target == index && reference.sheet != nil ? .sheet(title) : .keep
        }
    }

    /// Applies `rewrite` (given each reference and the index of the sheet it reads, nil for an unknown
    /// sheet) to every formula of every sheet, re-parsing the ones whose text changes.
    private mutating func rewriteFormulas(_ rewrite: (FormulaReference, Int?) -> FormulaReferenceRewriter.Rewrite) {
        for sheet in sheets.indices {
            for (row, columns) in sheets[sheet].formulaCells {
                for column in columns {
                    let cell = sheets[sheet].cell(row, column)
                    guard let formula = cell.formula else { continue }
                    func decide(_ reference: FormulaReference) -> FormulaReferenceRewriter.Rewrite {
                        guard reference.name == nil else { return .keep }
                        let target = reference.sheet.map { sheetIndex(named: $0) } ?? sheet
                        return rewrite(reference, target)
                    }
                    // The parsed references first: a formula the change leaves alone is not lexed again.
                    guard cell.references.contains(where: { decide($0) != .keep }) else { continue }
                    let rewritten = FormulaReferenceRewriter.rewrite(formula, locale: cell.locale, decide)
                    guard let rewritten else { continue }
                    sheets[sheet].rows[row][column] = RenderedCell(value: cell.value, format: cell.format, formula: rewritten, locale: cell.locale)
                }
            }
        }
    }
}
