/// Gmail's `snippet`: the start of the message text (the first plain-text part, else the first HTML
/// part reduced to text), whitespace collapsed, at most `length` characters, then HTML-escaped.
///
/// The escaping is Gmail's: its API sends `I&#39;m here &amp; there`, not `I'm here & there`
/// (clients unescape it; widely reported, and mirrored by client test doubles). Entities inside an
/// HTML body are decoded first, so `&nbsp;` reads as a space and `&amp;` comes back as `&amp;`.
/// The 200-character cut is an approximation of Gmail's (unconfirmed exact rule).
enum Snippet {
    static let length = 200

    static func make(from leaves: [MimePart]) -> String {
        let candidates = leaves.filter { !$0.isAttachment }
        let text: String
        if let plain = candidates.first(where: { $0.mimeType == "text/plain" }) {
            text = plain.text
        } else if let html = candidates.first(where: { $0.mimeType == "text/html" }) {
            text = HTMLText.text(html.text)
        } else {
            return ""
        }
        let words = text.prefix(length * 8).split(whereSeparator: { $0.isWhitespace || $0 == "\u{00A0}" || $0 == "\u{200B}" })
        var collapsed = ""
        for word in words {
            if collapsed.count >= length { break }
            if !collapsed.isEmpty { collapsed += " " }
            collapsed += word
        }
        return escape(String(collapsed.prefix(length)).trimmingTrailingWhitespace)
    }

    static func escape(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            default: output.append(character)
            }
        }
        return output
    }
}
