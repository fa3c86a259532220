import Foundation

/// One mailbox from an address header (RFC 5322 §3.4): an optional display name and the address.
struct MailAddress: Sendable, Equatable {
    /// The decoded display name, "" when there is none.
    let name: String
    /// `local@domain` as written (may be malformed; see `isValid`).
    let address: String

    /// `"Name <addr>"` when there is a display name, else the bare address: the form the search engine
    /// receives, so `from:José` and `from:jose@example.com` both match.
    var searchForm: String { name.isEmpty ? address : "\(name) <\(address)>" }

    /// A plausible address: one `@`, a non-empty local part and domain, no whitespace or brackets.
    var isValid: Bool {
        let pieces = address.split(separator: "@", omittingEmptySubsequences: false)
        guard pieces.count == 2, !pieces[0].isEmpty, !pieces[1].isEmpty else { return false }
        return !address.contains { $0.isWhitespace || "<>(),;:\"[]\\".contains($0) }
    }

    /// Every mailbox in an address-list header value (groups flattened), display names RFC 2047
    /// decoded. Entries with nothing in them (`a@x, , b@y`) are skipped.
    static func parseList(_ value: String) -> [MailAddress] {
        var result: [MailAddress] = []
        for item in splitTopLevel(value) {
            var entry = item
            // Group syntax "Team: a@x, b@y;" — the name before the colon is not an address.
            if let colon = topLevelIndex(of: ":", in: entry) {
                entry = String(entry[entry.index(after: colon)...])
            }
            entry = entry.removingScalar(";")
            if let parsed = parseMailbox(entry) { result.append(parsed) }
        }
        return result
    }

    /// One `name <addr>`, `addr (comment)` or bare `addr`.
    private static func parseMailbox(_ text: String) -> MailAddress? {
        let trimmed = text.trimmingSpacesAndNewlines()
        guard !trimmed.isEmpty else { return nil }
        if let open = topLevelIndex(of: "<", in: trimmed), let close = trimmed[open...].firstIndex(of: ">") {
            let address = String(trimmed[trimmed.index(after: open)..<close]).trimmingSpaces()
            let name = displayName(String(trimmed[..<open]))
            return MailAddress(name: name, address: stripRoute(address))
        }
        // A bare address without a comment: nothing to take apart.
        if !trimmed.contains("(") {
            return MailAddress(name: "", address: trimmed.trimmingSpaces().removingScalar("\""))
        }
        // "addr (Name)": the old comment style carries the display name.
        var comment = ""
        var bare = ""
        var depth = 0
        for character in trimmed {
            switch character {
            case "(":
                if depth > 0 { comment.append(character) }
                depth += 1
            case ")" where depth > 0:
                depth -= 1
                if depth > 0 { comment.append(character) }
            default:
                if depth > 0 { comment.append(character) } else { bare.append(character) }
            }
        }
        let address = bare.trimmingSpaces().removingScalar("\"")
        return MailAddress(name: EncodedWords.decode(comment.trimmingSpaces()), address: address)
    }

    /// A display name without quotes, escapes or comments, with encoded words decoded.
    private static func displayName(_ raw: String) -> String {
        var output = ""
        var inQuotes = false
        var escaped = false
        var depth = 0
        for character in raw {
            if escaped {
                output.append(character)
                escaped = false
                continue
            }
            switch character {
            case "\\" where inQuotes: escaped = true
            case "\"" where depth == 0: inQuotes.toggle()
            case "(" where !inQuotes: depth += 1
            case ")" where !inQuotes && depth > 0: depth -= 1
            default: if depth == 0 { output.append(character) }
            }
        }
        let collapsed = output.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        return EncodedWords.decode(collapsed)
    }

    /// `@route1,@route2:user@host` (obsolete source route) → `user@host`.
    private static func stripRoute(_ address: String) -> String {
        guard address.hasPrefix("@"), let colon = address.lastIndex(of: ":") else { return address }
        return String(address[address.index(after: colon)...])
    }

    /// Splits on commas outside quotes, comments and angle brackets; a group (`name: …;`) stays whole
    /// until its `;` so its members are split afterwards. Every item is a slice of `value` (only the
    /// separators are dropped), so items are cut out whole rather than built character by character.
    private static func splitTopLevel(_ value: String) -> [String] {
        var items: [String] = []
        var itemStart = value.startIndex
        var inQuotes = false
        var escaped = false
        var depth = 0
        var angle = false
        forEachCharacter(of: value) { index, byte in
            if escaped {
                escaped = false
                return true
            }
            switch byte {
            case UInt8(ascii: "\\") where inQuotes: escaped = true
            case UInt8(ascii: "\"") where depth == 0: inQuotes.toggle()
            case UInt8(ascii: "(") where !inQuotes: depth += 1
            case UInt8(ascii: ")") where !inQuotes && depth > 0: depth -= 1
            case UInt8(ascii: "<") where !inQuotes && depth == 0: angle = true
            case UInt8(ascii: ">") where !inQuotes && depth == 0: angle = false
            case UInt8(ascii: ","), UInt8(ascii: ";"):
                if !inQuotes && depth == 0 && !angle {
                    // "Group: a, b;" — split members out, dropping the group name from the first.
                    items.append(String(value[itemStart..<index]))
                    // The separator is one byte, so the next character starts at the next byte.
                    itemStart = value.utf8.index(after: index)
                }
            default: break
            }
            return true
        }
        items.append(String(value[itemStart...]))
        return items
    }

    private static func topLevelIndex(of target: Character, in text: String) -> String.Index? {
        guard let target = target.asciiValue else { return nil }
        var inQuotes = false
        var escaped = false
        var depth = 0
        var found: String.Index?
        forEachCharacter(of: text) { index, byte in
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") && inQuotes {
                escaped = true
            } else if byte == UInt8(ascii: "\"") && depth == 0 {
                inQuotes.toggle()
            } else if byte == UInt8(ascii: "(") && !inQuotes {
                depth += 1
            } else if byte == UInt8(ascii: ")") && !inQuotes && depth > 0 {
                depth -= 1
            } else if byte == target && !inQuotes && depth == 0 {
                found = index
                return false
            }
            return true
        }
        return found
    }

    /// Calls `body` with each Character's index and, when the Character is a single ASCII byte, that
    /// byte (nil otherwise: a non-ASCII character, or CR LF, which is one Character), until it returns
    /// false. The address syntax is ASCII, so this is all the scanners need; for ASCII text without
    /// CR LF, where every byte is a Character, it walks bytes instead of grapheme clusters, which
    /// made address parsing several times faster.
    private static func forEachCharacter(of text: String, _ body: (String.Index, UInt8?) -> Bool) {
        if isByteCharacters(text) {
            var index = text.utf8.startIndex
            while index < text.utf8.endIndex {
                guard body(index, text.utf8[index]) else { return }
                index = text.utf8.index(after: index)
            }
        } else {
            var index = text.startIndex
            while index < text.endIndex {
                let character = text[index]
                guard body(index, character.utf8.count == 1 ? character.utf8.first : nil) else { return }
                index = text.index(after: index)
            }
        }
    }

    /// Whether every byte of `text` is a Character of its own: all ASCII, and no CR LF.
    private static func isByteCharacters(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte >= 0x80 || (previous == 0x0D && byte == 0x0A) { return false }
            previous = byte
        }
        return true
    }
}
