/// A `q` that cannot be parsed: unbalanced parentheses, braces or quotes, a malformed date, relative age
/// or size, an operator without a value, a dangling `OR`/`AND`/`AROUND`, groups nested deeper than
/// `GmailQuery.maximumDepth`, or a query longer than `GmailQuery.maximumLength` characters.
///
/// `message` names the offending token and its position: the 1-based character index in the query,
/// e.g. `after:2026/13/45 at position 7: "2026/13/45" is not a date (use YYYY/MM/DD, YYYY-MM-DD or
/// epoch seconds)`. The HTTP layer answers with Gmail's 400 carrying `gmailMessage`; the detail is for
/// logs and the emulator's journal, since Google does not say what was wrong.
public struct GmailQueryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A clear, self-contained sentence: what is wrong, which token, at which position.
    public let message: String
    /// The 1-based character position of the offending token in the query.
    public let position: Int
    /// The offending token as written.
    public let token: String

    /// The `message` Gmail puts in its 400 body for a query it rejects (reason `invalidArgument`).
    /// Assumed, not confirmed against a live 400 from Gmail: "Invalid query" is the text Google's Drive
    /// API sends for an unparsable `q` (`{"code": 400, "message": "Invalid query", "errors": [{"reason":
    /// "invalid", "location": "q"}]}`), and Gmail's errors follow the same front end. Note that the
    /// real Gmail is lenient and returns an empty list for many odd queries; the emulator is stricter
    /// on purpose so a broken query in a job fails loudly in tests.
    public static let gmailMessage = "Invalid query"

    public init(message: String, position: Int, token: String) {
        self.message = message
        self.position = position
        self.token = token
    }

    public var description: String { "Invalid Gmail query: \(message)" }
}
