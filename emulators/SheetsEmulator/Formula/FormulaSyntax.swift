/// A formula's text in the spreadsheet's locale syntax (`FormulaLexer` reads both).
enum FormulaSyntax {
    /// `formula` as Sheets stores it once typed: in a locale where `,` separates arguments, a `;`
    /// between arguments becomes `,` (Sheets autocorrects it: users report `=SUM(2;3)` turning into
    /// `=SUM(2,3)` in those locales; that USER_ENTERED through the API does the same is assumed).
    /// Anything else, and any formula that does not parse, stays as typed.
    static func normalized(_ formula: String, locale: SheetsLocale) -> String {
        guard !locale.decimalComma, formula.hasPrefix("="), formula.utf8.contains(UInt8(ascii: ";")),
              (try? FormulaParser.parse(formula, locale: locale)) != nil else { return formula }
        let body = String(formula.dropFirst())
        guard let tokens = try? FormulaLexer.spannedTokens(body) else { return formula }
        var scalars = Array(body.unicodeScalars)
        var changed = false
        for (token, span) in tokens where token == .comma && span.count == 1 && scalars[span.lowerBound] == ";" {
            scalars[span.lowerBound] = ","
            changed = true
        }
        guard changed else { return formula }
        var text = "="
        text.unicodeScalars.append(contentsOf: scalars)
        return text
    }

    /// `formula`, read in `source`'s syntax, written in `target`'s (the spreadsheet's locale changed, or
    /// a fixture written in en_US syntax loads into a decimal-comma spreadsheet): argument and array
    /// column separators and decimal separators change, everything else stays as typed (Sheets shows
    /// formulas in the locale's syntax after a change of locale, as users describe it). nil when
    /// nothing changes or the formula does not lex (it keeps its text, as an unparseable one does).
    static func translated(_ formula: String, from source: SheetsLocale, to target: SheetsLocale) -> String? {
        guard source.decimalComma != target.decimalComma, formula.hasPrefix("=") else { return nil }
        let body = String(formula.dropFirst())
        guard let tokens = try? FormulaLexer.spannedTokens(body, decimalComma: source.decimalComma) else { return nil }
        var scalars = Array(body.unicodeScalars)
        var braces: [Bool] = []
        var changed = false
        func put(_ index: Int, _ scalar: Unicode.Scalar) {
            guard scalars[index] != scalar else { return }
            scalars[index] = scalar
            changed = true
        }
        for (token, span) in tokens {
            switch token {
            case .openParen: braces.append(false)
            case .openBrace: braces.append(true)
            case .closeParen, .closeBrace: _ = braces.popLast()
            case .comma where span.count == 1:
                let inArray = braces.last == true
                put(span.lowerBound, target.decimalComma ? (inArray ? "\\" : ";") : ",")
            case .number:
                for index in span where scalars[index] == "," || scalars[index] == "." {
                    put(index, target.decimalComma ? "," : ".")
                }
            default: break
            }
        }
        guard changed else { return nil }
        var text = "="
        text.unicodeScalars.append(contentsOf: scalars)
        return text
    }
}
