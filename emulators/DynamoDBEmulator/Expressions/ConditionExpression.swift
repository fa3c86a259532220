/// An operand of a condition: a document path, a `:value`, or `size(path)`.
indirect enum ConditionOperand: Sendable, Equatable {
    case path(DocumentPath)
    case value(AttributeValue)
    case size(DocumentPath)
}

/// A parsed condition (ConditionExpression, FilterExpression, KeyConditionExpression).
indirect enum Condition: Sendable, Equatable {
    enum Comparator: String, Sendable { case eq = "=", ne = "<>", lt = "<", le = "<=", gt = ">", ge = ">=" }

    case compare(ConditionOperand, Comparator, ConditionOperand)
    case between(ConditionOperand, ConditionOperand, ConditionOperand)
    case isIn(ConditionOperand, [ConditionOperand])
    case and(Condition, Condition)
    case or(Condition, Condition)
    case not(Condition)
    case attributeExists(DocumentPath)
    case attributeNotExists(DocumentPath)
    case attributeType(ConditionOperand, ConditionOperand)
    case beginsWith(ConditionOperand, ConditionOperand)
    case contains(ConditionOperand, ConditionOperand)
}

extension ExpressionParser {
    /// Parses a whole condition expression. Precedence, loosest first: OR, AND, NOT, then
    /// comparisons, BETWEEN, IN and functions; parentheses group.
    mutating func parseConditionExpression() throws(DynamoDBError) -> Condition {
        let condition = try parseOr()
        try expectEnd()
        return condition
    }

    private mutating func parseOr() throws(DynamoDBError) -> Condition {
        var left = try parseAnd()
        while isKeyword("OR") {
            advance()
            try countOperator()
            left = .or(left, try parseAnd())
        }
        return left
    }

    private mutating func parseAnd() throws(DynamoDBError) -> Condition {
        var left = try parseNot()
        while isKeyword("AND") {
            advance()
            try countOperator()
            left = .and(left, try parseNot())
        }
        return left
    }

    /// `NOT NOT … primary`, read in a loop (each NOT counts as an operator).
    private mutating func parseNot() throws(DynamoDBError) -> Condition {
        var negations = 0
        while isKeyword("NOT") {
            advance()
            try countOperator()
            negations += 1
        }
        var condition = try parsePrimary()
        for _ in 0..<negations { condition = .not(condition) }
        return condition
    }

    private mutating func parsePrimary() throws(DynamoDBError) -> Condition {
        if isSymbol("(") {
            let open = position
            advance()
            try enter()
            let innerStart = position
            let inner = try parseOr()
            guard isSymbol(")") else { throw syntaxError() }
            // "((a = :v))": DynamoDB refuses parentheses that wrap nothing but parentheses.
            if closingParenthesis[innerStart] == position - 1 {
                throw kind.error("The expression has redundant parentheses;")
            }
            closingParenthesis[open] = position
            advance()
            leave()
            return inner
        }
        if current.kind == .identifier, next.kind == .symbol, next.text == "(", current.text != "size" {
            return try parseFunction()
        }
        let left = try parseOperand()
        if isKeyword("BETWEEN") {
            advance()
            try countOperator()
            let low = try parseOperand()
            guard isKeyword("AND") else { throw syntaxError() }
            advance()
            let high = try parseOperand()
            try checkOrderable("BETWEEN", [left, low, high])
            if checks == .request, case .value(let lowValue) = low, case .value(let highValue) = high, lowValue.typeTag != highValue.typeTag {
                throw kind.error("The BETWEEN operator requires same data type for lower and upper bounds; lower operand: AttributeValue: {\(lowValue.typeTag):\(Self.render(lowValue))}, upper operand: AttributeValue: {\(highValue.typeTag):\(Self.render(highValue))}")
            }
            if case .value(let lowValue) = low, case .value(let highValue) = high, let order = lowValue.compare(highValue), order > 0 {
                throw kind.error("The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower operand: AttributeValue: {\(lowValue.typeTag):\(Self.render(lowValue))}, upper operand: AttributeValue: {\(highValue.typeTag):\(Self.render(highValue))}")
            }
            try checkDistinct("BETWEEN", left, [low, high])
            return .between(left, low, high)
        }
        if isKeyword("IN") {
            advance()
            try countOperator()
            try expectSymbol("(")
            var options = [try parseOperand()]
            while isSymbol(",") {
                advance()
                options.append(try parseOperand())
            }
            try expectSymbol(")")
            if options.count > ExpressionLimits.maximumInOperands {
                throw kind.error("The IN operator is provided with too many operands; number of operands: \(options.count)")
            }
            try checkDistinct("IN", left, options)
            return .isIn(left, options)
        }
        guard current.kind == .symbol, let comparator = Condition.Comparator(rawValue: current.text) else {
            throw syntaxError()
        }
        advance()
        try countOperator()
        let right = try parseOperand()
        if comparator != .eq, comparator != .ne { try checkOrderable(comparator.rawValue, [left, right]) }
        try checkDistinct(comparator.rawValue, left, [right])
        return .compare(left, comparator, right)
    }

    /// Ordering (`<`, `<=`, `>`, `>=`, BETWEEN) is defined on strings, numbers and binaries: a `:value` of
    /// another type is refused before any item is read, while an item attribute of another type only
    /// makes the comparison false. A replayed write (`InputChecks.stored`) is not refused: earlier
    /// builds found such a comparison false too, and applied a write whose condition held without it.
    func checkOrderable(_ operatorName: String, _ operands: [ConditionOperand]) throws(DynamoDBError) {
        guard checks == .request else { return }
        for case .value(let value) in operands {
            switch value {
            case .s, .n, .b: continue
            default:
                throw kind.error("Incorrect operand type for operator or function; operator or function: \(operatorName), operand type: \(value.typeTag)")
            }
        }
    }

    /// DynamoDB refuses an operator whose first operand repeats among the others (`a = a`,
    /// `contains(#a, #a)`), naming the operator and the first operand's path (captured from AWS).
    func checkDistinct(_ operatorName: String, _ first: ConditionOperand, _ rest: [ConditionOperand]) throws(DynamoDBError) {
        guard rest.contains(first) else { return }
        let rendered: String
        switch first {
        case .path(let p): rendered = p.description
        case .size(let p): rendered = "size(\(p.description))"
        case .value(let v): rendered = Self.render(v)
        }
        throw kind.error("The first operand must be distinct from the remaining operands for this operator or function; operator: \(operatorName), first operand: \(rendered)")
    }

    /// A path, a `:value`, or `size(path)`.
    mutating func parseOperand() throws(DynamoDBError) -> ConditionOperand {
        if current.kind == .valueReference { return .value(try parseValue()) }
        if current.kind == .identifier, next.kind == .symbol, next.text == "(" {
            let name = current.text
            guard name == "size" else {
                if Self.updateFunctions.contains(name) { throw notAllowed(name) }
                if Self.conditionFunctions.contains(name) {
                    throw kind.error("The function is not allowed to be used this way in an expression; function: \(name)")
                }
                throw kind.error("Invalid function name; function: \(name)")
            }
            advance()
            advance()
            try countOperator()
            let arguments = try parseArguments(function: name)
            guard arguments.count == 1 else { throw operandCount(name, arguments.count) }
            guard case .path(let path) = arguments[0] else { throw requiresPath(name) }
            return .size(path)
        }
        return .path(try parsePath())
    }

    private mutating func parseFunction() throws(DynamoDBError) -> Condition {
        let name = current.text
        guard Self.conditionFunctions.contains(name) else {
            if Self.updateFunctions.contains(name) { throw notAllowed(name) }
            throw kind.error("Invalid function name; function: \(name)")
        }
        advance()
        advance()
        try countOperator()
        let arguments = try parseArguments(function: name)
        func path(_ i: Int) throws(DynamoDBError) -> DocumentPath {
            guard case .path(let p) = arguments[i] else { throw requiresPath(name) }
            return p
        }
        switch name {
        case "attribute_exists", "attribute_not_exists":
            guard arguments.count == 1 else { throw operandCount(name, arguments.count) }
            let p = try path(0)
            return name == "attribute_exists" ? .attributeExists(p) : .attributeNotExists(p)
        case "attribute_type":
            guard arguments.count == 2 else { throw operandCount(name, arguments.count) }
            // The first operand may be a `:value` too (`attribute_type(:v, :t)` works on AWS).
            let p = arguments[0]
            // The type is a `:value` (the Developer Guide's `attribute_type(path, type)` with "type" an
            // expression attribute value); a document path there is refused before any item is read.
            guard case .value(let typeValue) = arguments[1] else {
                throw kind.error("Incorrect operand type for operator or function; operator or function: attribute_type, operand type: document path")
            }
            guard case .s(let typeName) = typeValue else {
                throw kind.error("Incorrect operand type for operator or function; operator or function: attribute_type, operand type: \(typeValue.typeTag)")
            }
            if !Self.typeNames.contains(typeName) {
                throw kind.error("Invalid attribute type name found; type: \(typeName), valid types: { B,NULL,SS,BOOL,L,BS,N,NS,S,M }")
            }
            return .attributeType(p, arguments[1])
        case "begins_with":
            guard arguments.count == 2 else { throw operandCount(name, arguments.count) }
            for argument in arguments {
                if case .value(let v) = argument, v.typeTag != "S", v.typeTag != "B" {
                    throw kind.error("Incorrect operand type for operator or function; operator or function: begins_with, operand type: \(v.typeTag)")
                }
            }
            try checkDistinct(name, arguments[0], [arguments[1]])
            return .beginsWith(arguments[0], arguments[1])
        default:  // contains
            guard arguments.count == 2 else { throw operandCount(name, arguments.count) }
            try checkDistinct(name, arguments[0], [arguments[1]])
            return .contains(arguments[0], arguments[1])
        }
    }

    private mutating func parseArguments(function: String) throws(DynamoDBError) -> [ConditionOperand] {
        var arguments: [ConditionOperand] = []
        if isSymbol(")") {
            advance()
            return arguments
        }
        try enter()
        arguments.append(try parseOperand())
        while isSymbol(",") {
            advance()
            arguments.append(try parseOperand())
        }
        try expectSymbol(")")
        leave()
        return arguments
    }

    func operandCount(_ function: String, _ count: Int) -> DynamoDBError {
        kind.error("Incorrect number of operands for operator or function; operator or function: \(function), number of operands: \(count)")
    }

    func requiresPath(_ function: String) -> DynamoDBError {
        kind.error("Operator or function requires a document path; operator or function: \(function)")
    }

    /// UpdateExpression's functions, known to the parser but refused in a condition.
    static let updateFunctions: Set<String> = ["if_not_exists", "list_append"]

    func notAllowed(_ function: String) -> DynamoDBError {
        kind.error("The function is not allowed in a \(kind == .filter ? "filter" : "condition") expression; function: \(function)")
    }

    static let conditionFunctions: Set<String> = ["attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains"]
    static let typeNames: Set<String> = ["S", "SS", "N", "NS", "B", "BS", "BOOL", "NULL", "L", "M"]

    /// A value as DynamoDB prints it inside error messages (scalars only; others by type).
    static func render(_ value: AttributeValue) -> String {
        switch value {
        case .s(let s): s
        case .n(let n): n.description
        default: value.typeTag
        }
    }
}
