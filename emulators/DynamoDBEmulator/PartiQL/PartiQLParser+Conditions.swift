import DrydockCore

/// WHERE conditions and the operands of SET values.
extension PartiQLParser {
    mutating func expression() throws(DynamoDBError) -> PartiQLExpression {
        try enter()
        defer { depth -= 1 }
        var left = try conjunction()
        while accept("OR") {
            try countOperator()
            left = .or(left, try conjunction())
        }
        return left
    }

    mutating func conjunction() throws(DynamoDBError) -> PartiQLExpression {
        var left = try negation()
        while accept("AND") {
            try countOperator()
            left = .and(left, try negation())
        }
        return left
    }

    mutating func negation() throws(DynamoDBError) -> PartiQLExpression {
        if accept("NOT") {
            try countOperator()
            try enter()
            defer { depth -= 1 }
            return .not(try negation())
        }
        return try predicate()
    }

    mutating func predicate() throws(DynamoDBError) -> PartiQLExpression {
        let left = try additive()
        if case .symbol(let s) = current.kind, let comparator = Self.comparators[s] {
            at += 1
            try countOperator()
            return .compare(left, comparator, try additive())
        }
        let negated = accept("NOT")
        if current.isKeyword("BETWEEN") || current.isKeyword("IN") || current.isKeyword("IS") { try countOperator() }
        if accept("BETWEEN") {
            let low = try additive()
            try expect("AND")
            let result = PartiQLExpression.between(left, low, try additive())
            return negated ? .not(result) : result
        }
        if accept("IN") {
            let closing: String
            if acceptSymbol("(") { closing = ")" } else if acceptSymbol("[") { closing = "]" } else {
                throw PartiQLError.unsupported("IN operator must have a left hand argument of type Variable Reference and right hand argument of type Seq with at least one member")
            }
            var list: [PartiQLExpression] = []
            if !current.isSymbol(closing) {
                repeat { list.append(try additive()) } while acceptSymbol(",")
            }
            try expectSymbol(closing)
            guard !list.isEmpty, case .path = left else {
                throw PartiQLError.unsupported("IN operator must have a left hand argument of type Variable Reference and right hand argument of type Seq with at least one member")
            }
            return negated ? .not(.isIn(left, list)) : .isIn(left, list)
        }
        if negated { throw PartiQLError.malformed("Expected BETWEEN or IN after NOT") }
        if accept("IS") {
            let not = accept("NOT")
            guard case .path(let path) = left else {
                throw PartiQLError.unsupported("The left hand side argument to IS must be a Variable Reference, Literal, or Path")
            }
            guard case .word(let word) = current.kind else { throw PartiQLError.malformed("Expected a type after IS") }
            at += 1
            let type = word.uppercased()
            if type == "MISSING" { return .missing(path, negated: not) }
            guard let tag = Self.typeTags[type] else {
                throw PartiQLError.unsupported("Unsupported data type for IS operator: \(type). Supported data types are [MISSING, NULL, BOOLEAN, BLOB, STRING, NUMERIC, STRUCT, TUPLE, LIST]")
            }
            return .isType(path, tag, negated: not)
        }
        return left
    }

    static let comparators: [String: Condition.Comparator] = [
        "=": .eq, "<>": .ne, "!=": .ne, "<": .lt, "<=": .le, ">": .gt, ">=": .ge,
    ]
    static let typeTags = ["NULL": "NULL", "BOOLEAN": "BOOL", "BLOB": "B", "STRING": "S", "NUMERIC": "N", "STRUCT": "M", "TUPLE": "M", "LIST": "L"]

    /// Operands with `+` and `-` (SET values; conditions accept them too and are refused later).
    mutating func additive() throws(DynamoDBError) -> PartiQLExpression {
        var left = try primary()
        while true {
            if current.isSymbol("+") || current.isSymbol("-") { try countOperator() }
            if acceptSymbol("+") {
                left = .arithmetic(left, .plus, try primary())
            } else if acceptSymbol("-") {
                left = .arithmetic(left, .minus, try primary())
            } else {
                return left
            }
        }
    }

    mutating func primary() throws(DynamoDBError) -> PartiQLExpression {
        try enter()
        defer { depth -= 1 }
        let token = current
        switch token.kind {
        case .symbol("("):
            at += 1
            let inner = try expression()
            try expectSymbol(")")
            return inner
        case .symbol("?"):
            at += 1
            guard usedParameters < parameters.count else { throw PartiQLError.parameterCount }
            usedParameters += 1
            return .value(parameters[usedParameters - 1])
        case .symbol("-"):
            at += 1
            guard case .number(let n) = current.kind else { throw PartiQLError.malformed("Unexpected token: -") }
            at += 1
            return .value(["N": .string("-" + n)])
        case .string(let s):
            at += 1
            return .value(["S": .string(s)])
        case .number(let n):
            at += 1
            return .value(["N": .string(n)])
        case .symbol("["), .symbol("{"), .symbol("<<"):
            return .value(try literal())
        case .word(let word):
            switch word.uppercased() {
            case "TRUE", "FALSE":
                at += 1
                return .value(["BOOL": .bool(word.uppercased() == "TRUE")])
            case "NULL":
                at += 1
                return .value(["NULL": true])
            case "MISSING":
                throw PartiQLError.unsupported("MISSING must be compared using IS operator")
            default:
                if next.isSymbol("(") { return try function(word) }
                return .path(try path())
            }
        case .quoted:
            return .path(try path())
        default:
            throw PartiQLError.malformed("Unexpected \(token.kind == .end ? "end of statement" : "token: \(token.text)")")
        }
    }

    mutating func function(_ name: String) throws(DynamoDBError) -> PartiQLExpression {
        let lower = name.lowercased()
        guard ["begins_with", "contains", "attribute_type", "size", "list_append", "set_add", "set_delete"].contains(lower) else {
            throw PartiQLError.unsupported("Unrecognized function: \(name)")
        }
        at += 2
        try countOperator()
        var arguments: [PartiQLExpression] = []
        if !current.isSymbol(")") {
            repeat { arguments.append(try additive()) } while acceptSymbol(",")
        }
        try expectSymbol(")")
        let arity = lower == "size" ? 1 : 2
        guard arguments.count == arity else {
            if lower.hasPrefix("set_") { throw PartiQLError.unsupported("SET_\(lower.dropFirst(4).uppercased()) must have exactly two arguments") }
            throw PartiQLError.malformed("Incorrect number of arguments for \(lower)")
        }
        return .function(lower, arguments)
    }
}
