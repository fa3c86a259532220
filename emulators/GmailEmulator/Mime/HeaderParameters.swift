import Foundation

/// A structured header value such as `Content-Type` or `Content-Disposition`: a lowercased token
/// (`text/plain`, `attachment`) and its parameters (RFC 2045 §5.1), with RFC 2231 extended
/// parameters (`filename*=utf-8''%E2%82%AC.pdf`, continuations `name*0*=…; name*1=…`) joined and
/// decoded. Quoted strings may hold escaped quotes; unquoted values containing RFC 2047 encoded
/// words (a common, non-standard habit of mailers) are decoded too, as Gmail does.
struct HeaderParameters: Sendable, Equatable {
    /// `text/plain`, `attachment`, … lowercased; "" when absent.
    let value: String
    /// Parameters by lowercased name.
    let parameters: [String: String]

    subscript(name: String) -> String? { parameters[name.lowercased()] }

    init(_ header: String?) {
        guard let header else {
            value = ""
            parameters = [:]
            return
        }
        let items = Self.split(header)
        value = (items.first ?? "").trimmingSpaces().lowercased()
        var plain: [String: String] = [:]
        // name → [(section, extended, raw value)]
        var sections: [String: [(index: Int, extended: Bool, value: String)]] = [:]
        for item in items.dropFirst() {
            guard let equals = item.firstIndex(of: "=") else { continue }
            let rawName = item[..<equals].trimmingSpaces().lowercased()
            let rawValue = Self.unquote(item[item.index(after: equals)...].trimmingSpaces())
            guard !rawName.isEmpty else { continue }
            if rawName.contains("*") {
                var parts = rawName.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
                let extended = rawName.hasSuffix("*")
                if extended { parts.removeLast() }
                let name = parts[0]
                let index = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
                sections[name, default: []].append((index: index, extended: extended, value: rawValue))
            } else if plain[rawName] == nil {
                plain[rawName] = rawValue
            }
        }
        for (name, pieces) in sections {
            plain[name] = Self.joinExtended(pieces.sorted { $0.index < $1.index })
        }
        parameters = plain.mapValues { EncodedWords.mayContainWord($0) ? EncodedWords.decode($0) : $0 }
    }

    /// RFC 2231 §4: the first extended section starts with `charset'language'`; extended sections are
    /// percent-encoded in that charset; plain sections are taken literally.
    private static func joinExtended(_ pieces: [(index: Int, extended: Bool, value: String)]) -> String {
        var charset: String?
        var bytes: [UInt8] = []
        for (position, piece) in pieces.enumerated() {
            var text = Substring(piece.value)
            if piece.extended {
                if position == 0 {
                    let fields = text.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                    if fields.count == 3 {
                        charset = fields[0].isEmpty ? nil : String(fields[0])
                        text = fields[2]
                    }
                }
                bytes += percentDecode(text)
            } else {
                bytes += Array(text.utf8)
            }
        }
        return Charset.decode(bytes, charset: charset ?? "utf-8")
    }

    private static func percentDecode(_ text: Substring) -> [UInt8] {
        let source = Array(text.utf8)
        var output: [UInt8] = []
        var index = 0
        while index < source.count {
            if source[index] == UInt8(ascii: "%"), index + 2 < source.count,
               let high = TransferEncoding.hexValue(source[index + 1]), let low = TransferEncoding.hexValue(source[index + 2]) {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(source[index])
                index += 1
            }
        }
        return output
    }

    /// Splits on `;` outside quoted strings and comments.
    private static func split(_ header: String) -> [String] {
        header.contains("(") ? splitDroppingComments(header) : splitWithoutComments(header)
    }

    /// `split(_:)` for a value with no comment: every item is a slice of it (only the `;` separators
    /// are dropped), cut out whole rather than built character by character. Most values take this path.
    private static func splitWithoutComments(_ header: String) -> [String] {
        var items: [String] = []
        var itemStart = header.startIndex
        var inQuotes = false
        var escaped = false
        var index = header.startIndex
        while index < header.endIndex {
            let character = header[index]
            if escaped {
                escaped = false
            } else if character == "\\" && inQuotes {
                escaped = true
            } else if character == "\"" {
                inQuotes.toggle()
            } else if character == ";" && !inQuotes {
                items.append(String(header[itemStart..<index]))
                itemStart = header.index(after: index)
            }
            index = header.index(after: index)
        }
        items.append(String(header[itemStart...]))
        return items
    }

    private static func splitDroppingComments(_ header: String) -> [String] {
        var items: [String] = []
        var current = ""
        var inQuotes = false
        var commentDepth = 0
        var escaped = false
        for character in header {
            if escaped {
                current.append(character)
                escaped = false
                continue
            }
            switch character {
            case "\\" where inQuotes:
                current.append(character)
                escaped = true
            case "\"" where commentDepth == 0:
                inQuotes.toggle()
                current.append(character)
            case "(" where !inQuotes:
                commentDepth += 1
            case ")" where !inQuotes && commentDepth > 0:
                commentDepth -= 1
            case ";" where !inQuotes && commentDepth == 0:
                items.append(current)
                current = ""
            default:
                if commentDepth == 0 { current.append(character) }
            }
        }
        items.append(current)
        return items
    }

    /// A quoted string without its quotes and escapes; other values as they are.
    private static func unquote(_ text: String) -> String {
        guard text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") else {
            return text.hasPrefix("\"") ? String(text.dropFirst()) : text
        }
        var output = ""
        var escaped = false
        for character in text.dropFirst().dropLast() {
            if escaped {
                output.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                output.append(character)
            }
        }
        return output
    }
}
