/// One token of a DynamoDB expression, with where it sits in the source (for "near:" in errors).
struct ExpressionToken: Equatable, Sendable {
    enum Kind: Equatable, Sendable {
        /// A bare attribute name or keyword (`a`, `AND`, `begins_with`).
        case identifier
        /// `#name`.
        case nameReference
        /// `:value`.
        case valueReference
        /// Digits (list indexes).
        case number
        /// Punctuation and comparators: `( ) [ ] . , = <> < <= > >= + -`.
        case symbol
        case end
    }

    let kind: Kind
    let text: String
    /// Character offsets in the source: [start, end).
    let start: Int
    let end: Int

    /// How DynamoDB names the token in a syntax error.
    var display: String { kind == .end ? "<EOF>" : text }
}

/// Splits an expression into tokens. Characters DynamoDB does not accept become an error naming them.
enum ExpressionLexer {
    static func tokens(_ source: String, kind: ExpressionKind) throws(DynamoDBError) -> [ExpressionToken] {
        let chars = Array(source)
        var out: [ExpressionToken] = []
        var i = 0
        func isWord(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || c == "_") }
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace { i += 1; continue }
            let start = i
            if c == "#" || c == ":" {
                i += 1
                while i < chars.count, isWord(chars[i]) { i += 1 }
                // A bare "#" or ":" is a token of its own, refused by the parser ("ADD hits : incr" →
                // Syntax error; token: ":", near: "hits : incr", as DynamoDB answers).
                let kind: ExpressionToken.Kind = i == start + 1 ? .symbol : (c == "#" ? .nameReference : .valueReference)
                out.append(ExpressionToken(kind: kind, text: String(chars[start..<i]), start: start, end: i))
            } else if c.isASCII && c.isNumber {
                while i < chars.count, chars[i].isASCII, chars[i].isNumber { i += 1 }
                // Digits followed by letters are one (invalid) word, as DynamoDB reads "1a".
                while i < chars.count, isWord(chars[i]) { i += 1 }
                let text = String(chars[start..<i])
                out.append(ExpressionToken(kind: text.allSatisfy(\.isNumber) ? .number : .identifier, text: text, start: start, end: i))
            } else if isWord(c) {
                while i < chars.count, isWord(chars[i]) { i += 1 }
                out.append(ExpressionToken(kind: .identifier, text: String(chars[start..<i]), start: start, end: i))
            } else if "<>".contains(c) {
                i += 1
                if i < chars.count, chars[i] == "=" || (c == "<" && chars[i] == ">") { i += 1 }
                out.append(ExpressionToken(kind: .symbol, text: String(chars[start..<i]), start: start, end: i))
            } else if "()[].,=+-".contains(c) {
                i += 1
                out.append(ExpressionToken(kind: .symbol, text: String(c), start: start, end: i))
            } else {
                // DynamoDB reports an unknown character as a syntax error at that character.
                let token = ExpressionToken(kind: .symbol, text: String(c), start: start, end: start + 1)
                throw ExpressionParser.syntaxError(kind: kind, source: chars, tokens: out + [token], at: out.count)
            }
        }
        out.append(ExpressionToken(kind: .end, text: "", start: chars.count, end: chars.count))
        return out
    }
}

/// Which request member an expression came from; names the expression in error messages.
enum ExpressionKind: String, Sendable {
    case condition = "ConditionExpression"
    case update = "UpdateExpression"
    case projection = "ProjectionExpression"
    case keyCondition = "KeyConditionExpression"
    case filter = "FilterExpression"

    /// "Invalid ConditionExpression: " + `detail`.
    func error(_ detail: String) -> DynamoDBError { .validation("Invalid \(rawValue): \(detail)") }
}
