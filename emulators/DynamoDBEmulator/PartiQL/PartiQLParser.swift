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
/// Conditions are parsed in `PartiQLParser+Conditions.swift`, values, names and paths in
/// `PartiQLParser+Values.swift`.
struct PartiQLParser {
    var tokens: [PartiQLToken]
    var at = 0
    let parameters: [JSONValue]
    var usedParameters = 0
    var depth = 0
    var operators = 0

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

    mutating func statement() throws(DynamoDBError) -> PartiQLStatement {
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

    mutating func select() throws(DynamoDBError) -> PartiQLStatement.Select {
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

    mutating func insert() throws(DynamoDBError) -> PartiQLStatement {
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

    mutating func update() throws(DynamoDBError) -> PartiQLStatement.Update {
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

    mutating func delete() throws(DynamoDBError) -> PartiQLStatement.Delete {
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

    mutating func returning() throws(DynamoDBError) -> PartiQLReturning? {
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

    mutating func refuseAlias() throws(DynamoDBError) {
        if current.isKeyword("AS") { throw PartiQLError.unsupported("Aliasing is not supported") }
        if case .word(let w) = current.kind, !Self.clauseKeywords.contains(w.uppercased()) {
            throw PartiQLError.unsupported("Aliasing is not supported")
        }
    }

    static let clauseKeywords: Set<String> = ["WHERE", "ORDER", "SET", "REMOVE", "VALUE", "VALUES", "RETURNING", "ADD", "DELETE", "FROM"]

    // MARK: Tokens

    var current: PartiQLToken { tokens[min(at, tokens.count - 1)] }
    var next: PartiQLToken { tokens[min(at + 1, tokens.count - 1)] }

    mutating func accept(_ keyword: String) -> Bool {
        guard current.isKeyword(keyword) else { return false }
        at += 1
        return true
    }

    mutating func acceptSymbol(_ symbol: String) -> Bool {
        guard current.isSymbol(symbol) else { return false }
        at += 1
        return true
    }

    mutating func expect(_ keyword: String) throws(DynamoDBError) {
        guard accept(keyword) else {
            throw PartiQLError.malformed("Expected \(keyword), found \(current.text)")
        }
    }

    mutating func expectSymbol(_ symbol: String) throws(DynamoDBError) {
        guard acceptSymbol(symbol) else {
            throw PartiQLError.malformed("Expected \(symbol), found \(current.text)")
        }
    }

    /// Counts one operator or function, refusing the 301st: the statement becomes a DynamoDB expression,
    /// which holds at most 300 (the limit and its text are the expression's; applying them to the
    /// statement is the emulator's assumption). It also bounds how deep AND/OR chains nest.
    mutating func countOperator() throws(DynamoDBError) {
        operators += 1
        if operators > ExpressionLimits.maximumOperators {
            throw .validation("The expression contains too many operators; operator count: \(operators)")
        }
    }

    mutating func enter() throws(DynamoDBError) {
        depth += 1
        if depth > PartiQLLimits.maximumNesting {
            throw PartiQLError.malformed("Statement nesting exceeds \(PartiQLLimits.maximumNesting) levels")
        }
    }
}
