/// How Sheets writes a sheet title in the ranges it returns: bare when it is a plain identifier
/// (`August`, `all_apis`, `Sheet1`), otherwise in single quotes with inner quotes doubled
/// (`'Class Data'`, `'Captain''s Notes'`).
///
/// Confirmed from real responses: `Mass!`, `Solar!`, `all_apis!` unquoted, `'Lighthouse Results'!` quoted,
/// `'tab01'!` quoted (it reads like cell TAB01). Assumed: every title with anything but ASCII letters,
/// digits and `_`, or starting with a digit, or shaped like a cell (`Q1`) or R1C1 reference, is quoted.
enum SheetTitleQuoting {
    static func quoted(_ title: String) -> String {
        guard needsQuotes(title) else { return title }
        var text = "'"
        for character in title {
            if character == "'" { text += "''" } else { text.append(character) }
        }
        return text + "'"
    }

    static func needsQuotes(_ title: String) -> Bool {
        guard let first = title.unicodeScalars.first else { return true }
        if ("0"..."9").contains(first) { return true }
        for scalar in title.unicodeScalars {
            let plain = ("A"..."Z").contains(scalar) || ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
            if !plain { return true }
        }
        return looksLikeCell(title) || looksLikeR1C1(title)
    }

    /// `TAB01`, `Q1`: 1-3 letters then digits.
    private static func looksLikeCell(_ title: String) -> Bool {
        let letters = title.prefix { $0.isLetter }
        let digits = title.dropFirst(letters.count)
        return (1...3).contains(letters.count) && !digits.isEmpty && digits.allSatisfy(\.isNumber)
    }

    /// `R1C1`, `RC`, `R2C`.
    private static func looksLikeR1C1(_ title: String) -> Bool {
        var rest = Substring(title.uppercased())
        guard rest.first == "R" else { return false }
        rest = rest.dropFirst()
        rest = rest.drop { $0.isNumber }
        guard rest.first == "C" else { return false }
        return rest.dropFirst().allSatisfy(\.isNumber)
    }
}
