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
        let lowered = name.lowercased()
        return first { $0.name.lowercased() == lowered }
    }

    /// Every field called `name` (case-insensitive), in order.
    func all(named name: String) -> [MimeHeaderField] {
        let lowered = name.lowercased()
        return filter { $0.name.lowercased() == lowered }
    }
}
