/// The spreadsheet functions the emulator computes. Any other name evaluates to `#NAME?` with
/// Sheets' "Unknown function" message; a wrong argument count to `#N/A` with Sheets' wording.
enum FormulaFunctions {
    /// Name → (fewest, most) arguments; nil most means any number.
    static let arity: [String: (Int, Int?)] = [
        "SUM": (1, nil), "AVERAGE": (1, nil), "MIN": (1, nil), "MAX": (1, nil), "COUNT": (1, nil),
        "COUNTA": (1, nil), "CONCATENATE": (1, nil), "IF": (2, 3), "ROUND": (1, 2), "SUMIF": (2, 3), "COUNTIF": (2, 2),
        "INDIRECT": (1, 2),
    ]

    typealias Evaluator = FormulaEvaluator

    static func call(_ name: String, _ arguments: [FormulaExpression], _ evaluator: Evaluator) throws(CellError) -> Evaluator.Value {
        let upper = name.uppercased()
        guard let (fewest, most) = arity[upper] else {
            throw CellError.name("Unknown function: '\(name)'.")
        }
        if arguments.count < fewest || arguments.count > (most ?? Int.max) {
            let expected: String
            if most == nil { expected = "at least \(fewest) arguments" }
            else if most == fewest { expected = "\(fewest) arguments" }
            else { expected = "between \(fewest) and \(most ?? fewest) arguments" }
            throw CellError.notAvailable("Wrong number of arguments to \(upper). Expected \(expected), but got \(arguments.count) arguments.")
        }
        switch upper {
        case "IF": return try conditional(arguments, evaluator)
        case "INDIRECT": return try indirect(arguments, evaluator)
        case "SUM":
            let numbers = try collectNumbers(arguments, evaluator, function: upper)
            var total = 0.0
            for number in numbers { total += number }
            return .scalar(.number(try evaluator.checked(total, upper)))
        case "AVERAGE":
            let numbers = try collectNumbers(arguments, evaluator, function: upper)
            guard !numbers.isEmpty else {
                throw CellError(type: "DIVIDE_BY_ZERO", display: "#DIV/0!", message: "Evaluation of function AVERAGE caused a divide by zero error.")
            }
            var total = 0.0
            for number in numbers { total += number }
            return .scalar(.number(try evaluator.checked(total / Double(numbers.count), upper)))
        case "MIN": return .scalar(.number(try collectNumbers(arguments, evaluator, function: upper).min() ?? 0))
        case "MAX": return .scalar(.number(try collectNumbers(arguments, evaluator, function: upper).max() ?? 0))
        case "COUNT": return .scalar(.number(Double(try count(arguments, evaluator, numbersOnly: true))))
        case "COUNTA": return .scalar(.number(Double(try count(arguments, evaluator, numbersOnly: false))))
        case "CONCATENATE": return .scalar(.text(try concatenate(arguments, evaluator)))
        case "ROUND": return .scalar(.number(try round(arguments, evaluator)))
        case "COUNTIF", "SUMIF": return .scalar(.number(try conditionalAggregate(upper, arguments, evaluator)))
        default: throw CellError.name("Unknown function: '\(name)'.")
        }
    }

    private static func conditional(_ arguments: [FormulaExpression], _ evaluator: Evaluator) throws(CellError) -> Evaluator.Value {
        let condition = try evaluator.scalar(evaluator.evaluate(arguments[0]))
        let truth: Bool
        switch condition {
        case .bool(let flag): truth = flag
        case .number(let number): truth = number != 0
        case .empty: truth = false
        case .error(let error): throw error
        case .text(let text):
            switch text.uppercased() {
            case "TRUE": truth = true
            case "FALSE": truth = false
            default:
                throw CellError.value("Function IF parameter 1 expects boolean values. But '\(text)' is a text and cannot be coerced to a boolean.")
            }
        }
        if truth { return try evaluator.evaluate(arguments[1]) }
        return arguments.count > 2 ? try evaluator.evaluate(arguments[2]) : .scalar(.bool(false))
    }

    /// The numbers SUM, AVERAGE, MIN and MAX see: in ranges only numbers (text, booleans and blanks are
    /// skipped, errors propagate); direct arguments coerced like operands.
    private static func collectNumbers(_ arguments: [FormulaExpression], _ evaluator: Evaluator, function: String) throws(CellError) -> [Double] {
        var numbers: [Double] = []
        for (offset, argument) in arguments.enumerated() {
            let evaluated = try evaluator.evaluate(argument)
            guard case .scalar(let value) = evaluated else {
                // Ranges and array literals: only their numbers count.
                try evaluator.forEachValue(in: evaluated) { value throws(CellError) in
                    switch value {
                    case .number(let number): numbers.append(number)
                    case .error(let error): throw error
                    default: break
                    }
                }
                continue
            }
            if case .empty = value { continue }
            if case .text("") = value { continue }
            numbers.append(try evaluator.number(value, function: function, parameter: offset + 1))
        }
        return numbers
    }

    private static func count(_ arguments: [FormulaExpression], _ evaluator: Evaluator, numbersOnly: Bool) throws(CellError) -> Int {
        var total = 0
        for argument in arguments {
            let evaluated: Evaluator.Value
            do { evaluated = try evaluator.evaluate(argument) } catch { if !numbersOnly { total += 1 }; continue }
            guard case .scalar(let cell) = evaluated else {
                try evaluator.forEachValue(in: evaluated) { cell throws(CellError) in
                    if case .number = cell { total += 1 } else if !numbersOnly { total += 1 }
                }
                continue
            }
            switch cell {
            case .number: total += 1
            case .empty: break
            default: if !numbersOnly { total += 1 }
            }
        }
        return total
    }

    private static func concatenate(_ arguments: [FormulaExpression], _ evaluator: Evaluator) throws(CellError) -> String {
        var text = ""
        func append(_ value: CellValue) throws(CellError) {
            if case .error(let error) = value { throw error }
            text += evaluator.text(value)
            text = try Evaluator.capped(text, function: "CONCATENATE")
        }
        for argument in arguments {
            let evaluated = try evaluator.evaluate(argument)
            guard case .scalar(let value) = evaluated else {
                try evaluator.forEachValue(in: evaluated, append)
                continue
            }
            try append(value)
        }
        return text
    }

    /// ROUND(value, [places]): half away from zero; places truncated to a whole number.
    private static func round(_ arguments: [FormulaExpression], _ evaluator: Evaluator) throws(CellError) -> Double {
        let value = try evaluator.number(evaluator.scalar(evaluator.evaluate(arguments[0])), function: "ROUND", parameter: 1)
        var places = 0.0
        if arguments.count > 1 {
            places = try evaluator.number(evaluator.scalar(evaluator.evaluate(arguments[1])), function: "ROUND", parameter: 2)
        }
        places = places.rounded(.towardZero)
        if places > 15 { return value }
        if places < -308 { return 0 }
        let digits = Int(places)  // within -308...15 here
        let factor = Evaluator.power(10, Double(abs(digits)))
        if digits >= 0 {
            return (value * factor).rounded(.toNearestOrAwayFromZero) / factor
        }
        return (value / factor).rounded(.toNearestOrAwayFromZero) * factor
    }

    /// COUNTIF(range, criterion) and SUMIF(range, criterion, [sum_range]): `sum_range` is read from its
    /// top-left corner in the shape of `range`, as Sheets does.
    private static func conditionalAggregate(_ name: String, _ arguments: [FormulaExpression], _ evaluator: Evaluator) throws(CellError) -> Double {
        guard case .range(let sheet, let grid) = try evaluator.evaluate(arguments[0]) else {
            throw CellError.value("Argument must be a range.")  // assumed text
        }
        let criterion = FormulaCriterion(try evaluator.scalar(evaluator.evaluate(arguments[1])), locale: evaluator.spreadsheet.locale)
        var sumOrigin: (sheet: Int, row: Int, column: Int) = (sheet, grid.startRow, grid.startColumn)
        if arguments.count > 2 {
            guard case .range(let sumSheet, let sumGrid) = try evaluator.evaluate(arguments[2]) else {
                throw CellError.value("Argument must be a range.")  // assumed text
            }
            sumOrigin = (sumSheet, sumGrid.startRow, sumGrid.startColumn)
        }
        var total = 0.0
        if criterion.matchesBlank {
            // Blank cells are not visited by forEachCell: count them over the (data-bounded) grid.
            let rows = evaluator.spreadsheet.sheets[sheet].rows.count
            let lastRow = min(grid.endRow, max(rows, grid.startRow))
            var blanks = 0
            if grid.startRow < lastRow {
                for row in grid.startRow..<lastRow {
                    for column in grid.startColumn..<grid.endColumn where evaluator.cellValue(sheet, row, column) == .empty {
                        blanks += 1
                    }
                }
            }
            if name == "COUNTIF" { total += Double(blanks) }
        }
        try evaluator.forEachCell(sheet, grid) { row, column, value throws(CellError) in
            guard criterion.matches(value) else { return }
            if name == "COUNTIF" {
                total += 1
            } else {
                let target = evaluator.cellValue(sumOrigin.sheet, sumOrigin.row + row - grid.startRow, sumOrigin.column + column - grid.startColumn)
                if case .number(let number) = target { total += number }
            }
        }
        return try evaluator.checked(total, name)
    }
}
