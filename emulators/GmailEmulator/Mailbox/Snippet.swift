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
        if let plain = candidates.first(where: { $0.mimeType == "text/plain" }) {
            return make(fromText: plain.text)
        } else if let html = candidates.first(where: { $0.mimeType == "text/html" }) {
            return make(fromText: HTMLText.text(html.text))
        }
        return ""
    }

    /// The snippet of a part's visible text (HTML already reduced).
    static func make(fromText text: String) -> String {
        escape(asciiCollapsed(text) ?? collapsed(text))
    }

    /// The first `length` characters of the text's words, one space between them, read from at most
    /// `length * 8` characters. Words are taken one at a time and the scan stops once the snippet is
    /// full, instead of splitting the whole window first.
    static func collapsed(_ text: String) -> String {
        var collapsed = ""
        /// Appends a word; false once the snippet was already full (no further word is taken).
        func append(_ word: Substring) -> Bool {
            if collapsed.count >= length { return false }
            if !collapsed.isEmpty { collapsed += " " }
            collapsed += word
            return true
        }
        var wordStart: String.Index?
        var index = text.startIndex
        var characters = 0
        var full = false
        while index < text.endIndex, characters < length * 8 {
            let character = text[index]
            if character.isWhitespace || character == "\u{00A0}" || character == "\u{200B}" {
                if let start = wordStart {
                    wordStart = nil
                    if !append(text[start..<index]) { full = true; break }
                }
            } else if wordStart == nil {
                wordStart = index
            }
            index = text.index(after: index)
            characters += 1
        }
        if !full, let start = wordStart { _ = append(text[start..<index]) }
        return String(collapsed.prefix(length)).trimmingTrailingWhitespace
    }

    /// `collapsed(_:)` over UTF-8 bytes, for text whose first `length * 8` characters are ASCII (nil
    /// otherwise): Character-wise splitting asks the Unicode tables about every character and was the
    /// costliest step of loading a mailbox. In ASCII a character is a byte, except CRLF (one
    /// whitespace character of two bytes), and the whitespace is U+0009…U+000D and the space.
    static func asciiCollapsed(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            var output: [UInt8] = []
            output.reserveCapacity(length + 16)
            var index = 0
            var characters = 0
            var inWord = false
            while index < bytes.count, characters < length * 8 {
                let byte = bytes[index]
                guard byte < 0x80 else { return nil }
                characters += 1
                if byte == 0x20 || (0x09...0x0D).contains(byte) {
                    // CRLF is one character.
                    index += byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
                    inWord = false
                    continue
                }
                if !inWord {
                    // A new word: stop once the words so far fill the snippet.
                    if output.count >= length { break }
                    if !output.isEmpty { output.append(0x20) }
                    inWord = true
                }
                output.append(byte)
                index += 1
            }
            if output.count > length { output.removeLast(output.count - length) }
            while output.last == 0x20 { output.removeLast() }
            return String(decoding: output, as: UTF8.self)
        }
    }

    static func escape(_ text: String) -> String {
        // ASCII text: every byte is a Character, so bytes are escaped directly. Otherwise Characters
        // are compared, as `&` followed by a combining mark is one Character that is not `&`.
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return asciiEscape(text) }
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

    private static func asciiEscape(_ text: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): output.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): output.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): output.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\""): output.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): output.append(contentsOf: "&#39;".utf8)
            default: output.append(byte)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
