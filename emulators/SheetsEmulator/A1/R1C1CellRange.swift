/// The cell part of a range in R1C1 notation, which the Sheets API accepts wherever it takes an A1 range
/// (Google's "Cell" concepts guide: `Sheet1!R1C1:R2C2` is the first two cells of the top two rows,
/// `R1C1:R2C2` the same on the first sheet): `R<row>C<column>`, `R<row>` (a whole row) and
/// `C<column>` (a whole column), joined by `:` for a range, letters in either case. Responses always
/// spell ranges back in A1 (`Sheet1!A1:B2`).
///
/// Text that also reads as A1 is A1 (`R1` is cell R1, `C1:C3` column C), so these are tried only after
/// A1 failed. Relative parts (`R[3]C[1]`, `RC`) have no current cell in the API; they are read as offsets
/// from A1 (assumed: Google's guide names them without saying what they are relative to). In a formula
/// (`INDIRECT("R[-1]C", FALSE)`) they are offsets from the formula's cell, `origin` (1-based).
extension A1CellRange {
    init?<S: StringProtocol>(r1c1 text: S, origin: (row: Int, column: Int) = (1, 1)) {
        let parts = Substring(text).split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2, let first = Self.r1c1Endpoint(parts[0], origin: origin) else { return nil }
        if parts.count == 1 {
            guard first.isCell else { return nil }
            self.init(start: first, end: nil)
            return
        }
        guard let second = Self.r1c1Endpoint(parts[1], origin: origin) else { return nil }
        if (first.isColumnOnly && second.isRowOnly) || (first.isRowOnly && second.isColumnOnly) { return nil }
        self.init(start: first, end: second)
    }

    /// `R5C2`, `R[2]C[0]`, `RC`, `R5`, `C2`: at least one of the row and column parts.
    private static func r1c1Endpoint(_ text: Substring, origin: (row: Int, column: Int)) -> Endpoint? {
        var rest = text
        var endpoint = Endpoint()
        if let letter = rest.first, letter == "R" || letter == "r" {
            rest = rest.dropFirst()
            guard let row = index(&rest, from: origin.row, limit: maximumRow) else { return nil }
            endpoint.row = row
        }
        if let letter = rest.first, letter == "C" || letter == "c" {
            rest = rest.dropFirst()
            guard let column = index(&rest, from: origin.column, limit: ColumnLetters.maximum) else { return nil }
            endpoint.column = column
        }
        guard rest.isEmpty, endpoint.row != nil || endpoint.column != nil else { return nil }
        return endpoint
    }

    /// After `R` or `C`: digits (1-based), `[offset]` from `base` (1-based), or nothing (offset 0).
    private static func index(_ rest: inout Substring, from base: Int, limit: Int) -> Int? {
        if rest.first == "[" {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            var inner = rest[rest.index(after: rest.startIndex)..<close]
            rest = rest[rest.index(after: close)...]
            var negative = false
            if let sign = inner.first, sign == "-" || sign == "+" {
                negative = sign == "-"
                inner = inner.dropFirst()
            }
            guard !inner.isEmpty, inner.count <= 9, inner.allSatisfy({ $0.isASCII && $0.isNumber }), let offset = Int(inner) else { return nil }
            // Both at most 10^9 (nine digits, and the grid's limits), so no overflow.
            let value = negative ? base - offset : base + offset
            return (1...limit).contains(value) ? value : nil
        }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        rest = rest.dropFirst(digits.count)
        if digits.isEmpty { return base }
        guard digits.count <= 9, let value = Int(digits), (1...limit).contains(value) else { return nil }
        return value
    }
}
