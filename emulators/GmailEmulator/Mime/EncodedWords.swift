/// RFC 2047 encoded words (`=?charset?B?…?=`, `=?charset?Q?…?=`) in header values. Whitespace
/// between two adjacent encoded words is dropped (RFC 2047 §6.2), so a long subject split over
/// several words reads as one. A malformed word is left as written.
///
/// Linear in the value's length, however it is written: a word's end (`?=`) is searched only up to the
/// next space (a word cannot hold one), and once a search found none, no word starting before that
/// point is tried again (its search would cover a part of the same stretch).
enum EncodedWords {
    static func decode(_ value: String) -> String {
        guard mayContainWord(value) else { return value }
        var output = ""
        var pendingWhitespace = ""
        var previousWasEncoded = false
        var rest = Substring(value)
        /// No `?=` before this index: words starting earlier are not tried.
        var unterminatedUntil = rest.startIndex
        while !rest.isEmpty {
            if rest.startIndex >= unterminatedUntil, rest.hasPrefix("=?") {
                switch decodeWord(rest) {
                case .decoded(let decoded, let after):
                    if !previousWasEncoded { output += pendingWhitespace }
                    pendingWhitespace = ""
                    output += decoded
                    previousWasEncoded = true
                    rest = after
                    continue
                case .unterminated(let searchedUntil):
                    unterminatedUntil = searchedUntil
                case .malformed:
                    break
                }
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

    /// The range of the first `?=` (an encoded word's end) in `text`, searched scalar by scalar up to
    /// the first space; `.failure` carries where the search stopped.
    private static func firstTerminator(in text: Substring) -> Result<Range<String.Index>, Unterminated> {
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        while index < scalars.endIndex, scalars[index] != " " {
            let next = scalars.index(after: index)
            if scalars[index] == "?", next < scalars.endIndex, scalars[next] == "=" {
                return .success(index..<scalars.index(after: next))
            }
            index = next
        }
        return .failure(Unterminated(searchedUntil: index))
    }

    private struct Unterminated: Error { let searchedUntil: String.Index }

    private enum WordResult {
        /// The word's text and what follows it.
        case decoded(String, Substring)
        /// No `?=` before `searchedUntil`.
        case unterminated(searchedUntil: String.Index)
        /// Not an encoded word (bad charset, encoding letter or payload).
        case malformed
    }

    /// Decodes the encoded word at the start of `text`.
    private static func decodeWord(_ text: Substring) -> WordResult {
        let body = text.dropFirst(2)
        guard let firstQ = body.firstIndex(of: "?") else { return .malformed }
        let charsetPart = body[..<firstQ]
        let afterCharset = body[body.index(after: firstQ)...]
        guard let secondQ = afterCharset.firstIndex(of: "?"), afterCharset.distance(from: afterCharset.startIndex, to: secondQ) == 1 else { return .malformed }
        let encoding = afterCharset[afterCharset.startIndex].uppercased()
        let payloadStart = afterCharset.index(after: secondQ)
        let end: Range<String.Index>
        switch firstTerminator(in: afterCharset[payloadStart...]) {
        case .success(let range): end = range
        case .failure(let stop): return .unterminated(searchedUntil: stop.searchedUntil)
        }
        let payload = afterCharset[payloadStart..<end.lowerBound]
        guard !charsetPart.isEmpty else { return .malformed }
        // RFC 2231 §5: "charset*language".
        let charset = charsetPart.split(separator: "*", maxSplits: 1).first.map(String.init)
        let bytes: [UInt8]
        switch encoding {
        case "B": bytes = TransferEncoding.decodeBase64(Array(payload.utf8))
        case "Q": bytes = decodeQ(Array(payload.utf8))
        default: return .malformed
        }
        return .decoded(Charset.decode(bytes, charset: charset), afterCharset[end.upperBound...])
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
