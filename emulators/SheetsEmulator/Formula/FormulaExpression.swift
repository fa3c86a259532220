/// A parsed formula (`=SUM(A1:A3)*2`): what `FormulaParser` builds and `FormulaEvaluator` computes.
/// Nesting is bounded by the parser (`FormulaParser.maximumDepth`), so walking it cannot exhaust the stack.
indirect enum FormulaExpression: Sendable, Equatable {
    case number(Double)
    case text(String)
    case bool(Bool)
    /// A cell or range, on the formula's own sheet when `sheet` is nil.
    case reference(FormulaReference)
    /// A name that is neither a function call nor a cell: a named range, or `#NAME?`.
    case name(String)
    case negate(FormulaExpression)
    case percent(FormulaExpression)
    case binary(FormulaOperator, FormulaExpression, FormulaExpression)
    case call(String, [FormulaExpression])
    /// An error literal (`=#REF!`, what a reference to deleted cells is rewritten to).
    case error(CellError)
    /// An array literal, row by row (`{1,2;3,4}`).
    case array([[FormulaExpression]])

    /// Levels from this node to its deepest leaf, counted without recursion (the tree is client input).
    var height: Int {
        var deepest = 0
        var pending: [(FormulaExpression, Int)] = [(self, 1)]
        while let (node, level) = pending.popLast() {
            deepest = max(deepest, level)
            switch node {
            case .negate(let inner), .percent(let inner): pending.append((inner, level + 1))
            case .binary(_, let left, let right):
                pending.append((left, level + 1))
                pending.append((right, level + 1))
            case .call(_, let arguments): for argument in arguments { pending.append((argument, level + 1)) }
            case .array(let rows): for element in rows.joined() { pending.append((element, level + 1)) }
            case .number, .text, .bool, .reference, .name, .error: break
            }
        }
        return deepest
    }

    /// Whether the formula calls INDIRECT (whose reads are known only when it runs: it is volatile).
    var callsIndirect: Bool {
        var pending: [FormulaExpression] = [self]
        while let node = pending.popLast() {
            switch node {
            case .call(let name, let arguments):
                if name.uppercased() == "INDIRECT" { return true }
                pending.append(contentsOf: arguments)
            case .negate(let inner), .percent(let inner): pending.append(inner)
            case .binary(_, let left, let right): pending.append(left); pending.append(right)
            case .array(let rows): pending.append(contentsOf: rows.joined())
            case .number, .text, .bool, .reference, .name, .error: break
            }
        }
        return false
    }

    /// Every reference the formula reads, for the dependency graph.
    var references: [FormulaReference] {
        var found: [FormulaReference] = []
        collect(into: &found)
        return found
    }

    private func collect(into found: inout [FormulaReference]) {
        switch self {
        case .reference(let reference): found.append(reference)
        case .negate(let inner), .percent(let inner): inner.collect(into: &found)
        case .binary(_, let left, let right):
            left.collect(into: &found)
            right.collect(into: &found)
        case .call(_, let arguments): for argument in arguments { argument.collect(into: &found) }
        case .array(let rows): for element in rows.joined() { element.collect(into: &found) }
        case .name(let name):
            // A named range, resolved when read (the cells are a placeholder).
            found.append(FormulaReference(sheet: nil, cells: A1CellRange(start: .init(column: 1, row: 1), end: nil), name: name))
        case .number, .text, .bool, .error: break
        }
    }
}

/// `A1`, `$B$2:C`, `'Other sheet'!A1:B5`, `A:A`: a sheet name as written (nil for the formula's
/// sheet) and the cells, `$` dropped (structural changes move absolute references too; the formula
/// text is rewritten by `FormulaReferenceRewriter`, which keeps the `$` as typed).
struct FormulaReference: Sendable, Equatable {
    var sheet: String?
    var cells: A1CellRange
    /// Set for a named range (`=SUM(Fares)`): `sheet` and `cells` are then unused.
    var name: String? = nil
}

/// Binary operators, from loosest to tightest: comparison, `&`, `+ -`, `* /`, `^`.
enum FormulaOperator: String, Sendable, Equatable {
    case equal = "=", notEqual = "<>", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case concatenate = "&"
    case add = "+", subtract = "-"
    case multiply = "*", divide = "/"
    case power = "^"

    /// Higher binds tighter.
    var precedence: Int {
        switch self {
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: return 1
        case .concatenate: return 2
        case .add, .subtract: return 3
        case .multiply, .divide: return 4
        case .power: return 5
        }
    }

    /// The function name Sheets uses in this operator's error messages (`Function DIVIDE parameter 2 …`).
    var functionName: String {
        switch self {
        case .add: return "ADD"
        case .subtract: return "MINUS"
        case .multiply: return "MULTIPLY"
        case .divide: return "DIVIDE"
        case .power: return "POW"
        case .concatenate: return "CONCAT"
        case .equal: return "EQ"
        case .notEqual: return "NE"
        case .less: return "LT"
        case .lessOrEqual: return "LTE"
        case .greater: return "GT"
        case .greaterOrEqual: return "GTE"
        }
    }
}
