/// A range as a client writes it in A1 notation, split into its sheet name and its cells:
///
/// | text | sheet | cells |
/// |---|---|---|
/// | `Sheet1!A1:C10` | `Sheet1` | `A1:C10` |
/// | `'Captain''s Notes'!A1:B2` | `Captain's Notes` | `A1:B2` |
/// | `Class Data!A2:E` | `Class Data` (unquoted names may hold spaces, as Google's quickstart writes them) | `A2:E` |
/// | `August`, `'My Sheet'` | the name | nil: the whole sheet |
/// | `A1:B2` | nil: the first sheet | `A1:B2` |
///
/// Text without `!` that parses as cells is cells on the first sheet (`Q1` is cell Q1, not a sheet named
/// Q1); anything else is a sheet name. The cells may be in R1C1 notation (`Sheet1!R1C1:R2C2`, see
/// `A1CellRange(r1c1:)`). Named ranges are resolved before this (`Spreadsheet.resolve`).
struct A1Range: Sendable, Equatable {
    /// The sheet title as written (quotes removed, `''` undoubled); nil for the first sheet.
    var sheetName: String?
    /// nil for the whole sheet.
    var cells: A1CellRange?
    /// The cell text exactly as written after the `!` (or the whole text when no sheet is named), echoed
    /// in the "exceeds grid limits" error.
    var cellText: String

    /// Parses `text`; nil when Sheets would answer "Unable to parse range".
    init?(_ text: String) {
        if text.hasPrefix("'") {
            guard let (name, rest) = Self.quotedName(text) else { return nil }
            sheetName = name
            if rest.isEmpty {
                cells = nil
                cellText = ""
                return
            }
            guard rest.first == "!", let parsed = Self.cells(rest.dropFirst()) else { return nil }
            cells = parsed
            cellText = String(rest.dropFirst())
        } else if let bang = text.firstIndex(of: "!") {
            let name = text[..<bang]
            let rest = text[text.index(after: bang)...]
            guard !name.isEmpty, let parsed = Self.cells(rest) else { return nil }
            sheetName = String(name)
            cells = parsed
            cellText = String(rest)
        } else if let parsed = Self.cells(text) {
            sheetName = nil
            cells = parsed
            cellText = text
        } else {
            guard !text.isEmpty else { return nil }
            sheetName = text
            cells = nil
            cellText = ""
        }
    }

    /// Cells in A1 notation, else in R1C1 (`R1C1:R2C2`), which the API accepts in the same places.
    private static func cells(_ text: Substring) -> A1CellRange? {
        A1CellRange(text) ?? A1CellRange(r1c1: text)
    }

    private static func cells(_ text: String) -> A1CellRange? { cells(text[...]) }

    /// `'name'rest` → (name, rest), undoubling `''`; nil when the quote never closes or the name is empty.
    static func quotedName(_ text: String) -> (String, Substring)? {
        var name = ""
        var index = text.index(after: text.startIndex)
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if character == "'" {
                if next < text.endIndex, text[next] == "'" {
                    name.append("'")
                    index = text.index(after: next)
                    continue
                }
                return name.isEmpty ? nil : (name, text[next...])
            }
            name.append(character)
            index = next
        }
        return nil
    }
}
