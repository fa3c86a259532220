/// One lexical token of a Gmail query.
struct QueryToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// A run of characters up to whitespace, a bracket or a quote; may hold `name:value`.
        case word
        /// `"…"`; `text` is the inside.
        case quoted
        case open, close, openBrace, closeBrace
        /// A `-` directly before a term.
        case minus
        /// Upper-case `OR`, `AND`, `AROUND` (lower case are ordinary words).
        case or, and, around
    }

    let kind: Kind
    let text: String
    /// 1-based character position of the token's first character.
    let position: Int
    /// No whitespace between this token and the previous one (`from:` `(a b)`, `-` `(x)`).
    let joined: Bool
}

/// Splits a query into tokens. Fails only on an unterminated quote.
enum QueryLexer {
    static func tokens(_ query: String) throws(GmailQueryError) -> [QueryToken] {
        let characters = Array(query)
        var tokens: [QueryToken] = []
        var index = 0
        var joined = false
        func isSpace(_ c: Character) -> Bool { c.isWhitespace }
        func isDelimiter(_ c: Character) -> Bool { c.isWhitespace || "(){}\"".contains(c) }

        while index < characters.count {
            let c = characters[index]
            if isSpace(c) {
                index += 1
                joined = false
                continue
            }
            let position = index + 1
            switch c {
            case "(": tokens.append(QueryToken(kind: .open, text: "(", position: position, joined: joined)); index += 1
            case ")": tokens.append(QueryToken(kind: .close, text: ")", position: position, joined: joined)); index += 1
            case "{": tokens.append(QueryToken(kind: .openBrace, text: "{", position: position, joined: joined)); index += 1
            case "}": tokens.append(QueryToken(kind: .closeBrace, text: "}", position: position, joined: joined)); index += 1
            case "\"":
                guard let end = characters[(index + 1)...].firstIndex(of: "\"") else {
                    throw GmailQueryError(
                        message: "unterminated quoted phrase: the \" at position \(position) is never closed",
                        position: position, token: String(characters[index...]))
                }
                tokens.append(QueryToken(kind: .quoted, text: String(characters[(index + 1)..<end]), position: position, joined: joined))
                index = end + 1
            default:
                var end = index
                while end < characters.count, !isDelimiter(characters[end]) { end += 1 }
                var text = String(characters[index..<end])
                var start = position
                // A leading `-` negates the term; `+` (Gmail's "exact word") changes nothing here.
                if text.hasPrefix("-") && (text.count > 1 || (end < characters.count && "({\"".contains(characters[end]))) {
                    tokens.append(QueryToken(kind: .minus, text: "-", position: position, joined: joined))
                    text.removeFirst()
                    start += 1
                    joined = true
                } else if text.hasPrefix("+") && text.count > 1 {
                    text.removeFirst()
                    start += 1
                }
                if !text.isEmpty {
                    let kind: QueryToken.Kind
                    switch text {
                    case "OR": kind = .or
                    case "AND": kind = .and
                    case "AROUND": kind = .around
                    default: kind = .word
                    }
                    tokens.append(QueryToken(kind: kind, text: text, position: start, joined: joined))
                }
                index = end
            }
            joined = true
        }
        return tokens
    }
}
