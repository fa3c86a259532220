import DrydockCore

/// Scrubs secrets out of text that came from elsewhere (a server's `error_description`, a body snippet, a
/// DynamoDB message) before it goes into an error message or a log line.
///
/// Messages Drydock writes itself never interpolate secrets; this is the second line of defence for text
/// it does not control, which may echo a request back. It removes the values it is given (as written and
/// percent-encoded) and anything shaped like a credential (`ya29.…`, `1//…`, `GOCSPX-…`, AWS session
/// tokens and labelled secret keys, `Bearer …`; see `SecretScrubber`).
public struct SecretRedactor: Sendable {
    /// The secret values to remove. Values shorter than 4 characters are ignored: replacing them would
    /// mangle ordinary text and they protect nothing.
    public let secrets: [String]
    private let scrubber: SecretScrubber

    public init(secrets: [String] = []) {
        self.secrets = secrets.filter { $0.count >= 4 }.sorted { $0.count > $1.count }
        scrubber = SecretScrubber(knownValues: self.secrets, replacement: "[redacted]")
    }

    /// `text` with every secret replaced by `[redacted]`, control characters replaced by spaces, and cut
    /// to `limit` characters.
    public func scrub(_ text: String, limit: Int = 200) -> String {
        let cleaned = String(String.UnicodeScalarView(scrubber.scrub(text).unicodeScalars.map {
            $0.value < 0x20 || $0.value == 0x7F ? " " : $0
        }))
        if cleaned.count <= limit { return cleaned }
        return String(cleaned.prefix(limit)) + "…"
    }

    /// `text` with every secret replaced by `[redacted]`, otherwise unchanged (line breaks kept, no limit):
    /// for whole messages on their way to a terminal or a log.
    public func scrubMessage(_ text: String) -> String { scrubber.scrub(text) }
}
