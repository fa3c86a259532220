import DrydockCore

/// Parses the PartiQL subset DynamoDB runs (Developer Guide, "PartiQL for DynamoDB"):
///
/// ```
/// SELECT * | path, … FROM "table"["index"] [WHERE cond] [ORDER BY key [ASC|DESC], …]
/// INSERT INTO "table" VALUE {'k': v, …}
/// UPDATE "table" SET path = value [, …] | REMOVE path [, …] … WHERE cond [RETURNING (ALL|MODIFIED) (OLD|NEW) *]
/// DELETE FROM "table" WHERE cond [RETURNING ALL OLD *]
/// EXISTS(SELECT … WHERE cond)                               -- ExecuteTransaction only
/// ```
///
/// Conditions: `= <> != < <= > >=`, `[NOT] BETWEEN`, `[NOT] IN (…)` or `IN […]`, `IS [NOT] MISSING`,
/// `IS [NOT] NULL|STRING|NUMERIC|BOOLEAN|BLOB|LIST|STRUCT|TUPLE`, `begins_with`, `contains`,
/// `attribute_type`, `size`, `AND`/`OR`/`NOT`, parentheses. Values: `'string'`, numbers, `TRUE`,
/// `FALSE`, `NULL`, `[list]`, `{'map': …}`, `<<set>>`, and `?` (the next of `parameters`).
///
/// Recursion is bounded by `PartiQLLimits.maximumNesting`; the statement's length by the caller.
struct PartiQLParser {
    private var tokens: [PartiQLToken]
    private var at = 0
    private let parameters: [JSONValue]
    private var usedParameters = 0
    private var depth = 0
    private var operators = 0

    static func parse(_ statement: String, parameters: [JSONValue]) throws(DynamoDBError) -> PartiQLStatement {
        var parser = PartiQLParser(tokens: try PartiQLLexer.tokens(statement), parameters: parameters)
        return try parser.statement()
    }

    /// Whether `statement` may change data: anything that does not start with SELECT (a statement that
    /// fails to parse is counted as a write, which only costs a log record). The data directory logs
    /// PartiQL requests by this.
    static func mayWrite(_ statement: String) -> Bool {
        guard let first = try? PartiQLLexer.tokens(statement).first else { return true }
        return !first.isKeyword("SELECT")
    }

    private init(tokens: [PartiQLToken], parameters: [JSONValue]) {
        self.tokens = tokens
        self.parameters = parameters
    }

    // MARK: Statements

    private mutating func statement() throws(DynamoDBError) -> PartiQLStatement {
        let result: PartiQLStatement
        if accept("SELECT") {
            result = .select(try select())
        } else if accept("INSERT") {
            result = try insert()
        } else if accept("UPDATE") {
            result = .update(try update())
        } else if accept("DELETE") {
            result = .delete(try delete())
        } else if accept("EXISTS") {
            try expectSymbol("(")
            guard accept("SELECT") else { throw PartiQLError.malformed("Expected SELECT in EXISTS") }
            let select = try select()
            try expectSymbol(")")
            result = .exists(select)
        } else {
            throw PartiQLError.malformed("Expected data manipulation")
        }
        _ = acceptSymbol(";")
        guard current.kind == .end else { throw PartiQLError.malformed("Unexpected token after expression") }
        // Too few parameters fails where the first missing one is read (`primary`); too many are
        // accepted, as DynamoDB does (recorded by a public emulator's suite).
        return result
    }

    private mutating func select() throws(DynamoDBError) -> PartiQLStatement.Select {
        var projection: [PartiQLPath]? = []
        if acceptSymbol("*") {
            projection = nil
            if current.isSymbol(",") {
                throw PartiQLError.unsupported("Other attributes should not be present in the projection when '*' is used.")
            }
        } else {
            repeat {
                if case .word(let w) = current.kind, next.isSymbol("("), !["SIZE"].contains(w.uppercased()) {
                    // Aggregates and other functions are not projections in DynamoDB (captured text,
                    // 1-based line:column:length of the token).
                    throw PartiQLError.unsupported("Unexpected path component at \(current.line):\(current.column):\(w.count)")
                }
                let path = try path()
                if projection?.contains(path) == true {
                    throw PartiQLError.unsupported("Duplicate identifiers in select clause: \(path.resultName)")
                }
                projection?.append(path)
                if current.isSymbol("*") {
                    throw PartiQLError.unsupported("Other attributes should not be present in the projection when '*' is used.")
                }
            } while acceptSymbol(",")
            if current.isSymbol("*") {
                throw PartiQLError.unsupported("Other attributes should not be present in the projection when '*' is used.")
            }
        }
        try expect("FROM")
        let table = try name()
        var index: String?
        if acceptSymbol(".") { index = try name() }
        if acceptSymbol(".") { throw PartiQLError.unsupported("A path may contain at most 2 components in the FROM clause") }
        if acceptSymbol(",") { throw PartiQLError.unsupported("Only select from a single table or index is supported.") }
        try refuseAlias()
        var select = PartiQLStatement.Select(projection: projection, table: table, index: index)
        if accept("WHERE") { select.condition = try expression() }
        if accept("ORDER") {
            try expect("BY")
            repeat {
                let key = try path()
                guard key.elements.count == 1 else {
                    throw PartiQLError.unsupported("Argument to ORDER BY must be of type VariableReference. Type: path")
                }
                let descending = accept("DESC")
                if !descending { _ = accept("ASC") }
                select.ordering.append((key.attribute, descending))
            } while acceptSymbol(",")
        }
        return select
    }

    private mutating func insert() throws(DynamoDBError) -> PartiQLStatement {
        try expect("INTO")
        let table = try name()
        try refuseAlias()
        if accept("VALUES") || current.isSymbol("<<") {
            throw PartiQLError.unsupported(#"Unsupported operation: Inserting multiple items in a single statement is not supported, use "INSERT INTO tableName VALUE item" instead"#)
        }
        try expect("VALUE")
        let value = try primary()
        guard case .value(let item) = value, let members = item.objectValue, members.count == 1, members[0].0 == "M",
              let map = members[0].1.objectValue
        else {
            throw PartiQLError.unsupported("Unsupported format in item expression. Please use struct format {...} to express item values for insert statement.")
        }
        if current.isKeyword("RETURNING") { throw PartiQLError.unsupported("RETURNING is not supported in INSERT") }
        if current.isKeyword("WHERE") || current.isKeyword("FROM") {
            throw PartiQLError.unsupported("Unsupported FROM ... WHERE ... clause in INSERT statement.")
        }
        return .insert(table: table, item: .object(map))
    }

    private mutating func update() throws(DynamoDBError) -> PartiQLStatement.Update {
        let table = try name()
        try refuseAlias()
        var actions: [PartiQLUpdateAction] = []
        while true {
            if accept("SET") {
                repeat {
                    let target = try path()
                    try expectSymbol("=")
                    actions.append(.set(target, try additive()))
                } while acceptSymbol(",") && !current.isKeyword("SET") && !current.isKeyword("REMOVE")
            } else if accept("REMOVE") {
                repeat { actions.append(.remove(try path())) } while acceptSymbol(",")
            } else if current.isKeyword("ADD") || current.isKeyword("DELETE") {
                throw PartiQLError.unsupported("Only SET and REMOVE are supported in update expressions at this time")
            } else {
                break
            }
        }
        guard !actions.isEmpty else { throw PartiQLError.malformed("Expected SET or REMOVE") }
        guard accept("WHERE") else { throw PartiQLError.incompleteKey }
        let condition = try expression()
        return PartiQLStatement.Update(table: table, actions: actions, condition: condition, returning: try returning())
    }

    private mutating func delete() throws(DynamoDBError) -> PartiQLStatement.Delete {
        try expect("FROM")
        let table = try name()
        if acceptSymbol(".") { throw PartiQLError.unsupported("FROM clause may only contain a single table name in data manipulation statements") }
        try refuseAlias()
        guard accept("WHERE") else { throw PartiQLError.incompleteKey }
        let condition = try expression()
        let returning = try returning()
        if let returning, returning != PartiQLReturning(all: true, new: false) {
            throw PartiQLError.unsupported("Invalid returning clause: RETURNING \(returning.text). Only RETURNING ALL OLD * is allowed in DELETE statements.")
        }
        return PartiQLStatement.Delete(table: table, condition: condition, returning: returning)
    }

    private mutating func returning() throws(DynamoDBError) -> PartiQLReturning? {
        guard accept("RETURNING") else { return nil }
        let all: Bool
        if accept("ALL") { all = true } else if accept("MODIFIED") { all = false } else {
            throw PartiQLError.unsupported("Expected '*' after ( MODIFIED | ALL ) ( NEW | OLD ) in RETURNING clause")
        }
        let new: Bool
        if accept("NEW") { new = true } else if accept("OLD") { new = false } else {
            throw PartiQLError.unsupported("Expected '*' after ( MODIFIED | ALL ) ( NEW | OLD ) in RETURNING clause")
        }
        guard acceptSymbol("*") else {
            throw PartiQLError.unsupported("Expected '*' after ( MODIFIED | ALL ) ( NEW | OLD ) in RETURNING clause")
        }
        if current.isSymbol(",") {
            throw PartiQLError.unsupported("Invalid syntax with multiple returning elements in RETURNING clause")
        }
        return PartiQLReturning(all: all, new: new)
    }

    private mutating func refuseAlias() throws(DynamoDBError) {
        if current.isKeyword("AS") { throw PartiQLError.unsupported("Aliasing is not supported") }
        if case .word(let w) = current.kind, !Self.clauseKeywords.contains(w.uppercased()) {
            throw PartiQLError.unsupported("Aliasing is not supported")
        }
    }

    static let clauseKeywords: Set<String> = ["WHERE", "ORDER", "SET", "REMOVE", "VALUE", "VALUES", "RETURNING", "ADD", "DELETE", "FROM"]

    // MARK: Conditions

    private mutating func expression() throws(DynamoDBError) -> PartiQLExpression {
        try enter()
        defer { depth -= 1 }
        var left = try conjunction()
        while accept("OR") {
            try countOperator()
            left = .or(left, try conjunction())
        }
        return left
    }

    private mutating func conjunction() throws(DynamoDBError) -> PartiQLExpression {
        var left = try negation()
        while accept("AND") {
            try countOperator()
            left = .and(left, try negation())
        }
        return left
    }

    private mutating func negation() throws(DynamoDBError) -> PartiQLExpression {
        if accept("NOT") {
            try countOperator()
            try enter()
            defer { depth -= 1 }
            return .not(try negation())
        }
        return try predicate()
    }

    private mutating func predicate() throws(DynamoDBError) -> PartiQLExpression {
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
    private mutating func additive() throws(DynamoDBError) -> PartiQLExpression {
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

    private mutating func primary() throws(DynamoDBError) -> PartiQLExpression {
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

    private mutating func function(_ name: String) throws(DynamoDBError) -> PartiQLExpression {
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

    // MARK: Values

    /// A literal value: string, number, boolean, null, `[list]`, `{map}`, `<<set>>`, `?`.
    private mutating func literal() throws(DynamoDBError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        if acceptSymbol("[") {
            var items: [JSONValue] = []
            if !current.isSymbol("]") {
                repeat { items.append(try literal()) } while acceptSymbol(",")
            }
            try expectSymbol("]")
            return ["L": .array(items)]
        }
        if acceptSymbol("{") {
            var members: [(String, JSONValue)] = []
            if !current.isSymbol("}") {
                repeat {
                    guard case .string(let key) = current.kind else {
                        throw PartiQLError.unsupported("Tuple keys must be of type String. Actual type: \(current.text) under item")
                    }
                    at += 1
                    try expectSymbol(":")
                    if members.contains(where: { $0.0 == key }) {
                        throw PartiQLError.unsupported("Duplicate keys in tuple. Key: \(key) under item")
                    }
                    members.append((key, try literal()))
                } while acceptSymbol(",")
            }
            try expectSymbol("}")
            return ["M": .object(members)]
        }
        if acceptSymbol("<<") {
            var members: [JSONValue] = []
            if !current.isSymbol(">>") {
                repeat { members.append(try literal()) } while acceptSymbol(",")
            }
            try expectSymbol(">>")
            return try Self.set(members)
        }
        guard case .value(let value) = try primary() else { throw PartiQLError.malformed("Expected a value") }
        return value
    }

    /// `<<…>>`: a string set or a number set (DynamoDB's bags hold only one of them).
    private static func set(_ members: [JSONValue]) throws(DynamoDBError) -> JSONValue {
        guard !members.isEmpty else { throw PartiQLError.unsupported("Empty bags are not supported") }
        let strings = members.compactMap { $0["S"]?.stringValue }
        if strings.count == members.count { return ["SS": .array(strings.map { .string($0) })] }
        let numbers = members.compactMap { $0["N"]?.stringValue }
        if numbers.count == members.count { return ["NS": .array(numbers.map { .string($0) })] }
        throw PartiQLError.unsupported("Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags")
    }

    // MARK: Names and paths

    /// A table or index name: a double-quoted or bare identifier.
    private mutating func name() throws(DynamoDBError) -> String {
        switch current.kind {
        case .quoted(let q):
            at += 1
            return q
        case .word(let w) where !Self.clauseKeywords.contains(w.uppercased()):
            at += 1
            return w
        default:
            throw PartiQLError.malformed("Unexpected \(current.kind == .end ? "end of statement" : "token: \(current.text)")")
        }
    }

    /// `name { .name | [index] }`, at most 32 levels (DynamoDB's document-path limit).
    private mutating func path() throws(DynamoDBError) -> PartiQLPath {
        var elements: [DocumentPath.Element] = [.name(try name())]
        while true {
            if acceptSymbol(".") {
                if current.isSymbol("*") { throw PartiQLError.unsupported("Unpivot path component like a.*.b are not supported") }
                let component = try name()
                if component.isEmpty { throw PartiQLError.unsupported("Path component cannot be an empty string") }
                elements.append(.name(component))
            } else if acceptSymbol("[") {
                if current.isSymbol("*") { throw PartiQLError.unsupported("Wildcard path component like a[*].b are not supported") }
                guard case .number(let digits) = current.kind else { throw PartiQLError.malformed("Expected a list index") }
                at += 1
                guard digits.allSatisfy(\.isNumber), digits.count <= 10, let index = Int(digits), index <= ExpressionLimits.maximumListIndex else {
                    throw PartiQLError.unsupported("List index is not within the allowable range; index: [\(digits)]")
                }
                try expectSymbol("]")
                elements.append(.index(index))
            } else {
                break
            }
            if elements.count > ExpressionLimits.maximumPathDepth {
                throw PartiQLError.unsupported("Nesting Levels have exceeded supported limits: document path is longer than \(ExpressionLimits.maximumPathDepth) levels")
            }
        }
        if case .name(let first) = elements[0], first.isEmpty { throw PartiQLError.unsupported("Path component cannot be an empty string") }
        return PartiQLPath(elements: elements)
    }

    // MARK: Tokens

    private var current: PartiQLToken { tokens[min(at, tokens.count - 1)] }
    private var next: PartiQLToken { tokens[min(at + 1, tokens.count - 1)] }

    private mutating func accept(_ keyword: String) -> Bool {
        guard current.isKeyword(keyword) else { return false }
        at += 1
        return true
    }

    private mutating func acceptSymbol(_ symbol: String) -> Bool {
        guard current.isSymbol(symbol) else { return false }
        at += 1
        return true
    }

    private mutating func expect(_ keyword: String) throws(DynamoDBError) {
        guard accept(keyword) else {
            throw PartiQLError.malformed("Expected \(keyword), found \(current.text)")
        }
    }

    private mutating func expectSymbol(_ symbol: String) throws(DynamoDBError) {
        guard acceptSymbol(symbol) else {
            throw PartiQLError.malformed("Expected \(symbol), found \(current.text)")
        }
    }

    /// Counts one operator or function, refusing the 301st: the statement becomes a DynamoDB expression,
    /// which holds at most 300 (the limit and its text are the expression's; applying them to the
    /// statement is the emulator's assumption). It also bounds how deep AND/OR chains nest.
    private mutating func countOperator() throws(DynamoDBError) {
        operators += 1
        if operators > ExpressionLimits.maximumOperators {
            throw .validation("The expression contains too many operators; operator count: \(operators)")
        }
    }

    private mutating func enter() throws(DynamoDBError) {
        depth += 1
        if depth > PartiQLLimits.maximumNesting {
            throw PartiQLError.malformed("Statement nesting exceeds \(PartiQLLimits.maximumNesting) levels")
        }
    }
}
