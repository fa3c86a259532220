/// The right-hand side of a SET action.
indirect enum UpdateValue: Sendable, Equatable {
    case path(DocumentPath)
    case value(AttributeValue)
    case ifNotExists(DocumentPath, UpdateValue)
    case listAppend(UpdateValue, UpdateValue)
    case plus(UpdateValue, UpdateValue)
    case minus(UpdateValue, UpdateValue)
}

/// A parsed UpdateExpression: its SET, REMOVE, ADD and DELETE actions.
struct UpdateExpression: Sendable, Equatable {
    enum Action: Sendable, Equatable {
        case set(DocumentPath, UpdateValue)
        case remove(DocumentPath)
        case add(DocumentPath, AttributeValue)
        case delete(DocumentPath, AttributeValue)

        var path: DocumentPath {
            switch self {
            case .set(let p, _), .remove(let p), .add(let p, _), .delete(let p, _): p
            }
        }
    }

    var actions: [Action]
    /// Built from `AttributeUpdates`: a type mismatch then gets the legacy text.
    var isLegacy = false
}

extension ExpressionParser {
    mutating func parseUpdateExpression() throws(DynamoDBError) -> UpdateExpression {
        var actions: [UpdateExpression.Action] = []
        var seenSections = Set<String>()
        while current.kind != .end {
            guard current.kind == .identifier else { throw syntaxError() }
            let section = current.text.uppercased()
            guard ["SET", "REMOVE", "ADD", "DELETE"].contains(section) else { throw syntaxError() }
            if !seenSections.insert(section).inserted {
                throw kind.error("The \"\(section)\" section can only be used once in an update expression;")
            }
            advance()
            repeat {
                if isSymbol(",") { advance() }
                actions.append(try parseAction(section))
            } while isSymbol(",")
        }
        // Two actions on overlapping paths are refused (DynamoDB's message).
        for (i, a) in actions.enumerated() {
            for b in actions[(i + 1)...] where a.path.overlaps(b.path) {
                throw kind.error("Two document paths overlap with each other; must remove or rewrite one of these paths; path one: \(a.path), path two: \(b.path)")
            }
            for b in actions[(i + 1)...] where a.path.conflicts(b.path) {
                throw kind.error("Two document paths conflict with each other; must remove or rewrite one of these paths; path one: \(a.path), path two: \(b.path)")
            }
        }
        return UpdateExpression(actions: actions)
    }

    private mutating func parseAction(_ section: String) throws(DynamoDBError) -> UpdateExpression.Action {
        let path = try parsePath()
        switch section {
        case "SET":
            try expectSymbol("=")
            return .set(path, try parseSetValue())
        case "REMOVE":
            return .remove(path)
        default:
            let value = try parseValue()
            if section == "ADD" {
                switch value {
                case .n, .ss, .ns, .bs: break
                default:
                    throw kind.error("Incorrect operand type for operator or function; operator: ADD, operand type: \(Self.typeWord(value))")
                }
                return .add(path, value)
            }
            switch value {
            case .ss, .ns, .bs: break
            default:
                throw kind.error("Incorrect operand type for operator or function; operator: DELETE, operand type: \(Self.typeWord(value))")
            }
            return .delete(path, value)
        }
    }

    /// `operand`, `operand + operand` or `operand - operand`; a `:value` added or subtracted is a number.
    private mutating func parseSetValue() throws(DynamoDBError) -> UpdateValue {
        let left = try parseSetOperand()
        guard isSymbol("+") || isSymbol("-") else { return left }
        let symbol = current.text
        advance()
        try countOperator()
        let right = try parseSetOperand()
        try checkValueTypes([left, right], of: symbol, are: "N")
        return symbol == "+" ? .plus(left, right) : .minus(left, right)
    }

    private mutating func parseSetOperand() throws(DynamoDBError) -> UpdateValue {
        if current.kind == .valueReference { return .value(try parseValue()) }
        if current.kind == .identifier, next.kind == .symbol, next.text == "(" {
            let name = current.text
            advance()
            advance()
            switch name {
            case "if_not_exists", "list_append":
                // Any number of arguments parses; the count and kinds are checked after, with
                // DynamoDB's messages ("Incorrect number of operands …", "… requires a document path").
                try countOperator()
                try enter()
                var arguments = [try parseFunctionArgument()]
                while isSymbol(",") {
                    advance()
                    arguments.append(try parseFunctionArgument())
                }
                try expectSymbol(")")
                leave()
                guard arguments.count == 2 else { throw operandCount(name, arguments.count) }
                if name == "if_not_exists" {
                    guard case .path(let path) = arguments[0] else { throw requiresPath(name) }
                    return .ifNotExists(path, arguments[1])
                }
                try checkValueTypes(arguments, of: name, are: "L")
                return .listAppend(arguments[0], arguments[1])
            default:
                if Self.conditionFunctions.contains(name) || name == "size" {
                    throw kind.error("The function is not allowed in an update expression; function: \(name)")
                }
                throw kind.error("Invalid function name; function: \(name)")
            }
        }
        return .path(try parsePath())
    }

    /// A function's argument: an operand without `+`/`-` (`if_not_exists(c, :a + :b)` is a syntax error
    /// at "+"). `list_append` may not be an argument (DynamoDB: "The function is not allowed to be used
    /// this way in an expression"), while `if_not_exists` may nest in either function. A replayed write
    /// (`InputChecks.stored`) reads an argument as earlier builds did: any SET value, `+`/`-` and
    /// `list_append` included.
    private mutating func parseFunctionArgument() throws(DynamoDBError) -> UpdateValue {
        if checks == .stored { return try parseSetValue() }
        let name = current.kind == .identifier && next.kind == .symbol && next.text == "(" ? current.text : nil
        let argument = try parseSetOperand()
        if case .listAppend = argument, let name {
            throw kind.error("The function is not allowed to be used this way in an expression; function: \(name)")
        }
        return argument
    }

    /// A `:value` operand of `+`/`-` (a number) or list_append (a list) of another type is refused
    /// while parsing: "Incorrect operand type for operator or function; operator or function: +, operand
    /// type: S". Paths are checked when the item is read ("An operand in the update expression has an
    /// incorrect data type").
    private func checkValueTypes(_ operands: [UpdateValue], of function: String, are typeTag: String) throws(DynamoDBError) {
        for case .value(let value) in operands where value.typeTag != typeTag {
            throw kind.error("Incorrect operand type for operator or function; operator or function: \(function), operand type: \(value.typeTag)")
        }
    }

    /// Type words DynamoDB uses in operand-type errors (`STRING`, `NUMBER`, …).
    static func typeWord(_ value: AttributeValue) -> String {
        switch value {
        case .s: "STRING"
        case .n: "NUMBER"
        case .b: "BINARY"
        case .bool: "BOOLEAN"
        case .null: "NULL"
        case .l: "LIST"
        case .m: "MAP"
        case .ss: "STRING SET"
        case .ns: "NUMBER SET"
        case .bs: "BINARY SET"
        }
    }
}
