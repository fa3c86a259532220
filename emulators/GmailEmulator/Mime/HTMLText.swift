import Foundation

/// HTML reduced to its visible text, for snippets and body search: `<script>`, `<style>`, `<head>`
/// and comments removed, tags dropped (block-level ones read as a space), character references
/// decoded (named ones for the common and Latin-1 entities, decimal and hex numeric ones).
enum HTMLText {
    static func text(_ html: String) -> String {
        var output = ""
        var scalars = Array(html.unicodeScalars)
        var index = 0
        var skipUntil: String?
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "<" {
                let close = Self.find(">", in: scalars, from: index + 1) ?? scalars.count
                if Self.hasPrefix("<!--", scalars, index) {
                    let end = Self.findSequence("-->", in: scalars, from: index + 4)
                    index = end.map { $0 + 3 } ?? scalars.count
                    continue
                }
                let tagRange = (index + 1)..<min(close, scalars.count)
                // The tag's text is only needed around skipped elements; the name for every tag.
                func tagText() -> String { String(String.UnicodeScalarView(scalars[tagRange])) }
                let name = Self.asciiTagName(scalars, tagRange) ?? Self.tagName(tagText())
                if let waiting = skipUntil {
                    if tagText().lowercased().hasPrefix("/" + waiting) { skipUntil = nil }
                } else if ["script", "style", "head", "title"].contains(name), !tagText().hasSuffix("/") {
                    skipUntil = name
                } else if !output.isEmpty, !(output.last?.isWhitespace ?? true), !inlineTags.contains(name) {
                    output.append(" ")
                }
                index = close + 1
                continue
            }
            if skipUntil != nil {
                index += 1
                continue
            }
            if scalar == "&", let (decoded, length) = Self.entity(scalars, index) {
                output.append(decoded)
                index += length
                continue
            }
            output.unicodeScalars.append(scalar)
            index += 1
        }
        scalars.removeAll()
        return output
    }

    /// A tag's lowercased name: its first piece between separators (space, `/`, tab, CR, LF, `>`),
    /// split by Character, so `/` splits too and a closing tag's name has no slash (`</b>` → `b`).
    static func tagName(_ tag: String) -> String {
        tag.lowercased().split(whereSeparator: { $0 == " " || $0 == "/" || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == ">" }).first.map(String.init) ?? ""
    }

    /// `tagName` for an all-ASCII tag (nil otherwise), read from the scalars without building the tag's
    /// string, lowercasing and splitting it: that was most of the cost of reducing HTML at load. As
    /// Characters go, CR LF is one character and not a separator, so it stays in the name.
    static func asciiTagName(_ scalars: [Unicode.Scalar], _ range: Range<Int>) -> String? {
        var name: [UInt8] = []
        var index = range.lowerBound
        while index < range.upperBound {
            let value = scalars[index].value
            guard value < 0x80 else { return nil }
            let isCRLF = value == 0x0D && index + 1 < range.upperBound && scalars[index + 1] == "\n"
            let isSeparator = !isCRLF && (value == 0x20 || value == 0x2F || value == 0x09 || value == 0x0A || value == 0x0D || value == 0x3E)
            if isSeparator {
                if !name.isEmpty { break }
            } else {
                let byte = UInt8(value)
                name.append((0x41...0x5A).contains(byte) ? byte + 0x20 : byte)
                if isCRLF { name.append(0x0A); index += 1 }
            }
            index += 1
        }
        // Past the name, the tag must still be ASCII for the name to be the one `tagName` gives.
        while index < range.upperBound {
            guard scalars[index].value < 0x80 else { return nil }
            index += 1
        }
        return String(decoding: name, as: UTF8.self)
    }

    private static let inlineTags: Set<String> = ["a", "b", "i", "u", "em", "strong", "span", "font", "small", "big", "sub", "sup", "code", "abbr", "s", "strike", "mark", "q", "cite", "label", "wbr"]

    /// The character reference at `start` (`&amp;`, `&#39;`, `&#x1F600;`) and how many scalars it spans.
    private static func entity(_ scalars: [Unicode.Scalar], _ start: Int) -> (Character, Int)? {
        var end = start + 1
        while end < scalars.count, end - start <= 32, scalars[end] != ";", scalars[end].properties.isAlphabetic || ("0"..."9").contains(scalars[end]) || scalars[end] == "#" {
            end += 1
        }
        guard end < scalars.count, scalars[end] == ";", end > start + 1 else { return nil }
        let name = String(String.UnicodeScalarView(scalars[(start + 1)..<end]))
        let length = end - start + 1
        if name.hasPrefix("#") {
            let digits = name.dropFirst()
            let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            guard let value, let scalar = Unicode.Scalar(value) else { return nil }
            return (Character(scalar), length)
        }
        if let scalar = named[name] { return (Character(scalar), length) }
        if let index = latin1Names.firstIndex(of: name), let scalar = Unicode.Scalar(UInt32(160 + index)) {
            return (Character(scalar), length)
        }
        return nil
    }

    private static let named: [String: Unicode.Scalar] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'",
        "ndash": "\u{2013}", "mdash": "\u{2014}", "lsquo": "\u{2018}", "rsquo": "\u{2019}", "sbquo": "\u{201A}",
        "ldquo": "\u{201C}", "rdquo": "\u{201D}", "bdquo": "\u{201E}", "hellip": "\u{2026}", "bull": "\u{2022}",
        "euro": "\u{20AC}", "trade": "\u{2122}", "dagger": "\u{2020}", "Dagger": "\u{2021}", "permil": "\u{2030}",
        "lsaquo": "\u{2039}", "rsaquo": "\u{203A}", "OElig": "\u{0152}", "oelig": "\u{0153}", "Scaron": "\u{0160}",
        "scaron": "\u{0161}", "Yuml": "\u{0178}", "fnof": "\u{0192}", "circ": "\u{02C6}", "tilde": "\u{02DC}",
        "ensp": "\u{2002}", "emsp": "\u{2003}", "thinsp": "\u{2009}", "zwnj": "\u{200C}", "zwj": "\u{200D}",
        "lrm": "\u{200E}", "rlm": "\u{200F}",
    ]

    /// HTML 4's Latin-1 entity names for U+00A0…U+00FF, in code point order.
    private static let latin1Names = [
        "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf", "laquo", "not", "shy", "reg", "macr",
        "deg", "plusmn", "sup2", "sup3", "acute", "micro", "para", "middot", "cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest",
        "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil", "Egrave", "Eacute", "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml",
        "ETH", "Ntilde", "Ograve", "Oacute", "Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute", "THORN", "szlig",
        "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil", "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml",
        "eth", "ntilde", "ograve", "oacute", "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave", "uacute", "ucirc", "uuml", "yacute", "thorn", "yuml",
    ]

    private static func find(_ target: Unicode.Scalar, in scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var index = start
        while index < scalars.count {
            if scalars[index] == target { return index }
            index += 1
        }
        return nil
    }

    /// Whether `scalars` has `prefix` at `start` (compared in place: this runs at every `<`).
    private static func hasPrefix(_ prefix: String, _ scalars: [Unicode.Scalar], _ start: Int) -> Bool {
        var index = start
        for wanted in prefix.unicodeScalars {
            guard index < scalars.count, scalars[index] == wanted else { return false }
            index += 1
        }
        return true
    }

    private static func findSequence(_ sequence: String, in scalars: [Unicode.Scalar], from start: Int) -> Int? {
        let count = sequence.unicodeScalars.count
        var index = start
        while index + count <= scalars.count {
            if hasPrefix(sequence, scalars, index) { return index }
            index += 1
        }
        return nil
    }
}
