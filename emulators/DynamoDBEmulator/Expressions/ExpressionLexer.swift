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
        /// Punctuation and comparators: `( ) [ ] . , = <> < <= > >= + -`, and a lone `_` (refused).
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
    /// Token offsets count Characters. In ASCII text without a CR LF pair (one Character of two bytes)
    /// every byte is one Character, so such text — every expression in practice — is read byte by byte:
    /// Swift's Character view costs tens of instructions per character, and expressions are parsed on
    /// every request. `checks` `.stored` (a replayed write) lets a name start with `_`, as earlier
    /// builds did.
    static func tokens(_ source: String, kind: ExpressionKind, checks: InputChecks = .request) throws(DynamoDBError) -> [ExpressionToken] {
        let bytes = Array(source.utf8)
        let underscoreStartsWord = checks == .stored
        if isPlainASCII(bytes) {
            return try tokens(
                bytes, kind: kind, underscoreStartsWord: underscoreStartsWord, text: { String(decoding: $0, as: UTF8.self) }, source: source)
        }
        return try tokens(Array(source), kind: kind, underscoreStartsWord: underscoreStartsWord, text: { String($0) }, source: source)
    }

    /// Whether `text` is empty or only whitespace.
    static func isBlank(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        if isPlainASCII(bytes) { return bytes.allSatisfy(\.isLexerSpace) }
        return text.allSatisfy(\.isWhitespace)
    }

    private static let punctuation = Array("()[].,=+-_".utf8)

    private static func isPlainASCII(_ bytes: [UInt8]) -> Bool {
        var previous: UInt8 = 0
        for byte in bytes {
            if byte >= 0x80 || (previous == 0x0D && byte == 0x0A) { return false }
            previous = byte
        }
        return true
    }

    private static func tokens<Unit: LexerUnit>(
        _ chars: [Unit], kind: ExpressionKind, underscoreStartsWord: Bool, text: (ArraySlice<Unit>) -> String, source: String
    ) throws(DynamoDBError) -> [ExpressionToken] {
        var out: [ExpressionToken] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c.isLexerSpace { i += 1; continue }
            let start = i
            let ascii = c.lexerASCII
            if ascii == UInt8(ascii: "#") || ascii == UInt8(ascii: ":") {
                i += 1
                while i < chars.count, chars[i].isWordPart { i += 1 }
                // A bare "#" or ":" is a token of its own, refused by the parser ("ADD hits : incr" →
                // Syntax error; token: ":", near: "hits : incr", as DynamoDB answers).
                let kind: ExpressionToken.Kind = i == start + 1 ? .symbol : (ascii == UInt8(ascii: "#") ? .nameReference : .valueReference)
                out.append(ExpressionToken(kind: kind, text: text(chars[start..<i]), start: start, end: i))
            } else if c.isDigit {
                while i < chars.count, chars[i].isDigit { i += 1 }
                let digitsEnd = i
                // Digits followed by letters are one (invalid) word, as DynamoDB reads "1a".
                while i < chars.count, chars[i].isWordPart { i += 1 }
                let tokenKind: ExpressionToken.Kind = i == digitsEnd ? .number : .identifier
                out.append(ExpressionToken(kind: tokenKind, text: text(chars[start..<i]), start: start, end: i))
            } else if c.isWordPart, underscoreStartsWord || c.lexerASCII != UInt8(ascii: "_") {
                // A word starts with a letter; after it, digits and "_" may follow. A leading "_" is a
                // token of its own that no rule accepts (DynamoDB: `SET _123 = :v` → Syntax error;
                // token: "_", near: "SET _123").
                while i < chars.count, chars[i].isWordPart { i += 1 }
                out.append(ExpressionToken(kind: .identifier, text: text(chars[start..<i]), start: start, end: i))
            } else if ascii == UInt8(ascii: "<") || ascii == UInt8(ascii: ">") {
                i += 1
                if i < chars.count, chars[i].lexerASCII == UInt8(ascii: "=") || (ascii == UInt8(ascii: "<") && chars[i].lexerASCII == UInt8(ascii: ">")) { i += 1 }
                out.append(ExpressionToken(kind: .symbol, text: text(chars[start..<i]), start: start, end: i))
            } else if let ascii, punctuation.contains(ascii) {
                i += 1
                out.append(ExpressionToken(kind: .symbol, text: text(chars[start..<i]), start: start, end: i))
            } else {
                // DynamoDB reports an unknown character as a syntax error at that character.
                let token = ExpressionToken(kind: .symbol, text: text(chars[start..<(start + 1)]), start: start, end: start + 1)
                throw ExpressionParser.syntaxError(kind: kind, source: Array(source), tokens: out + [token], at: out.count)
            }
        }
        out.append(ExpressionToken(kind: .end, text: "", start: chars.count, end: chars.count))
        return out
    }
}

/// What the lexer asks of a unit of text: a byte of plain ASCII text or a Character of any other.
protocol LexerUnit {
    /// Whitespace (`Character.isWhitespace`).
    var isLexerSpace: Bool { get }
    /// An ASCII letter, digit or `_`: part of a word.
    var isWordPart: Bool { get }
    /// An ASCII digit.
    var isDigit: Bool { get }
    /// The unit's ASCII byte, nil for any other unit.
    var lexerASCII: UInt8? { get }
}

extension UInt8: LexerUnit {
    /// Character.isWhitespace on ASCII: tab, line feed, vertical tab, form feed, carriage return, space.
    var isLexerSpace: Bool { (0x09...0x0D).contains(self) || self == 0x20 }
    var isWordPart: Bool { isDigit || (0x41...0x5A).contains(self) || (0x61...0x7A).contains(self) || self == UInt8(ascii: "_") }
    var isDigit: Bool { (0x30...0x39).contains(self) }
    var lexerASCII: UInt8? { self < 0x80 ? self : nil }
}

extension Character: LexerUnit {
    var isLexerSpace: Bool { isWhitespace }
    var isWordPart: Bool { isASCII && (isLetter || isNumber || self == "_") }
    var isDigit: Bool { isASCII && isNumber }
    /// A CR LF pair is one ASCII Character whose `asciiValue` is a line feed: not a symbol.
    var lexerASCII: UInt8? { self == "\r\n" ? nil : asciiValue }
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
