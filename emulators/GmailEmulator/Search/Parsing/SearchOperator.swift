/// The operators the emulator understands. Anything else before a colon (`foo:bar`, `10:30`) is free
/// text, as in Gmail. Names are case-insensitive.
enum SearchOperator: String, Sendable, CaseIterable {
    case from, to, cc, bcc, subject, filename
    case deliveredto
    case label, category
    case `is`, `in`, has
    case after, before, older, newer
    case newerThan = "newer_than"
    case olderThan = "older_than"
    case larger, smaller, size

    /// The operator of a `name:value` word, and the value; nil when the word is free text.
    static func split(_ word: String) -> (SearchOperator, String)? {
        guard let colon = word.firstIndex(of: ":"),
              let op = SearchOperator(rawValue: word[..<colon].lowercased())
        else { return nil }
        return (op, String(word[word.index(after: colon)...]))
    }

    /// The text fields an address or text operator searches.
    var textFields: TextFields? {
        switch self {
        case .from: return .from
        case .to, .deliveredto: return .recipients
        case .cc: return .cc
        case .bcc: return .bcc
        case .subject: return .subject
        case .filename: return .filenames
        default: return nil
        }
    }

    /// Whether `me` means the mailbox owner's address.
    var acceptsMe: Bool {
        switch self {
        case .from, .to, .cc, .bcc, .deliveredto: return true
        default: return false
        }
    }
}
