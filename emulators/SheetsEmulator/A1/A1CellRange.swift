/// The cell part of an A1 range (after the `!`), parsed but not yet resolved against a grid:
/// `A1`, `A1:C10`, `A:A`, `2:2`, `A2:C` (rows from 2 on), `A5:5` (row 5 from column A on), `$A$1`.
///
/// Rows and columns are 1-based; nil means open on that axis (to the grid's edge). A lone endpoint
/// must name a full cell (`A1`): a bare `A` or `5` is not a range, so it reads as a sheet name.
struct A1CellRange: Sendable, Equatable {
    /// One side of a range: column letters, row digits, or both.
    struct Endpoint: Sendable, Equatable {
        var column: Int?
        var row: Int?

        var isCell: Bool { column != nil && row != nil }
        var isColumnOnly: Bool { column != nil && row == nil }
        var isRowOnly: Bool { column == nil && row != nil }
    }

    var start: Endpoint
    /// nil for a single cell.
    var end: Endpoint?

    /// Rows above this cannot exist in any Sheets grid (10 million cells, so at most 10 million rows).
    static let maximumRow = 10_000_000

    /// Parses `text`; nil when it is not an A1 cell range.
    init?<S: StringProtocol>(_ text: S) {
        let parts = Substring(text).split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        switch parts.count {
        case 1:
            guard let single = Self.endpoint(parts[0]), single.isCell else { return nil }
            start = single
            end = nil
        case 2:
            guard let first = Self.endpoint(parts[0]), let second = Self.endpoint(parts[1]) else { return nil }
            // A column on one side and a bare row on the other (`A:5`, `1:B`) names nothing.
            if (first.isColumnOnly && second.isRowOnly) || (first.isRowOnly && second.isColumnOnly) { return nil }
            start = first
            end = second
        default:
            return nil
        }
    }

    init(start: Endpoint, end: Endpoint?) {
        self.start = start
        self.end = end
    }

    /// `$`? letters `$`? digits, with at least one of letters or digits; rows start at 1.
    private static func endpoint(_ text: Substring) -> Endpoint? {
        var rest = text[...]
        if rest.first == "$" { rest = rest.dropFirst() }
        let letters = rest.prefix { $0.isASCII && $0.isLetter }
        rest = rest.dropFirst(letters.count)
        if rest.first == "$" {
            guard !letters.isEmpty else { return nil }
            rest = rest.dropFirst()
        }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard digits.count == rest.count, !(letters.isEmpty && digits.isEmpty) else { return nil }
        var endpoint = Endpoint()
        if !letters.isEmpty {
            guard let column = ColumnLetters.index(letters) else { return nil }
            endpoint.column = column
        }
        if !digits.isEmpty {
            guard digits.count <= 9, let row = Int(digits), row >= 1, row <= maximumRow else { return nil }
            endpoint.row = row
        }
        return endpoint
    }
}
