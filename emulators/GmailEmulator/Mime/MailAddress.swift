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
            entry = entry.replacingOccurrences(of: ";", with: "")
            if let parsed = parseMailbox(entry) { result.append(parsed) }
        }
        return result
    }

    /// One `name <addr>`, `addr (comment)` or bare `addr`.
    private static func parseMailbox(_ text: String) -> MailAddress? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        if let open = topLevelIndex(of: "<", in: trimmed), let close = trimmed[open...].firstIndex(of: ">") {
            let address = String(trimmed[trimmed.index(after: open)..<close]).trimmingCharacters(in: .whitespaces)
            let name = displayName(String(trimmed[..<open]))
            return MailAddress(name: name, address: stripRoute(address))
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
        let address = bare.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\"", with: "")
        return MailAddress(name: EncodedWords.decode(comment.trimmingCharacters(in: .whitespaces)), address: address)
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
    /// until its `;` so its members are split afterwards.
    private static func splitTopLevel(_ value: String) -> [String] {
        var items: [String] = []
        var current = ""
        var inQuotes = false
        var escaped = false
        var depth = 0
        var angle = false
        for character in value {
            if escaped {
                current.append(character)
                escaped = false
                continue
            }
            switch character {
            case "\\" where inQuotes: escaped = true; current.append(character)
            case "\"" where depth == 0: inQuotes.toggle(); current.append(character)
            case "(" where !inQuotes: depth += 1; current.append(character)
            case ")" where !inQuotes && depth > 0: depth -= 1; current.append(character)
            case "<" where !inQuotes && depth == 0: angle = true; current.append(character)
            case ">" where !inQuotes && depth == 0: angle = false; current.append(character)
            case ",", ";":
                if !inQuotes && depth == 0 && !angle {
                    // "Group: a, b;" — split members out, dropping the group name from the first.
                    items.append(current)
                    current = ""
                } else {
                    current.append(character)
                }
            default: current.append(character)
            }
        }
        items.append(current)
        return items
    }

    private static func topLevelIndex(of target: Character, in text: String) -> String.Index? {
        var inQuotes = false
        var escaped = false
        var depth = 0
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if escaped {
                escaped = false
            } else if character == "\\" && inQuotes {
                escaped = true
            } else if character == "\"" && depth == 0 {
                inQuotes.toggle()
            } else if character == "(" && !inQuotes {
                depth += 1
            } else if character == ")" && !inQuotes && depth > 0 {
                depth -= 1
            } else if character == target && !inQuotes && depth == 0 {
                return index
            }
            index = text.index(after: index)
        }
        return nil
    }
}
