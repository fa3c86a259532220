/// RFC 2047 encoded words (`=?charset?B?…?=`, `=?charset?Q?…?=`) in header values. Whitespace
/// between two adjacent encoded words is dropped (RFC 2047 §6.2), so a long subject split over
/// several words reads as one. A malformed word is left as written.
enum EncodedWords {
    static func decode(_ value: String) -> String {
        guard mayContainWord(value) else { return value }
        var output = ""
        var pendingWhitespace = ""
        var previousWasEncoded = false
        var rest = Substring(value)
        while !rest.isEmpty {
            if rest.hasPrefix("=?"), let (decoded, after) = decodeWord(rest) {
                if !previousWasEncoded { output += pendingWhitespace }
                pendingWhitespace = ""
                output += decoded
                previousWasEncoded = true
                rest = after
                continue
            }
            let character = rest.removeFirst()
            if character == " " || character == "\t" {
                pendingWhitespace.append(character)
            } else {
                output += pendingWhitespace
                pendingWhitespace = ""
                output.append(character)
                previousWasEncoded = false
            }
        }
        return output + pendingWhitespace
    }

    /// Whether `value` has `=?`, where every encoded word starts: most header values have none, and
    /// this byte scan spares them Foundation's `contains` (an NSString bridge per header).
    static func mayContainWord(_ value: String) -> Bool {
        var previous: UInt8 = 0
        for byte in value.utf8 {
            if previous == UInt8(ascii: "="), byte == UInt8(ascii: "?") { return true }
            previous = byte
        }
        return false
    }

    /// The range of the first `?=` (an encoded word's end) in `text`, searched scalar by scalar.
    private static func firstTerminator(in text: Substring) -> Range<String.Index>? {
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let next = scalars.index(after: index)
            if scalars[index] == "?", next < scalars.endIndex, scalars[next] == "=" {
                return index..<scalars.index(after: next)
            }
            index = next
        }
        return nil
    }

    /// Decodes the encoded word at the start of `text`, returning it and the text after it.
    private static func decodeWord(_ text: Substring) -> (String, Substring)? {
        let body = text.dropFirst(2)
        guard let firstQ = body.firstIndex(of: "?") else { return nil }
        let charsetPart = body[..<firstQ]
        let afterCharset = body[body.index(after: firstQ)...]
        guard let secondQ = afterCharset.firstIndex(of: "?"), afterCharset.distance(from: afterCharset.startIndex, to: secondQ) == 1 else { return nil }
        let encoding = afterCharset[afterCharset.startIndex].uppercased()
        let payloadStart = afterCharset.index(after: secondQ)
        guard let end = firstTerminator(in: afterCharset[payloadStart...]) else { return nil }
        let payload = afterCharset[payloadStart..<end.lowerBound]
        guard !charsetPart.isEmpty, !payload.contains(" ") else { return nil }
        // RFC 2231 §5: "charset*language".
        let charset = charsetPart.split(separator: "*", maxSplits: 1).first.map(String.init)
        let bytes: [UInt8]
        switch encoding {
        case "B": bytes = TransferEncoding.decodeBase64(Array(payload.utf8))
        case "Q": bytes = decodeQ(Array(payload.utf8))
        default: return nil
        }
        return (Charset.decode(bytes, charset: charset), afterCharset[end.upperBound...])
    }

    /// The "Q" encoding: quoted-printable where `_` stands for a space.
    private static func decodeQ(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "_") {
                output.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "="), index + 2 < bytes.count,
                      let high = TransferEncoding.hexValue(bytes[index + 1]), let low = TransferEncoding.hexValue(bytes[index + 2]) {
                output.append(high << 4 | low)
                index += 2
            } else {
                output.append(byte)
            }
            index += 1
        }
        return output
    }
}
