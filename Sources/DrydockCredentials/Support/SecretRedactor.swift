import DrydockHTTP
import Foundation

/// Scrubs secret values out of text that came from elsewhere (a server's `error_description`, a body
/// snippet) before it goes into an error message or a log line.
///
/// Messages Drydock writes itself never interpolate secrets; this is the second line of defence for text
/// it does not control, which may echo a request back.
public struct SecretRedactor: Sendable {
    /// The secret values to remove. Values shorter than 4 characters are ignored: replacing them would
    /// mangle ordinary text and they protect nothing.
    public var secrets: [String]

    public init(secrets: [String]) {
        self.secrets = secrets.filter { $0.count >= 4 }.sorted { $0.count > $1.count }
    }

    /// `text` with every secret replaced by `[redacted]`, control characters replaced by spaces, and cut
    /// to `limit` characters.
    public func scrub(_ text: String, limit: Int = 200) -> String {
        var result = text
        for secret in secrets { result = result.replacingOccurrences(of: secret, with: "[redacted]") }
        // Form-encoded echoes of a secret (`1%2F%2F…`) count too.
        for secret in secrets {
            let encoded = PercentEncoding.encode(secret)
            if encoded != secret { result = result.replacingOccurrences(of: encoded, with: "[redacted]") }
        }
        let cleaned = String(String.UnicodeScalarView(result.unicodeScalars.map {
            $0.value < 0x20 || $0.value == 0x7F ? " " : $0
        }))
        if cleaned.count <= limit { return cleaned }
        return String(cleaned.prefix(limit)) + "…"
    }
}
