/// Rewrites the references in a formula's text after a structural change, as Sheets does: rows and
/// columns inserted or deleted move the references after them (absolute ones too), a reference to
/// cells, a sheet or rows that no longer exist becomes `#REF!`, and a renamed sheet is renamed in
/// every reference to it. Everything else in the text (spaces, case, `$` markers) stays as typed.
enum FormulaReferenceRewriter {
    /// What becomes of one reference.
    enum Rewrite: Sendable, Equatable {
        case keep
        /// New cells on the same sheet (the sheet prefix stays as written).
        case cells(A1CellRange)
        /// The same cells on a sheet now titled this.
        case sheet(String)
        /// `#REF!`.
        case invalid
    }

    /// `formula` (starting with `=`) with each reference rewritten by `rewrite`; nil when nothing changes
    /// or the formula does not parse (an unparseable formula keeps its text, as Sheets keeps it).
    static func rewrite(_ formula: String, locale: SheetsLocale = .enUS, _ rewrite: (FormulaReference) -> Rewrite) -> String? {
        guard (try? FormulaParser.parse(formula, locale: locale)) != nil else { return nil }
        let body = String(formula.dropFirst())
        guard let tokens = try? FormulaLexer.spannedTokens(body, decimalComma: locale.decimalComma) else { return nil }
        let scalars = Array(body.unicodeScalars)
        var output = String.UnicodeScalarView()
        var copied = 0
        var changed = false
        for (token, span) in tokens {
            guard case .reference(let reference) = token else { continue }
            let replacement: String
            switch rewrite(reference) {
            case .keep: continue
            case .invalid: replacement = "#REF!"
            case .sheet(let title):
                replacement = SheetTitleQuoting.quoted(title) + "!" + cellsText(scalars[span])
            case .cells(let cells):
                replacement = prefixText(scalars[span]) + render(cells, like: cellsText(scalars[span]))
            }
            output.append(contentsOf: scalars[copied..<span.lowerBound])
            output.append(contentsOf: replacement.unicodeScalars)
            copied = span.upperBound
            changed = true
        }
        guard changed else { return nil }
        output.append(contentsOf: scalars[copied...])
        return "=" + String(output)
    }

    /// The cells of a reference's text: after its last `!` (a sheet title may hold `!`, cells never do).
    private static func cellsText(_ text: ArraySlice<Unicode.Scalar>) -> String {
        let start = text.lastIndex(of: "!").map { $0 + 1 } ?? text.startIndex
        var out = String.UnicodeScalarView()
        out.append(contentsOf: text[start...])
        return String(out)
    }

    /// The sheet prefix of a reference's text, `!` included (empty without one).
    private static func prefixText(_ text: ArraySlice<Unicode.Scalar>) -> String {
        guard let bang = text.lastIndex(of: "!") else { return "" }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: text[...bang])
        return String(out)
    }

    /// `cells` in A1 with the `$` markers of `original` (`$A$1:B2` keeps its dollars where they were).
    static func render(_ cells: A1CellRange, like original: String) -> String {
        let parts = original.split(separator: ":", omittingEmptySubsequences: false)
        func absolute(_ index: Int) -> (column: Bool, row: Bool) {
            guard index < parts.count else { return (false, false) }
            let part = parts[index]
            let column = part.first == "$" && part.dropFirst().first?.isLetter == true
            let letters = part.drop { $0 == "$" }.prefix { $0.isLetter }
            let afterLetters = part.drop { $0 == "$" }.dropFirst(letters.count)
            return (column, afterLetters.first == "$")
        }
        func endpoint(_ point: A1CellRange.Endpoint, _ flags: (column: Bool, row: Bool)) -> String {
            var text = ""
            if let column = point.column { text += (flags.column ? "$" : "") + ColumnLetters.letters(column) }
            if let row = point.row { text += (flags.row ? "$" : "") + String(row) }
            return text
        }
        var text = endpoint(cells.start, absolute(0))
        if let end = cells.end { text += ":" + endpoint(end, absolute(1)) }
        return text
    }
}
