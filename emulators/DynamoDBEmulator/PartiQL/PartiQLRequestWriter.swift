import DrydockCore

/// Writes parsed PartiQL as DynamoDB expressions — condition, filter, key condition and update
/// expressions with `#n…` names and `:v…` values — so a statement runs as the PutItem, UpdateItem,
/// DeleteItem, GetItem, Query, Scan or transaction request it stands for, through the same parser,
/// evaluator and write path as those requests.
///
/// Every attribute name goes through a `#n` placeholder (so reserved words and any characters are
/// fine) and every value through a `:v` one; each placeholder is written where it is used, so the
/// "unused" checks of the expression parser always pass.
struct PartiQLRequestWriter {
    private(set) var names: [(String, JSONValue)] = []
    private(set) var values: [(String, JSONValue)] = []
    private var placeholders: [String: String] = [:]

    mutating func name(_ attribute: String) -> String {
        if let known = placeholders[attribute] { return known }
        let placeholder = "#n\(names.count)"
        placeholders[attribute] = placeholder
        names.append((placeholder, .string(attribute)))
        return placeholder
    }

    mutating func value(_ value: JSONValue) -> String {
        let placeholder = ":v\(values.count)"
        values.append((placeholder, value))
        return placeholder
    }

    mutating func path(_ path: PartiQLPath) -> String {
        var out = ""
        for element in path.elements {
            switch element {
            case .name(let n): out += (out.isEmpty ? "" : ".") + name(n)
            case .index(let i): out += "[\(i)]"
            }
        }
        return out
    }

    /// `ExpressionAttributeNames` and `ExpressionAttributeValues`, when there are any.
    var members: [(String, JSONValue)] {
        var out: [(String, JSONValue)] = []
        if !names.isEmpty { out.append(("ExpressionAttributeNames", .object(names))) }
        if !values.isEmpty { out.append(("ExpressionAttributeValues", .object(values))) }
        return out
    }

    // MARK: Conditions

    /// A condition expression for `expression`, which must be a boolean one.
    mutating func condition(_ expression: PartiQLExpression) throws(DynamoDBError) -> String {
        switch expression {
        case .compare(let a, let comparator, let b):
            return "\(try operand(a)) \(comparator.rawValue) \(try operand(b))"
        case .between(let a, let low, let high):
            return "\(try operand(a)) BETWEEN \(try operand(low)) AND \(try operand(high))"
        case .isIn(let a, let list):
            var operands: [String] = []
            for item in list { operands.append(try operand(item)) }
            return "\(try operand(a)) IN (\(operands.joined(separator: ", ")))"
        case .and(let a, let b): return "\(try grouped(a, unless: .and)) AND \(try grouped(b, unless: .and))"
        case .or(let a, let b): return "\(try grouped(a, unless: .or)) OR \(try grouped(b, unless: .or))"
        case .not(let a): return "NOT \(try grouped(a, unless: .not))"
        case .missing(let p, let negated): return "\(negated ? "attribute_exists" : "attribute_not_exists")(\(path(p)))"
        case .isType(let p, let tag, let negated):
            let test = "attribute_type(\(path(p)), \(value(["S": .string(tag)])))"
            return negated ? "NOT \(test)" : test
        case .function(let name, let arguments) where ["begins_with", "contains", "attribute_type"].contains(name):
            var operands: [String] = []
            for argument in arguments { operands.append(try operand(argument)) }
            return "\(name)(\(operands.joined(separator: ", ")))"
        case .function, .path, .value:
            throw PartiQLError.unsupported("WHERE clause must contain an expression that resolves to a boolean")
        case .arithmetic(_, let op, _):
            throw PartiQLError.unsupported("Unsupported operator in Condition Expression. Operator: \(op.rawValue)")
        }
    }

    private enum Group { case and, or, not }

    /// `expression` as an operand of AND, OR or NOT: parenthesised only where precedence needs it (an OR
    /// under AND or NOT, an AND under NOT), so the expression stays close to the statement's size.
    private mutating func grouped(_ expression: PartiQLExpression, unless parent: Group) throws(DynamoDBError) -> String {
        let text = try condition(expression)
        switch (expression, parent) {
        case (.or, .or), (.and, .and), (.and, .or): return text
        case (.or, _), (.and, _): return "(\(text))"
        default: return text
        }
    }

    /// `key = value AND …` for the given conjuncts.
    mutating func conjunction(_ parts: [PartiQLExpression]) throws(DynamoDBError) -> String? {
        guard let all = PartiQLExpression.all(parts) else { return nil }
        return try condition(all)
    }

    private mutating func operand(_ expression: PartiQLExpression) throws(DynamoDBError) -> String {
        switch expression {
        case .path(let p): return path(p)
        case .value(let v): return value(v)
        case .function("size", let arguments):
            guard case .path(let p)? = arguments.first else {
                throw PartiQLError.unsupported("Unsupported token in expression: size")
            }
            return "size(\(path(p)))"
        case .arithmetic(_, let op, _):
            throw PartiQLError.unsupported("Unsupported operator in Condition Expression. Operator: \(op.rawValue)")
        default:
            throw PartiQLError.unsupported("WHERE clause must contain an expression that resolves to a boolean")
        }
    }

    // MARK: Updates

    /// An update expression for UPDATE's actions: `SET` (with `+`, `-`, `list_append`), `REMOVE`, and
    /// `set_add`/`set_delete` as `ADD`/`DELETE`.
    mutating func update(_ actions: [PartiQLUpdateAction]) throws(DynamoDBError) -> String {
        var sets: [String] = [], removes: [String] = [], adds: [String] = [], deletes: [String] = []
        for action in actions {
            switch action {
            case .remove(let target):
                removes.append(path(target))
            case .set(let target, .function(let name, let arguments)) where name == "set_add" || name == "set_delete":
                let label = name == "set_add" ? "ADD" : "DELETE"
                guard case .path(let first) = arguments[0], first == target else {
                    throw PartiQLError.unsupported("The first argument to SET_\(label) must equal the assignment value")
                }
                guard case .value(let set) = arguments[1], let tag = set.objectValue?.first?.0, ["SS", "NS", "BS"].contains(tag) else {
                    throw PartiQLError.unsupported("The second argument to SET_\(label) must be a value with type SET")
                }
                let clause = "\(path(target)) \(value(set))"
                if name == "set_add" { adds.append(clause) } else { deletes.append(clause) }
            case .set(let target, let source):
                sets.append("\(path(target)) = \(try setValue(source))")
            }
        }
        var clauses: [String] = []
        if !sets.isEmpty { clauses.append("SET " + sets.joined(separator: ", ")) }
        if !removes.isEmpty { clauses.append("REMOVE " + removes.joined(separator: ", ")) }
        if !adds.isEmpty { clauses.append("ADD " + adds.joined(separator: ", ")) }
        if !deletes.isEmpty { clauses.append("DELETE " + deletes.joined(separator: ", ")) }
        return clauses.joined(separator: " ")
    }

    private mutating func setValue(_ expression: PartiQLExpression) throws(DynamoDBError) -> String {
        switch expression {
        case .path(let p): return path(p)
        case .value(let v): return value(v)
        case .arithmetic(let a, let op, let b): return "\(try setValue(a)) \(op.rawValue) \(try setValue(b))"
        case .function("list_append", let arguments):
            return "list_append(\(try setValue(arguments[0])), \(try setValue(arguments[1])))"
        case .function(let name, _):
            throw PartiQLError.unsupported("Unsupported operator in Update Expression. Operator: \(name)")
        case .missing, .isType:
            throw PartiQLError.unsupported("IS operator is not supported in update expressions")
        default:
            throw PartiQLError.malformed("Expected a value in SET")
        }
    }
}
