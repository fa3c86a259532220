/// A formula's text in the spreadsheet's locale syntax (`FormulaLexer` reads both).
enum FormulaSyntax {
    /// `formula` as Sheets stores it once typed: in a locale where `,` separates arguments, a `;`
    /// between arguments becomes `,` (Sheets autocorrects it: users report `=SUM(2;3)` turning into
    /// `=SUM(2,3)` in those locales; that USER_ENTERED through the API does the same is assumed).
    /// Anything else, and any formula that does not lex, stays as typed.
    static func normalized(_ formula: String, locale: SheetsLocale) -> String {
        guard !locale.decimalComma, formula.hasPrefix("="), formula.utf8.contains(UInt8(ascii: ";")) else { return formula }
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
}
