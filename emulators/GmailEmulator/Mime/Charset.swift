import Foundation

/// Turning bytes in a declared charset into text. UTF-8, US-ASCII, ISO-8859-1, ISO-8859-15 and
/// Windows-1252 are decoded here (ISO-8859-1 the way mail readers and browsers do: as Windows-1252);
/// UTF-16 and the other charsets Foundation knows go through Foundation; anything unknown or
/// undecodable is read as UTF-8 when it is valid UTF-8, else as Windows-1252. Never fails.
enum Charset {
    /// `bytes` as text in `charset` (nil: US-ASCII, read leniently).
    static func decode(_ bytes: some Collection<UInt8>, charset: String?) -> String {
        let name = (charset ?? "us-ascii").lowercased().trimmingSpaces()
        switch name {
        case "utf-8", "utf8", "unicode-1-1-utf-8":
            return String(decoding: bytes, as: UTF8.self)
        case "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "":
            return lenient(bytes)
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "cp819", "windows-1252", "cp1252", "x-cp1252":
            return windows1252(bytes)
        case "iso-8859-15", "iso8859-15", "latin9", "latin-9":
            return latin9(bytes)
        default:
            if let encoding = foundationEncoding(name), let text = String(data: Data(bytes), encoding: encoding) {
                return text
            }
            return lenient(bytes)
        }
    }

    /// A header value's bytes: UTF-8 when valid (RFC 6532), else Windows-1252 (raw 8-bit headers).
    static func headerText(_ bytes: [UInt8]) -> String { lenient(bytes) }

    /// UTF-8 when the bytes are valid UTF-8, else Windows-1252.
    static func lenient(_ bytes: some Collection<UInt8>) -> String {
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return windows1252(bytes)
    }

    static func windows1252(_ bytes: some Collection<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            if byte >= 0x80, byte < 0xA0, let mapped = cp1252High[Int(byte - 0x80)] {
                scalars.append(mapped)
            } else {
                scalars.append(Unicode.Scalar(byte))
            }
        }
        return String(scalars)
    }

    private static func latin9(_ bytes: some Collection<UInt8>) -> String {
        let differences: [UInt8: Unicode.Scalar] = [
            0xA4: "\u{20AC}", 0xA6: "\u{0160}", 0xA8: "\u{0161}", 0xB4: "\u{017D}",
            0xB8: "\u{017E}", 0xBC: "\u{0152}", 0xBD: "\u{0153}", 0xBE: "\u{0178}",
        ]
        var scalars = String.UnicodeScalarView()
        for byte in bytes { scalars.append(differences[byte] ?? Unicode.Scalar(byte)) }
        return String(scalars)
    }

    /// Windows-1252's 0x80-0x9F (nil: undefined, kept as the C1 control).
    private static let cp1252High: [Unicode.Scalar?] = [
        "\u{20AC}", nil, "\u{201A}", "\u{0192}", "\u{201E}", "\u{2026}", "\u{2020}", "\u{2021}",
        "\u{02C6}", "\u{2030}", "\u{0160}", "\u{2039}", "\u{0152}", nil, "\u{017D}", nil,
        nil, "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}", "\u{2022}", "\u{2013}", "\u{2014}",
        "\u{02DC}", "\u{2122}", "\u{0161}", "\u{203A}", "\u{0153}", nil, "\u{017E}", "\u{0178}",
    ]

    private static func foundationEncoding(_ name: String) -> String.Encoding? {
        switch name {
        case "utf-16": .utf16
        case "utf-16le": .utf16LittleEndian
        case "utf-16be": .utf16BigEndian
        case "utf-32": .utf32
        case "iso-8859-2", "latin2": .isoLatin2
        case "windows-1250", "cp1250": .windowsCP1250
        case "windows-1251", "cp1251": .windowsCP1251
        case "windows-1253", "cp1253": .windowsCP1253
        case "windows-1254", "cp1254": .windowsCP1254
        case "shift_jis", "shift-jis", "sjis", "x-sjis": .shiftJIS
        case "euc-jp": .japaneseEUC
        case "iso-2022-jp": .iso2022JP
        case "macintosh", "mac": .macOSRoman
        default: nil
        }
    }
}
