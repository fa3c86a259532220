/// One header field as written in a message: the name as spelled and the value unfolded (the line
/// breaks of folded lines removed, their leading whitespace kept), not yet RFC 2047 decoded.
struct MimeHeaderField: Sendable, Equatable {
    let name: String
    let rawValue: String

    /// The value with RFC 2047 encoded words decoded: what Gmail shows in `payload.headers`.
    var decodedValue: String { EncodedWords.decode(rawValue) }
}

extension Array where Element == MimeHeaderField {
    /// The first field called `name` (case-insensitive).
    func first(named name: String) -> MimeHeaderField? {
        first { MimeHeaderField.namesMatch($0.name, name) }
    }

    /// Every field called `name` (case-insensitive), in order.
    func all(named name: String) -> [MimeHeaderField] {
        filter { MimeHeaderField.namesMatch($0.name, name) }
    }
}

extension MimeHeaderField {
    /// Case-insensitive name equality. Field names are ASCII (RFC 5322 §2.2), so bytes are compared
    /// with ASCII case folding instead of lowercasing both strings on every lookup (the parser looks
    /// headers up many times per part); a name with other bytes falls back to `lowercased()`.
    static func namesMatch(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        let verdict: Bool? = a.withUTF8 { x in
            b.withUTF8 { y in
                guard x.count == y.count else { return x.allSatisfy { $0 < 0x80 } && y.allSatisfy { $0 < 0x80 } ? false : nil }
                for (p, q) in zip(x, y) {
                    guard p < 0x80, q < 0x80 else { return nil }
                    if p != q, asciiLower(p) != asciiLower(q) { return false }
                }
                return true
            }
        }
        return verdict ?? (a.lowercased() == b.lowercased())
    }

    private static func asciiLower(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
    }
}
