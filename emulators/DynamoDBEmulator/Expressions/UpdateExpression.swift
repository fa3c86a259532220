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

    /// Whether every action takes something away (REMOVE, or DELETE from a set) and there is at
    /// least one: such an update of a missing item creates no item.
    var onlyRemoves: Bool {
        !actions.isEmpty && actions.allSatisfy { action in
            switch action {
            case .remove, .delete: true
            case .set, .add: false
            }
        }
    }
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

    private mutating func parseSetValue() throws(DynamoDBError) -> UpdateValue {
        let left = try parseSetOperand()
        if isSymbol("+") {
            advance()
            try countOperator()
            return .plus(left, try parseSetOperand())
        }
        if isSymbol("-") {
            advance()
            try countOperator()
            return .minus(left, try parseSetOperand())
        }
        return left
    }

    private mutating func parseSetOperand() throws(DynamoDBError) -> UpdateValue {
        if current.kind == .valueReference { return .value(try parseValue()) }
        if current.kind == .identifier, next.kind == .symbol, next.text == "(" {
            let name = current.text
            advance()
            advance()
            switch name {
            case "if_not_exists":
                try countOperator()
                try enter()
                let path = try parsePath()
                try expectSymbol(",")
                let fallback = try parseSetValue()
                try expectSymbol(")")
                leave()
                return .ifNotExists(path, fallback)
            case "list_append":
                try countOperator()
                try enter()
                let a = try parseSetValue()
                try expectSymbol(",")
                let b = try parseSetValue()
                try expectSymbol(")")
                leave()
                return .listAppend(a, b)
            default:
                if Self.conditionFunctions.contains(name) || name == "size" {
                    throw kind.error("The function is not allowed in an update expression; function: \(name)")
                }
                throw kind.error("Invalid function name; function: \(name)")
            }
        }
        return .path(try parsePath())
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
