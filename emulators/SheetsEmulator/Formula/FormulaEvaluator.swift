import Foundation

/// Computes a parsed formula against a spreadsheet: arithmetic, comparison, `&`, references and the
/// functions in `FormulaFunctions`. Errors travel as `CellError` (thrown, so the first error in
/// evaluation order wins, as in Sheets). Doubles cannot trap; a non-finite result becomes `#NUM!`.
/// Text results are capped at Sheets' 50,000 characters per cell, so `&` chains cannot grow memory.
struct FormulaEvaluator {
    /// A value during evaluation: a single value, or a range or array literal a function may walk.
    enum Value {
        case scalar(CellValue)
        case range(sheet: Int, GridRange)
        /// An array literal's values, row by row, errors kept in place (`{1/0, 2}`).
        case array([[CellValue]])
    }

    /// Sheets' limit on a cell's text.
    static let maximumTextLength = 50_000

    let spreadsheet: Spreadsheet
    /// The index of the sheet the formula sits on.
    let sheetIndex: Int
    /// The formula's own cell (0-based), when known: what relative R1C1 in INDIRECT counts from.
    var origin: SpillOrigin? = nil

    /// The formula's value as the cell keeps it (an error becomes `.error`); a multi-cell result is
    /// `#VALUE!` here (`evaluateSpilling` is what a cell uses).
    static func evaluate(_ expression: FormulaExpression, in spreadsheet: Spreadsheet, sheet: Int) -> CellValue {
        let evaluator = FormulaEvaluator(spreadsheet: spreadsheet, sheetIndex: sheet)
        do {
            return finite(try evaluator.scalar(evaluator.evaluate(expression)))
        } catch {
            return .error(error)
        }
    }

    /// A formula's result as a cell shows it: one value, or an array (a range of several cells, an
    /// array literal) that spills into the cells to the right and below (`Spreadsheet+Spill`).
    static func evaluateSpilling(_ expression: FormulaExpression, in spreadsheet: Spreadsheet, sheet: Int, at origin: SpillOrigin? = nil) -> FormulaResult {
        let evaluator = FormulaEvaluator(spreadsheet: spreadsheet, sheetIndex: sheet, origin: origin)
        do {
            switch try evaluator.evaluate(expression) {
            case .range(let source, let grid) where grid.rowCount > 1 || grid.columnCount > 1:
                return .spill(.range(sheet: source, grid))
            case .array(let rows) where rows.count > 1 || (rows.first?.count ?? 0) > 1:
                return .spill(.literal(rows))
            case let single:
                return .single(finite(try evaluator.scalar(single)))
            }
        } catch {
            return .single(.error(error))
        }
    }

    private static func finite(_ value: CellValue) -> CellValue {
        if case .number(let number) = value, !number.isFinite { return .error(.number("Result is not a finite number.")) }  // assumed text
        return value
    }

    func evaluate(_ expression: FormulaExpression) throws(CellError) -> Value {
        switch expression {
        case .number(let value): return .scalar(.number(value))
        case .text(let value): return .scalar(.text(value))
        case .bool(let value): return .scalar(.bool(value))
        case .reference(let reference): return try resolve(reference)
        case .name(let name):
            if let grid = spreadsheet.namedGrid(name) { return .range(sheet: grid.sheetIndex, grid) }
            // Sheets' text for a name that is no named range (assumed wording).
            throw CellError.name("Unknown range name: '\(name.uppercased())'.")
        case .negate(let inner):
            return .scalar(.number(try checked(-(try number(scalar(evaluate(inner)), function: "UMINUS", parameter: 1)), "UMINUS")))
        case .percent(let inner):
            return .scalar(.number(try number(scalar(evaluate(inner)), function: "UNARY_PERCENT", parameter: 1) / 100))
        case .binary(let op, let left, let right):
            let lhs = try scalar(evaluate(left))
            let rhs = try scalar(evaluate(right))
            return .scalar(try apply(op, lhs, rhs))
        case .call(let name, let arguments):
            return try FormulaFunctions.call(name, arguments, self)
        case .error(let error):
            throw error
        case .array(let rows):
            return try array(rows)
        }
    }

    /// An array literal's values. Rows of different lengths are Sheets' `#VALUE!` (its wording as users
    /// report it; the error type assumed).
    private func array(_ rows: [[FormulaExpression]]) throws(CellError) -> Value {
        let width = rows.first?.count ?? 0
        guard rows.allSatisfy({ $0.count == width }) else {
            throw CellError.value("In ARRAY_LITERAL, an Array Literal was missing values for one or more rows.")
        }
        var values: [[CellValue]] = []
        values.reserveCapacity(rows.count)
        for row in rows {
            var line: [CellValue] = []
            line.reserveCapacity(row.count)
            for element in row {
                do { line.append(try scalar(evaluate(element))) } catch { line.append(.error(error)) }
            }
            values.append(line)
        }
        return .array(values)
    }

    /// The non-empty values of a range or array literal, row by row (a scalar is not walked).
    func forEachValue(in value: Value, _ body: (CellValue) throws(CellError) -> Void) throws(CellError) {
        switch value {
        case .scalar: return
        case .range(let sheet, let grid): try forEachCell(sheet, grid) { _, _, cell throws(CellError) in try body(cell) }
        case .array(let rows):
            for cell in rows.joined() where cell != .empty { try body(cell) }
        }
    }

    /// A range or array used where one value is wanted (an operand, a function's scalar argument): its
    /// single cell, else `#VALUE!`. Only a whole formula's result spills (`evaluateSpilling`).
    func scalar(_ value: Value) throws(CellError) -> CellValue {
        switch value {
        case .scalar(let cell):
            if case .error(let error) = cell { throw error }
            return cell
        case .range(let sheet, let grid):
            guard grid.rowCount == 1, grid.columnCount == 1 else {
                throw CellError.value("An array value could not be found.")  // assumed text
            }
            return try scalar(.scalar(cellValue(sheet, grid.startRow, grid.startColumn)))
        case .array(let rows):
            guard rows.count == 1, rows[0].count == 1 else {
                throw CellError.value("An array value could not be found.")  // assumed text
            }
            return try scalar(.scalar(rows[0][0]))
        }
    }

    func cellValue(_ sheet: Int, _ row: Int, _ column: Int) -> CellValue {
        spreadsheet.sheets[sheet].cell(row, column).value
    }

    /// The cells of a range that hold something, row by row (cells past the data are empty and skipped).
    func forEachCell(_ sheet: Int, _ grid: GridRange, _ body: (Int, Int, CellValue) throws(CellError) -> Void) throws(CellError) {
        let rows = spreadsheet.sheets[sheet].rows
        let lastRow = min(grid.endRow, rows.count)
        guard grid.startRow < lastRow else { return }
        for row in grid.startRow..<lastRow {
            let cells = rows[row]
            let lastColumn = min(grid.endColumn, cells.count)
            guard grid.startColumn < lastColumn else { continue }
            for column in grid.startColumn..<lastColumn {
                let value = cells[column].value
                if value != .empty { try body(row, column, value) }
            }
        }
    }

    func resolve(_ reference: FormulaReference) throws(CellError) -> Value {
        var index = sheetIndex
        if let name = reference.sheet {
            guard let found = spreadsheet.sheetIndex(named: name) else {
                throw CellError.reference("Unresolved sheet name '\(name)'.")
            }
            index = found
        }
        let sheet = spreadsheet.sheets[index]
        guard let bounds = reference.cells.resolve(rows: sheet.rowCount, columns: sheet.columnCount) else {
            throw CellError.reference("Reference beyond the sheet's grid.")  // assumed text
        }
        return .range(sheet: index, GridRange(
            sheetIndex: index, startRow: bounds.startRow, endRow: bounds.endRow,
            startColumn: bounds.startColumn, endColumn: bounds.endColumn))
    }

    private func apply(_ op: FormulaOperator, _ lhs: CellValue, _ rhs: CellValue) throws(CellError) -> CellValue {
        switch op {
        case .concatenate:
            return .text(try Self.capped(text(lhs) + text(rhs), function: "CONCAT"))
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual:
            let order = Self.compare(lhs, rhs)
            switch op {
            case .equal: return .bool(order == 0)
            case .notEqual: return .bool(order != 0)
            case .less: return .bool(order < 0)
            case .lessOrEqual: return .bool(order <= 0)
            case .greater: return .bool(order > 0)
            default: return .bool(order >= 0)
            }
        case .add, .subtract, .multiply, .divide, .power:
            let a = try number(lhs, function: op.functionName, parameter: 1)
            let b = try number(rhs, function: op.functionName, parameter: 2)
            switch op {
            case .add: return .number(try checked(a + b, op.functionName))
            case .subtract: return .number(try checked(a - b, op.functionName))
            case .multiply: return .number(try checked(a * b, op.functionName))
            case .divide:
                guard b != 0 else { throw CellError.divideByZero() }
                return .number(try checked(a / b, op.functionName))
            default:
                if a == 0, b < 0 { throw CellError.divideByZero("POW") }
                if a < 0, b != b.rounded() {
                    throw CellError.number("Function POW parameter 1 value is negative and parameter 2 is not an integer.")  // assumed text
                }
                return .number(try checked(Self.power(a, b), op.functionName))
            }
        }
    }

    /// `a^b` by repeated squaring for whole exponents (exact for small integers), `exp(b·ln a)` otherwise.
    static func power(_ a: Double, _ b: Double) -> Double {
        if b == b.rounded(), abs(b) <= 1_000_000 {
            var result = 1.0
            var base = a
            var exponent = Int(abs(b))
            while exponent > 0 {
                if exponent & 1 == 1 { result *= base }
                base *= base
                exponent >>= 1
            }
            return b < 0 ? 1 / result : result
        }
        if a == 0 { return 0 }
        return Foundation.exp(b * Foundation.log(a))
    }

    func checked(_ value: Double, _ function: String) throws(CellError) -> Double {
        guard value.isFinite else { throw CellError.number("Function \(function) caused a number overflow.") }  // assumed text
        return value
    }

    /// A value as a number, the way Sheets coerces operands: booleans 1/0, blanks 0, numeric text read
    /// as typed (`"3"`, `"10%"`), other text `#VALUE!`.
    func number(_ value: CellValue, function: String, parameter: Int) throws(CellError) -> Double {
        switch value {
        case .number(let number): return number
        case .bool(let flag): return flag ? 1 : 0
        case .empty: return 0
        case .error(let error): throw error
        case .text(let text):
            if let parsed = try? UserEnteredInput.parse(text, locale: spreadsheet.localeRules), case .number(let number) = parsed.value {
                return number
            }
            throw CellError.value("Function \(function) parameter \(parameter) expects number values. But '\(text)' is a text and cannot be coerced to a number.")
        }
    }

    /// A value as text in the spreadsheet's locale (`1,5` in de_DE), as `&` and CONCATENATE join it.
    func text(_ value: CellValue) -> String {
        guard case .number = value else { return Self.text(value) }
        return spreadsheet.localeRules.localized(Self.text(value))
    }

    static func text(_ value: CellValue) -> String {
        switch value {
        case .number(let number): return GeneralFormat.render(number)
        case .text(let text): return text
        case .bool(let flag): return flag ? "TRUE" : "FALSE"
        case .empty: return ""
        case .error(let error): return error.display
        }
    }

    static func capped(_ text: String, function: String) throws(CellError) -> String {
        guard text.utf16.count <= maximumTextLength else {
            throw CellError.value("Text result of \(function) is longer than the limit of 50000 characters.")
        }
        return text
    }

    /// Sheets' ordering across types: numbers < text < booleans; text compares case-insensitively; a
    /// blank is 0 beside a number, "" beside text, FALSE beside a boolean.
    static func compare(_ lhs: CellValue, _ rhs: CellValue) -> Int {
        func rank(_ value: CellValue) -> Int {
            switch value {
            case .number, .empty, .error: return 0
            case .text: return 1
            case .bool: return 2
            }
        }
        var left = lhs
        var right = rhs
        if left == .empty { left = blank(like: right) }
        if right == .empty { right = blank(like: left) }
        switch (left, right) {
        case (.number(let a), .number(let b)): return a < b ? -1 : (a > b ? 1 : 0)
        case (.text(let a), .text(let b)):
            let x = a.lowercased(), y = b.lowercased()
            return x < y ? -1 : (x > y ? 1 : 0)
        case (.bool(let a), .bool(let b)): return a == b ? 0 : (a ? 1 : -1)
        default: return rank(left) < rank(right) ? -1 : (rank(left) > rank(right) ? 1 : 0)
        }
    }

    private static func blank(like other: CellValue) -> CellValue {
        switch other {
        case .text: return .text("")
        case .bool: return .bool(false)
        default: return .number(0)
        }
    }
}
