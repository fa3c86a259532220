/// Whitespace trimming without Foundation. `trimmingCharacters(in:)` bridges every value through
/// NSString (UTF-16 copies, and CharacterSet pulls in ICU data pages), which made it the largest cost
/// of parsing addresses and header parameters at mailbox load. These do the same trimming, scalar by
/// scalar, and return the string untouched (no copy) in the common case where there is nothing to trim.
extension StringProtocol {
    /// The same result as Foundation's `trimmingCharacters(in: .whitespaces)`: tab, the Unicode
    /// space separators (Zs) and U+200B removed from both ends.
    func trimmingSpaces() -> String { trimmingScalars(where: Self.isSpace) }

    /// The same result as Foundation's `trimmingCharacters(in: .whitespacesAndNewlines)`: what
    /// `trimmingSpaces` removes, plus U+000A–U+000D, U+0085 and the line and paragraph separators.
    func trimmingSpacesAndNewlines() -> String { trimmingScalars(where: Self.isSpaceOrNewline) }

    private func trimmingScalars(where isTrimmed: (Unicode.Scalar) -> Bool) -> String {
        let scalars = unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, isTrimmed(scalars[start]) { start = scalars.index(after: start) }
        while end > start {
            let before = scalars.index(before: end)
            guard isTrimmed(scalars[before]) else { break }
            end = before
        }
        return String(self[start..<end])
    }

    /// Foundation's `CharacterSet.whitespaces`: tab, general category Zs, and (as CoreFoundation
    /// defines it) U+200B ZERO WIDTH SPACE. A test checks every BMP scalar against Foundation.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09, 0x200B: return true
        case 0..<0x80: return false
        default: return scalar.properties.generalCategory == .spaceSeparator
        }
    }

    /// Foundation's `CharacterSet.whitespacesAndNewlines`: general categories Z*, U+0009–U+000D,
    /// U+0085 and U+200B.
    static func isSpaceOrNewline(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09...0x0D, 0x85, 0x200B: return true
        case 0..<0x80: return false
        default:
            switch scalar.properties.generalCategory {
            case .spaceSeparator, .lineSeparator, .paragraphSeparator: return true
            default: return false
            }
        }
    }
}

extension String {
    /// The string without any `removed` scalar (a literal, scalar-wise `replacingOccurrences(of:with: "")`
    /// for one ASCII character, without Foundation).
    func removingScalar(_ removed: Unicode.Scalar) -> String {
        guard unicodeScalars.contains(removed) else { return self }
        var output = String.UnicodeScalarView()
        for scalar in unicodeScalars where scalar != removed { output.append(scalar) }
        return String(output)
    }
}
