/// The shared machinery of DynamoDB's expression parsers: a token cursor, document paths, operands,
/// and DynamoDB's syntax-error message
/// (`Invalid ConditionExpression: Syntax error; token: "x", near: "a x b"`).
struct ExpressionParser {
    let kind: ExpressionKind
    /// The expression as sent.
    let text: String
    let tokens: [ExpressionToken]
    var position = 0
    var context: ExpressionContext
    /// Index of the ")" closing the "(" at each index, for the redundant-parentheses check.
    var closingParenthesis: [Int: Int] = [:]
    /// Operators and functions read so far (`ExpressionLimits.maximumOperators`).
    var operatorCount = 0
    /// Current recursion depth (`ExpressionLimits.maximumNesting`).
    var depth = 0
    /// `.stored` while a data directory's log is replayed (see `InputChecks`).
    let checks: InputChecks

    /// Refuses an empty expression and one past 4 KB before reading it.
    init(_ text: String, kind: ExpressionKind, context: ExpressionContext, checks: InputChecks = .request) throws(DynamoDBError) {
        self.kind = kind
        self.checks = checks
        if ExpressionLexer.isBlank(text) {
            var error = kind.error("The expression can not be empty;")
            error.envelopable = true
            throw error
        }
        if let error = ExpressionLimits.sizeError(text, kind: kind) { throw error }
        self.text = text
        tokens = try ExpressionLexer.tokens(text, kind: kind, checks: checks)
        self.context = context
    }

    /// The expression's characters, which token offsets count (built only for an error's "near:").
    var source: [Character] { Array(text) }

    var current: ExpressionToken { tokens[position] }
    var next: ExpressionToken { tokens[min(position + 1, tokens.count - 1)] }

    mutating func advance() { if position < tokens.count - 1 { position += 1 } }

    func isKeyword(_ word: String) -> Bool {
        // Identifiers are ASCII (the lexer's words), so ASCII case folding is all there is to compare.
        current.kind == .identifier && current.text.equalsIgnoringASCIICase(word)
    }

    func isSymbol(_ symbol: String) -> Bool { current.kind == .symbol && current.text == symbol }

    mutating func expectSymbol(_ symbol: String) throws(DynamoDBError) {
        guard isSymbol(symbol) else { throw syntaxError() }
        advance()
    }

    mutating func expectEnd() throws(DynamoDBError) {
        guard current.kind == .end else { throw syntaxError() }
    }

    /// A syntax error at the current token.
    func syntaxError() -> DynamoDBError {
        Self.syntaxError(kind: kind, source: source, tokens: tokens, at: position)
    }

    /// DynamoDB's "near" is the source from the previous token through the next one (observed form:
    /// `near: "a = = b"` style context; exact span assumed).
    static func syntaxError(kind: ExpressionKind, source: [Character], tokens: [ExpressionToken], at index: Int) -> DynamoDBError {
        let token = tokens[index]
        let from = index > 0 ? tokens[index - 1].start : token.start
        let nextIndex = index + 1 < tokens.count ? index + 1 : index
        let to = tokens[nextIndex].kind == .end ? token.end : tokens[nextIndex].end
        let near = String(source[min(from, source.count)..<min(max(to, from), source.count)])
        return kind.error("Syntax error; token: \"\(token.display)\", near: \"\(near)\"")
    }

    // MARK: Paths

    /// `name`, `#name`, then any `.name`, `.#name`, `[n]`; at most 32 levels.
    mutating func parsePath() throws(DynamoDBError) -> DocumentPath {
        var elements: [DocumentPath.Element] = [.name(try parsePathName())]
        while true {
            if isSymbol(".") {
                advance()
                elements.append(.name(try parsePathName()))
            } else if isSymbol("[") {
                advance()
                guard current.kind == .number else { throw syntaxError() }
                let index = try listIndex(current.text)
                advance()
                try expectSymbol("]")
                elements.append(.index(index))
            } else {
                try checkPathDepth(elements)
                return DocumentPath(elements: elements)
            }
        }
    }

    private mutating func parsePathName() throws(DynamoDBError) -> String {
        switch current.kind {
        case .nameReference:
            let name = try context.name(current.text, kind: kind)
            advance()
            return name
        case .identifier:
            let word = current.text
            if ReservedWords.contains(word) {
                throw kind.error("Attribute name is a reserved keyword; reserved keyword: \(word)")
            }
            // A replayed write may name `_x`, as earlier builds let it (see `InputChecks`).
            guard let first = word.first, first.isLetter || (checks == .stored && first == "_") else { throw syntaxError() }
            advance()
            return word
        default:
            throw syntaxError()
        }
    }

    /// A `:value` reference, resolved.
    mutating func parseValue() throws(DynamoDBError) -> AttributeValue {
        guard current.kind == .valueReference else { throw syntaxError() }
        let value = try context.value(current.text, kind: kind)
        advance()
        return value
    }
}
