import Foundation

/// Content-Transfer-Encoding (RFC 2045 §6) and the base64url Gmail uses for `raw`, `body.data` and
/// attachments.
enum TransferEncoding {
    /// The body bytes after undoing `encoding` (`base64`, `quoted-printable`; anything else,
    /// including `7bit`, `8bit`, `binary` and unknown values, is taken as is, as Gmail does).
    static func decode(_ bytes: ArraySlice<UInt8>, encoding: String?) -> [UInt8] {
        switch encoding?.lowercased().trimmingSpaces() {
        case "base64": decodeBase64(bytes)
        case "quoted-printable": decodeQuotedPrintable(bytes)
        default: Array(bytes)
        }
    }

    // MARK: Base64

    /// Lenient base64: both alphabets (standard and URL-safe), whitespace and other stray bytes
    /// skipped, padding optional; decoding stops at the first `=`.
    static func decodeBase64(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in bytes {
            if byte == UInt8(ascii: "=") { break }
            guard let value = base64Value(byte) else { continue }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8((accumulator >> UInt32(bits)) & 0xFF))
            }
        }
        return output
    }

    /// Strict base64 as Google's JSON layer reads a `bytes` field: either alphabet, optional padding,
    /// nothing else. Nil when the text is not base64.
    static func decodeBase64Strict(_ text: String) -> [UInt8]? {
        var bytes = Array(text.utf8)
        while bytes.last == UInt8(ascii: "=") { bytes.removeLast() }
        guard bytes.count % 4 != 1, bytes.allSatisfy({ base64Value($0) != nil }) else { return nil }
        guard text.utf8.count - bytes.count <= 2 else { return nil }
        return decodeBase64(bytes)
    }

    /// Standard-alphabet base64, padded.
    static func encodeBase64(_ bytes: some Collection<UInt8>) -> String {
        encode(bytes, alphabet: standardAlphabet)
    }

    /// Base64url with padding: what Gmail sends in `raw`, `body.data` and attachment `data`.
    static func encodeBase64URL(_ bytes: some Collection<UInt8>) -> String {
        encode(bytes, alphabet: urlAlphabet)
    }

    private static let standardAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let urlAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    private static func encode(_ bytes: some Collection<UInt8>, alphabet: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var iterator = bytes.makeIterator()
        while let first = iterator.next() {
            let second = iterator.next()
            let third = iterator.next()
            let value = UInt32(first) << 16 | UInt32(second ?? 0) << 8 | UInt32(third ?? 0)
            output.append(alphabet[Int(value >> 18 & 63)])
            output.append(alphabet[Int(value >> 12 & 63)])
            output.append(second == nil ? UInt8(ascii: "=") : alphabet[Int(value >> 6 & 63)])
            output.append(third == nil ? UInt8(ascii: "=") : alphabet[Int(value & 63)])
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func base64Value(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): byte - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"), UInt8(ascii: "-"): 62
        case UInt8(ascii: "/"), UInt8(ascii: "_"): 63
        default: nil
        }
    }

    // MARK: Quoted-printable

    /// Quoted-printable (RFC 2045 §6.7): `=XX` escapes and soft line breaks (`=` at the end of a line,
    /// optionally followed by trailing whitespace, with CRLF or LF). A malformed `=` is kept literally.
    static func decodeQuotedPrintable(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        let end = bytes.endIndex
        while index < end {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "=") else {
                output.append(byte)
                index += 1
                continue
            }
            if index + 2 < end, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                output.append(high << 4 | low)
                index += 3
                continue
            }
            // Soft line break: "=", optional spaces or tabs, then CRLF, LF or the end of the body.
            var probe = index + 1
            while probe < end, bytes[probe] == UInt8(ascii: " ") || bytes[probe] == UInt8(ascii: "\t") { probe += 1 }
            if probe == end {
                index = end
            } else if bytes[probe] == UInt8(ascii: "\n") {
                index = probe + 1
            } else if bytes[probe] == UInt8(ascii: "\r"), probe + 1 < end, bytes[probe + 1] == UInt8(ascii: "\n") {
                index = probe + 2
            } else {
                output.append(byte)
                index += 1
            }
        }
        return output
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
