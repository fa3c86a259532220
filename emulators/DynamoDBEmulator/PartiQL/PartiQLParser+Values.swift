import DrydockCore

/// Literal values, table and index names, document paths.
extension PartiQLParser {
    /// A literal value: string, number, boolean, null, `[list]`, `{map}`, `<<set>>`, `?`.
    mutating func literal() throws(DynamoDBError) -> JSONValue {
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
    static func set(_ members: [JSONValue]) throws(DynamoDBError) -> JSONValue {
        guard !members.isEmpty else { throw PartiQLError.unsupported("Empty bags are not supported") }
        let strings = members.compactMap { $0["S"]?.stringValue }
        if strings.count == members.count { return ["SS": .array(strings.map { .string($0) })] }
        let numbers = members.compactMap { $0["N"]?.stringValue }
        if numbers.count == members.count { return ["NS": .array(numbers.map { .string($0) })] }
        throw PartiQLError.unsupported("Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags")
    }

    // MARK: Names and paths

    /// A table or index name: a double-quoted or bare identifier.
    mutating func name() throws(DynamoDBError) -> String {
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
    mutating func path() throws(DynamoDBError) -> PartiQLPath {
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
}
