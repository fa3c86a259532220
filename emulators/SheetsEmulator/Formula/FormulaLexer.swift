/// Splits formula text (after the `=`) into tokens. Works on Unicode scalars; never traps on any input.
///
/// Separators follow the spreadsheet's locale, as Sheets reads a formula typed in the UI or sent as
/// USER_ENTERED (users report that formulas written with `,` through the API fail to parse in
/// semicolon locales): where the decimal separator is `,` (de_DE, fr_FR), numbers are `1,5`, `;`
/// separates arguments and array rows, and `\` separates array columns (`{1\2;3\4}`); elsewhere `,`
/// separates arguments and array columns, `;` array rows, and `;` between arguments is accepted too
/// (Sheets autocorrects it to `,` in those locales; `FormulaSyntax.normalized` does that to the text).
/// The separator tokens are the same either way (`.comma` between arguments or columns, `.semicolon`
/// between rows), so the parser does not know the locale.
struct FormulaLexer {
    enum Token: Sendable, Equatable {
        case number(Double)
        case text(String)
        /// A cell or range with its optional sheet, already parsed.
        case reference(FormulaReference)
        /// A bare name: a function (when `(` follows), `TRUE`/`FALSE`, or a named range.
        case name(String)
        case op(String)
        case openParen, closeParen, comma
        /// `{`, `}` and `;` of an array literal (`{1,2;3,4}`: `,` between columns, `;` between rows).
        case openBrace, closeBrace, semicolon
        /// An error literal (`#REF!`, which is what a reference to deleted cells becomes).
        case error(CellError)
    }

    struct Failure: Error, Sendable, Equatable {}

    static func tokens(_ text: String, decimalComma: Bool = false) throws(Failure) -> [Token] {
        try spannedTokens(text, decimalComma: decimalComma).map(\.token)
    }

    /// The tokens with where each sits in `text`, in Unicode scalar offsets (so references can be
    /// rewritten in place, keeping the rest of the formula as typed).
    static func spannedTokens(_ text: String, decimalComma: Bool = false) throws(Failure) -> [(token: Token, span: Range<Int>)] {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        // Whether the innermost open bracket is `{` (true) or `(` (false): `;` means "next argument"
        // inside parentheses and "next row" inside braces. Bounded by the text's length.
        var brackets: [Bool] = []
        var insideBraces: Bool { brackets.last == true }
        var spanned: [(token: Token, span: Range<Int>)] = []
        // Each pass of the loop reads at most one token into `tokens`; `flush` gives it its span,
        // from `tokenStart` to where reading stopped.
        var tokenStart = 0
        var tokens: [Token] = []
        func flush() {
            for token in tokens { spanned.append((token, tokenStart..<index)) }
            tokens.removeAll(keepingCapacity: true)
        }
        while index < scalars.count {
            flush()
            tokenStart = index
            let scalar = scalars[index]
            switch scalar {
            case "#":
                guard let (error, length) = errorLiteral(scalars, at: index) else { throw Failure() }
                tokens.append(.error(error)); index += length
            case " ", "\t", "\n", "\r":
                index += 1
            case "(": tokens.append(.openParen); index += 1; brackets.append(false)
            case ")": tokens.append(.closeParen); index += 1; _ = brackets.popLast()
            case ",":
                // In a decimal-comma locale `,` only belongs inside a number (read there).
                guard !decimalComma else { throw Failure() }
                tokens.append(.comma); index += 1
            case "{": tokens.append(.openBrace); index += 1; brackets.append(true)
            case "}": tokens.append(.closeBrace); index += 1; _ = brackets.popLast()
            case ";": tokens.append(insideBraces ? .semicolon : .comma); index += 1
            case "\\":
                guard decimalComma, insideBraces else { throw Failure() }
                tokens.append(.comma); index += 1
            case "+", "-", "*", "/", "^", "&", "%", "=":
                tokens.append(.op(String(scalar))); index += 1
            case "<", ">":
                let next = index + 1 < scalars.count ? scalars[index + 1] : " "
                if next == "=" || (scalar == "<" && next == ">") {
                    tokens.append(.op(String(scalar) + String(next))); index += 2
                } else {
                    tokens.append(.op(String(scalar))); index += 1
                }
            case "\"":
                var value = ""
                index += 1
                var closed = false
                while index < scalars.count {
                    if scalars[index] == "\"" {
                        if index + 1 < scalars.count, scalars[index + 1] == "\"" {
                            value.unicodeScalars.append("\""); index += 2; continue
                        }
                        index += 1; closed = true; break
                    }
                    value.unicodeScalars.append(scalars[index]); index += 1
                }
                guard closed else { throw Failure() }
                tokens.append(.text(value))
            case "'":
                // 'Sheet name'!A1
                var name = ""
                index += 1
                var closed = false
                while index < scalars.count {
                    if scalars[index] == "'" {
                        if index + 1 < scalars.count, scalars[index + 1] == "'" {
                            name.unicodeScalars.append("'"); index += 2; continue
                        }
                        index += 1; closed = true; break
                    }
                    name.unicodeScalars.append(scalars[index]); index += 1
                }
                guard closed, !name.isEmpty, index < scalars.count, scalars[index] == "!" else { throw Failure() }
                index += 1
                let cells = word(scalars, &index, allowColon: true)
                guard let range = A1CellRange(cells) else { throw Failure() }
                tokens.append(.reference(FormulaReference(sheet: name, cells: range)))
            default:
                if isDigit(scalar) || (scalar == "." && index + 1 < scalars.count && isDigit(scalars[index + 1])) {
                    // A number, unless it is a row range (`1:3`).
                    let start = index
                    let run = word(scalars, &index, allowColon: true)
                    if run.contains(":"), let range = A1CellRange(run) {
                        tokens.append(.reference(FormulaReference(sheet: nil, cells: range)))
                        continue
                    }
                    index = start
                    tokens.append(.number(try number(scalars, &index, decimalComma: decimalComma)))
                } else if isWordStart(scalar) {
                    let run = word(scalars, &index, allowColon: false)
                    if index < scalars.count, scalars[index] == "!" {
                        index += 1
                        let cells = word(scalars, &index, allowColon: true)
                        guard let range = A1CellRange(cells) else { throw Failure() }
                        tokens.append(.reference(FormulaReference(sheet: run, cells: range)))
                        continue
                    }
                    // Extend over `:` for ranges (`A1:B2`, `A:A`).
                    if index < scalars.count, scalars[index] == ":" {
                        var probe = index + 1
                        let rest = word(scalars, &probe, allowColon: false)
                        if let range = A1CellRange(run + ":" + rest) {
                            index = probe
                            tokens.append(.reference(FormulaReference(sheet: nil, cells: range)))
                            continue
                        }
                    }
                    var after = index
                    while after < scalars.count, scalars[after] == " " { after += 1 }
                    let isCall = after < scalars.count && scalars[after] == "("
                    if !isCall, !run.contains("."), let cell = A1CellRange(run) {
                        tokens.append(.reference(FormulaReference(sheet: nil, cells: cell)))
                    } else {
                        tokens.append(.name(run))
                    }
                } else {
                    throw Failure()
                }
            }
        }
        flush()
        return spanned
    }

    /// The error literals a formula may hold, as Sheets writes them (messages assumed).
    static let errorLiterals: [(String, CellError)] = [
        ("#REF!", .reference("Reference does not exist.")),
        ("#N/A", .notAvailable("Value not available.")),
        ("#DIV/0!", .divideByZero()),
        ("#VALUE!", .value("Wrong type of value.")),
        ("#NAME?", .name("Unknown name.")),
        ("#NUM!", .number("Invalid number.")),
        ("#ERROR!", .parse),
    ]

    /// The error literal at `index` (case-insensitive) and its length.
    private static func errorLiteral(_ scalars: [Unicode.Scalar], at index: Int) -> (CellError, Int)? {
        for (literal, error) in errorLiterals {
            let expected = Array(literal.unicodeScalars)
            guard index + expected.count <= scalars.count else { continue }
            var matches = true
            for offset in expected.indices where Character(scalars[index + offset]).uppercased() != String(expected[offset]) {
                matches = false
                break
            }
            if matches { return (error, expected.count) }
        }
        return nil
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    private static func isWordStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "$" || scalar == "_" || scalar.properties.isAlphabetic
    }

    /// Letters, digits, `$`, `_`, `.` (and `:` when allowed): a name, cell or sheet name.
    private static func word(_ scalars: [Unicode.Scalar], _ index: inout Int, allowColon: Bool) -> String {
        var run = ""
        while index < scalars.count {
            let scalar = scalars[index]
            guard scalar == "$" || scalar == "_" || scalar == "." || isDigit(scalar) || scalar.properties.isAlphabetic
                    || (allowColon && scalar == ":") else { break }
            run.unicodeScalars.append(scalar)
            index += 1
        }
        return run
    }

    /// `12`, `1.5`, `.5`, `1e3`, `2.5E-4`; with `decimalComma`, `1,5` too (a `,` followed by a digit;
    /// `1.5` is still read, which Sheets' behaviour there is not confirmed).
    private static func number(_ scalars: [Unicode.Scalar], _ index: inout Int, decimalComma: Bool) throws(Failure) -> Double {
        var text = ""
        while index < scalars.count {
            let scalar = scalars[index]
            if isDigit(scalar) || scalar == "." {
                text.unicodeScalars.append(scalar)
            } else if decimalComma, scalar == ",", index + 1 < scalars.count, isDigit(scalars[index + 1]) {
                text.unicodeScalars.append(".")
            } else {
                break
            }
            index += 1
        }
        if index < scalars.count, scalars[index] == "e" || scalars[index] == "E" {
            var probe = index + 1
            var exponent = "e"
            if probe < scalars.count, scalars[probe] == "+" || scalars[probe] == "-" {
                exponent.unicodeScalars.append(scalars[probe]); probe += 1
            }
            var digits = 0
            while probe < scalars.count, isDigit(scalars[probe]) {
                exponent.unicodeScalars.append(scalars[probe]); probe += 1; digits += 1
            }
            if digits > 0 {
                text += exponent
                index = probe
            }
        }
        guard text.count <= 400, let value = Double(text), value.isFinite else { throw Failure() }
        return value
    }
}
