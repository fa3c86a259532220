/// Parses formula text into a `FormulaExpression` by precedence climbing, as Sheets reads formulas
/// (separators by the spreadsheet's locale: `FormulaLexer`). Precedence, tightest first: unary `-`/`+`, postfix `%`, `^`
/// (left-associative), `* /`, `+ -`, `&`, comparisons.
///
/// Client input: the text is at most `maximumLength` characters and nests at most `maximumDepth`
/// levels (parentheses, calls, unary signs), so neither parsing nor evaluating can exhaust the stack;
/// anything beyond, or anything unreadable, is a parse error (the cell shows `#ERROR!`). A chain of
/// operators (`A1+A2+…`) builds a tree as deep as it is long, so the tree's height is checked too.
struct FormulaParser {
    /// Sheets' limit on a cell's content (50,000 characters).
    static let maximumLength = 50_000
    /// Nesting the emulator accepts (its own limit; real Sheets' is not documented).
    static let maximumDepth = 100
    /// How deep the tree may grow through chains of operators (the emulator's limit).
    static let maximumHeight = 400
    /// Arguments one call may take (the emulator's limit).
    static let maximumArguments = 1_000
    /// Elements one array literal may hold (the emulator's limit).
    static let maximumArrayElements = 10_000

    struct Failure: Error, Sendable, Equatable {}

    private let tokens: [FormulaLexer.Token]
    private var position = 0
    private var depth = 0

    /// `text` is the whole cell content, starting with `=`, in `locale`'s formula syntax (`FormulaLexer`).
    static func parse(_ text: String, locale: SheetsLocale = .enUS) throws(Failure) -> FormulaExpression {
        guard text.hasPrefix("="), text.unicodeScalars.count <= maximumLength else { throw Failure() }
        let tokens: [FormulaLexer.Token]
        do { tokens = try FormulaLexer.tokens(String(text.dropFirst()), decimalComma: locale.decimalComma) } catch { throw Failure() }
        var parser = FormulaParser(tokens: tokens)
        let expression = try parser.expression(minimumPrecedence: 1)
        guard parser.position == tokens.count, expression.height <= maximumHeight else { throw Failure() }
        return expression
    }

    private init(tokens: [FormulaLexer.Token]) { self.tokens = tokens }

    private var current: FormulaLexer.Token? { position < tokens.count ? tokens[position] : nil }

    private mutating func expression(minimumPrecedence: Int) throws(Failure) -> FormulaExpression {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else { throw Failure() }
        var left = try unary()
        var chain = 0
        while case .op(let symbol)? = current, let op = FormulaOperator(rawValue: symbol), op.precedence >= minimumPrecedence {
            position += 1
            // Stop a long chain before its tree grows past the limit (even tearing it down recurses).
            chain += 1
            guard chain <= Self.maximumHeight else { throw Failure() }
            let right = try expression(minimumPrecedence: op.precedence + 1)
            left = .binary(op, left, right)
        }
        return left
    }

    private mutating func unary() throws(Failure) -> FormulaExpression {
        if case .op(let symbol)? = current, symbol == "-" || symbol == "+" {
            position += 1
            depth += 1
            defer { depth -= 1 }
            guard depth <= Self.maximumDepth else { throw Failure() }
            let operand = try unary()
            return symbol == "-" ? .negate(operand) : operand
        }
        var operand = try primary()
        while case .op("%")? = current {
            position += 1
            operand = .percent(operand)
        }
        return operand
    }

    private mutating func primary() throws(Failure) -> FormulaExpression {
        guard let token = current else { throw Failure() }
        position += 1
        switch token {
        case .number(let value): return .number(value)
        case .text(let value): return .text(value)
        case .reference(let reference): return .reference(reference)
        case .error(let error): return .error(error)
        case .openParen:
            let inner = try expression(minimumPrecedence: 1)
            guard case .closeParen? = current else { throw Failure() }
            position += 1
            return inner
        case .name(let name):
            if case .openParen? = current {
                position += 1
                return .call(name, try arguments())
            }
            switch name.uppercased() {
            case "TRUE": return .bool(true)
            case "FALSE": return .bool(false)
            default: return .name(name)
            }
        case .openBrace:
            return try arrayLiteral()
        case .op, .closeParen, .comma, .closeBrace, .semicolon:
            throw Failure()
        }
    }

    /// After `{`: rows of comma-separated elements, rows separated by `;`, up to `}` (`{}` is an error).
    private mutating func arrayLiteral() throws(Failure) -> FormulaExpression {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else { throw Failure() }
        var rows: [[FormulaExpression]] = [[]]
        var count = 0
        while true {
            count += 1
            guard count <= Self.maximumArrayElements else { throw Failure() }
            rows[rows.count - 1].append(try expression(minimumPrecedence: 1))
            guard let token = current else { throw Failure() }
            position += 1
            switch token {
            case .comma: continue
            case .semicolon: rows.append([])
            case .closeBrace: return .array(rows)
            default: throw Failure()
            }
        }
    }

    /// After `(`: comma-separated arguments up to `)`; an empty argument (`IF(A1,,2)`) is a blank.
    private mutating func arguments() throws(Failure) -> [FormulaExpression] {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else { throw Failure() }
        var list: [FormulaExpression] = []
        if case .closeParen? = current {
            position += 1
            return list
        }
        while true {
            guard list.count < Self.maximumArguments else { throw Failure() }
            if case .comma? = current {
                list.append(.text(""))
            } else if case .closeParen? = current {
                list.append(.text(""))
            } else {
                list.append(try expression(minimumPrecedence: 1))
            }
            guard let token = current else { throw Failure() }
            position += 1
            if case .closeParen = token { return list }
            guard case .comma = token else { throw Failure() }
        }
    }
}
