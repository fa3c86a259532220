/// One token of a PartiQL statement, with where it starts (1-based line and column) for messages.
struct PartiQLToken: Equatable, Sendable {
    enum Kind: Equatable, Sendable {
        /// A bare word: a keyword or an attribute/table name, as written.
        case word(String)
        /// A double-quoted identifier (`"my-table"`), unescaped.
        case quoted(String)
        /// A single-quoted string literal, unescaped.
        case string(String)
        /// A number literal as written (no sign).
        case number(String)
        /// Punctuation and operators: `( ) [ ] { } , . : ; * ? + - = <> != < <= > >= << >>`.
        case symbol(String)
        case end
    }

    let kind: Kind
    let line: Int
    let column: Int

    /// Whether this is the keyword `keyword` (case-insensitive, bare words only).
    func isKeyword(_ keyword: String) -> Bool {
        if case .word(let word) = kind { return word.uppercased() == keyword }
        return false
    }

    func isSymbol(_ symbol: String) -> Bool { kind == .symbol(symbol) }

    /// The token as DynamoDB names it in "Unexpected …" details.
    var text: String {
        switch kind {
        case .word(let w): w
        case .quoted(let q): "\"\(q)\""
        case .string(let s): "'\(s)'"
        case .number(let n): n
        case .symbol(let s): s
        case .end: "end of statement"
        }
    }
}

/// Splits a PartiQL statement into tokens. The statement is at most `PartiQLLimits.maximumStatementLength`
/// characters (checked before), so the token list is bounded by it; nothing here can trap.
enum PartiQLLexer {
    static func tokens(_ statement: String) throws(DynamoDBError) -> [PartiQLToken] {
        let scalars = Array(statement.unicodeScalars)
        var out: [PartiQLToken] = []
        var at = 0, line = 1, lineStart = 0
        func peek(_ offset: Int) -> Unicode.Scalar? { at + offset < scalars.count ? scalars[at + offset] : nil }
        while at < scalars.count {
            let c = scalars[at]
            let column = at - lineStart + 1
            func token(_ kind: PartiQLToken.Kind) -> PartiQLToken { PartiQLToken(kind: kind, line: line, column: column) }
            if c == "\n" {
                at += 1
                line += 1
                lineStart = at
                continue
            }
            if c.properties.isWhitespace {
                at += 1
                continue
            }
            if c == "-", peek(1) == "-" {
                // A line comment, as PartiQL allows.
                while at < scalars.count, scalars[at] != "\n" { at += 1 }
                continue
            }
            if c == "'" || c == "\"" {
                var text = String.UnicodeScalarView()
                at += 1
                var closed = false
                while at < scalars.count {
                    if scalars[at] == c {
                        if peek(1) == c {
                            text.append(c)
                            at += 2
                            continue
                        }
                        closed = true
                        at += 1
                        break
                    }
                    if scalars[at] == "\n" {
                        line += 1
                        lineStart = at + 1
                    }
                    text.append(scalars[at])
                    at += 1
                }
                guard closed else { throw PartiQLError.malformed("Unterminated \(c == "'" ? "string literal" : "quoted identifier")") }
                out.append(token(c == "'" ? .string(String(text)) : .quoted(String(text))))
                continue
            }
            if isDigit(c) || (c == "." && peek(1).map(isDigit) == true) {
                var text = String.UnicodeScalarView()
                while let d = peek(0), isDigit(d) || d == "." {
                    text.append(d)
                    at += 1
                }
                if let e = peek(0), e == "e" || e == "E" {
                    var exponent = String.UnicodeScalarView([e])
                    var probe = 1
                    if let sign = peek(1), sign == "+" || sign == "-" {
                        exponent.append(sign)
                        probe = 2
                    }
                    if let digit = peek(probe), isDigit(digit) {
                        at += probe
                        text.append(contentsOf: exponent)
                        while let d = peek(0), isDigit(d) {
                            text.append(d)
                            at += 1
                        }
                    }
                }
                out.append(token(.number(String(text))))
                continue
            }
            if c.properties.isAlphabetic || c == "_" || c == "$" {
                var text = String.UnicodeScalarView()
                while let d = peek(0), d.properties.isAlphabetic || isDigit(d) || d == "_" || d == "$" {
                    text.append(d)
                    at += 1
                }
                out.append(token(.word(String(text))))
                continue
            }
            let pair = peek(1).map { String(c) + String($0) }
            if let pair, ["<>", "!=", "<=", ">=", "<<", ">>", "||"].contains(pair) {
                out.append(token(.symbol(pair)))
                at += 2
                continue
            }
            if "()[]{},.:;*?+-=<>/%".unicodeScalars.contains(c) {
                out.append(token(.symbol(String(c))))
                at += 1
                continue
            }
            if c == "`" { throw PartiQLError.unsupported("Ion Literals are not supported") }
            throw PartiQLError.malformed("Unexpected character: \(String(c))")
        }
        out.append(PartiQLToken(kind: .end, line: line, column: at - lineStart + 1))
        return out
    }

    private static func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
}
