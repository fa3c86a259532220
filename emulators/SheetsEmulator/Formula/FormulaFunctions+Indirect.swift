/// INDIRECT(cell_reference_as_string, [is_A1_notation]): the cells a text names, read like a reference
/// written in the formula (Sheets' function list: "Returns a cell reference specified by a string";
/// `is_A1_notation`, TRUE by default, FALSE for R1C1). This is the only way R1C1 appears inside a Sheets
/// formula: references typed in formulas are A1. Relative R1C1 parts (`R[-1]C`) count from the
/// formula's own cell. A sheet prefix (`'Other sheet'!B2`) and a named range (A1 mode) work as in a
/// reference. Text that is no reference is `#REF!` (message assumed).
///
/// The cells INDIRECT reads are only known when it runs, so a formula calling it is volatile: every
/// write recalculates it, after the other formulas of that recalculation (`Recalculation.swift`).
extension FormulaFunctions {
    static func indirect(_ arguments: [FormulaExpression], _ evaluator: Evaluator) throws(CellError) -> Evaluator.Value {
        let text = evaluator.text(try evaluator.scalar(evaluator.evaluate(arguments[0])))
        var a1 = true
        if arguments.count > 1 {
            switch try evaluator.scalar(evaluator.evaluate(arguments[1])) {
            case .bool(let flag): a1 = flag
            case .number(let number): a1 = number != 0
            case .empty: a1 = false
            case .text(let other):
                throw CellError.value("Function INDIRECT parameter 2 expects boolean values. But '\(other)' is a text and cannot be coerced to a boolean.")
            case .error(let error): throw error
            }
        }
        let invalid = CellError.reference("Function INDIRECT parameter 1 value is '\(text)'. It is not a valid cell/range reference.")  // assumed text
        guard text.utf8.count <= 1_000, let (sheet, cellText) = split(text) else { throw invalid }
        let cells: A1CellRange?
        if a1 {
            cells = A1CellRange(cellText)
            if cells == nil, sheet == nil, let grid = evaluator.spreadsheet.namedGrid(text) {
                return .range(sheet: grid.sheetIndex, grid)
            }
        } else {
            let origin = evaluator.origin.map { (row: $0.row + 1, column: $0.column + 1) } ?? (row: 1, column: 1)
            cells = A1CellRange(r1c1: cellText, origin: origin)
        }
        guard let cells else { throw invalid }
        return try evaluator.resolve(FormulaReference(sheet: sheet, cells: cells))
    }

    /// `'Other sheet'!B2` → ("Other sheet", "B2"), `August!A1:B2` → ("August", "A1:B2"), `B2` → (nil, "B2").
    private static func split(_ text: String) -> (String?, String)? {
        if text.hasPrefix("'") {
            guard let (name, rest) = A1Range.quotedName(text), rest.hasPrefix("!") else { return nil }
            return (name, String(rest.dropFirst()))
        }
        guard let bang = text.lastIndex(of: "!") else { return (nil, text) }
        let name = String(text[..<bang])
        return name.isEmpty ? nil : (name, String(text[text.index(after: bang)...]))
    }
}
