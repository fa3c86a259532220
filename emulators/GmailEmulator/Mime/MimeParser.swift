/// Parses RFC 5322 messages with MIME structure (RFC 2045/2046) into a `MimePart` tree. Never fails:
/// whatever a mailer wrote, Gmail shows something, and so does this parser. A multipart without a
/// usable boundary, or whose boundary never occurs, is kept as a leaf. So is a multipart nested deeper
/// than `maximumDepth` (hostile input cannot exhaust the stack), and one whose parts would take the
/// message past `maximumParts` entities in all (a body of a million empty parts costs one leaf, not a
/// million). Header fields are bounded by `HeaderBlock`.
enum MimeParser {
    /// Multipart nesting kept: 32 levels (assumed; real mail nests three or four).
    static let maximumDepth = 32
    /// Entities (the message, its multiparts and leaves) kept per message: 1,000 (assumed).
    static let maximumParts = 1_000

    static func parse(_ bytes: [UInt8]) -> MimePart {
        var budget = maximumParts - 1
        return parseEntity(bytes, start: 0, end: bytes.count, depth: 0, defaultType: "text/plain", budget: &budget)
    }

    /// `budget`: how many more entities the message may have below this one.
    private static func parseEntity(_ bytes: [UInt8], start: Int, end: Int, depth: Int, defaultType: String, budget: inout Int) -> MimePart {
        let block = HeaderBlock(bytes, from: start, to: end)
        let headers = block.fields
        let contentType = HeaderParameters(headers.first(named: "Content-Type")?.rawValue)
        let disposition = HeaderParameters(headers.first(named: "Content-Disposition")?.rawValue)
        var mimeType = contentType.value
        if !isValidMimeType(mimeType) { mimeType = defaultType }
        let bodyRange = block.bodyStart..<max(block.bodyStart, end)

        if mimeType.hasPrefix("multipart/"), depth < maximumDepth,
           let boundary = contentType["boundary"], !boundary.isEmpty {
            if let ranges = partRanges(bytes, in: bodyRange, boundary: Array(boundary.utf8), limit: budget), !ranges.isEmpty {
                budget -= ranges.count
                // RFC 2046 §5.1.5: inside multipart/digest, parts default to message/rfc822.
                let childDefault = mimeType == "multipart/digest" ? "message/rfc822" : "text/plain"
                let parts = ranges.map {
                    parseEntity(bytes, start: $0.lowerBound, end: $0.upperBound, depth: depth + 1, defaultType: childDefault, budget: &budget)
                }
                return MimePart(headers: headers, mimeType: mimeType, contentType: contentType, disposition: disposition, body: [], parts: parts)
            }
        }
        let encoding = headers.first(named: "Content-Transfer-Encoding")?.rawValue
        let body = TransferEncoding.decode(bytes[bodyRange], encoding: encoding)
        return MimePart(headers: headers, mimeType: mimeType, contentType: contentType, disposition: disposition, body: body, parts: [])
    }

    /// `type/subtype` with token characters only.
    private static func isValidMimeType(_ value: String) -> Bool {
        let pieces = value.split(separator: "/", omittingEmptySubsequences: false)
        guard pieces.count == 2, !pieces[0].isEmpty, !pieces[1].isEmpty else { return false }
        return value.utf8.allSatisfy { $0 > 32 && $0 < 127 && !"()<>@,;:\\\"[]?=".utf8.contains($0) }
    }

    /// The byte ranges of the body parts between `--boundary` delimiter lines. The line break before
    /// a delimiter belongs to the delimiter (RFC 2046 §5.1.1). A missing close delimiter ends the
    /// last part at the end of the body. Nil when there are more than `limit` parts.
    private static func partRanges(_ bytes: [UInt8], in range: Range<Int>, boundary: [UInt8], limit: Int) -> [Range<Int>]? {
        var ranges: [Range<Int>] = []
        var partStart: Int?
        var lineStart = range.lowerBound
        let end = range.upperBound
        while lineStart < end {
            let lineEnd = HeaderBlock.lineEnd(bytes, from: lineStart, to: end)
            if let closing = delimiter(bytes, lineStart, lineEnd, boundary) {
                if let start = partStart {
                    // Drop the CRLF or LF that precedes the delimiter line.
                    var partEnd = lineStart
                    if partEnd > start, bytes[partEnd - 1] == UInt8(ascii: "\n") { partEnd -= 1 }
                    if partEnd > start, bytes[partEnd - 1] == UInt8(ascii: "\r") { partEnd -= 1 }
                    ranges.append(start..<max(start, partEnd))
                    if ranges.count > limit { return nil }
                }
                if closing { return ranges }
                partStart = min(lineEnd + 1, end)
            }
            lineStart = lineEnd + 1
        }
        if let start = partStart, start < end { ranges.append(start..<end) }
        return ranges.count > limit ? nil : ranges
    }

    /// Whether the line is `--boundary` (nil: no), and whether it is the closing `--boundary--`.
    /// Trailing whitespace after the delimiter is allowed (RFC 2046 §5.1.1).
    private static func delimiter(_ bytes: [UInt8], _ start: Int, _ end: Int, _ boundary: [UInt8]) -> Bool? {
        let length = boundary.count + 2
        guard end - start >= length, bytes[start] == UInt8(ascii: "-"), bytes[start + 1] == UInt8(ascii: "-"),
              bytes[(start + 2)..<(start + length)].elementsEqual(boundary) else { return nil }
        var index = start + length
        var closing = false
        if index + 2 <= end, bytes[index] == UInt8(ascii: "-"), bytes[index + 1] == UInt8(ascii: "-") {
            closing = true
            index += 2
        }
        while index < end {
            let byte = bytes[index]
            guard byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") else { return nil }
            index += 1
        }
        return closing
    }
}
