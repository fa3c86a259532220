/// Column letters in A1 notation: `A` is column 1, `Z` 26, `AA` 27 … `ZZZ` 18,278 (Sheets' widest grid).
enum ColumnLetters {
    /// The widest column A1 notation can name: `ZZZ`.
    static let maximum = 18_278

    /// The 1-based column for `letters` (case-insensitive), or nil when they are not 1-3 ASCII letters.
    static func index<S: StringProtocol>(_ letters: S) -> Int? {
        guard !letters.isEmpty, letters.utf8.count <= 3 else { return nil }
        var value = 0
        for byte in letters.utf8 {
            let upper = byte & ~0x20
            guard upper >= UInt8(ascii: "A"), upper <= UInt8(ascii: "Z") else { return nil }
            value = value * 26 + Int(upper - UInt8(ascii: "A") + 1)
        }
        return value
    }

    /// The letters for a 1-based column: 1 → `A`, 27 → `AA`.
    static func letters(_ index: Int) -> String {
        precondition(index >= 1, "columns are 1-based")
        var scalars: [Unicode.Scalar] = []
        var rest = index
        while rest > 0 {
            let digit = (rest - 1) % 26
            scalars.append(Unicode.Scalar(UInt8(ascii: "A") + UInt8(digit)))
            rest = (rest - 1) / 26
        }
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars.reversed())
        return text
    }
}
