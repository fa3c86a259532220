/// Splits an entity into its header fields and the offset where its body starts (RFC 5322 §2.2).
///
/// Tolerant the way Gmail is: lines may end in CRLF or a bare LF, a leading mbox `From ` line is
/// skipped, and a line that is neither a field nor a continuation ends the header block without being
/// consumed (it becomes the first body line) instead of failing.
///
/// Bounded like an MTA's header store: at most `maximumFields` fields are kept per entity (later ones
/// are read past and dropped) and each field's unfolded value at most `maximumValueBytes` (the excess
/// is dropped, as Postfix's `header_size_limit` does), so a header of millions of tiny or folded lines
/// costs no more than that.
struct HeaderBlock {
    let fields: [MimeHeaderField]
    /// Index of the first body byte in the parsed buffer (its count when there is no body).
    let bodyStart: Int

    /// Fields kept per entity: 1,000 (assumed; no real message comes close).
    static let maximumFields = 1_000
    /// Bytes kept of one field's unfolded value: 100 KiB, Postfix's default `header_size_limit`.
    static let maximumValueBytes = 100 * 1024

    init(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil) {
        let end = end ?? bytes.count
        var fields: [(name: String, value: [UInt8])] = []
        /// Fields read, kept or not.
        var seen = 0
        var index = start
        var first = true
        while index < end {
            let lineEnd = Self.lineEnd(bytes, from: index, to: end)
            var contentEnd = lineEnd
            if contentEnd > index, bytes[contentEnd - 1] == UInt8(ascii: "\r") { contentEnd -= 1 }
            let next = lineEnd < end ? lineEnd + 1 : end
            if contentEnd == index {
                // The empty line separating headers from the body.
                index = next
                break
            }
            let lead = bytes[index]
            if lead == UInt8(ascii: " ") || lead == UInt8(ascii: "\t") {
                if seen == 0 { break }
                // Unfold: drop the line break, keep the whitespace (RFC 5322 §2.2.3).
                if seen <= Self.maximumFields {
                    Self.append(bytes[index..<contentEnd], to: &fields[fields.count - 1].value)
                }
            } else if first, Self.isMboxFromLine(bytes, index, contentEnd) {
                // "From sender date" envelope line of an mbox export.
            } else if let colon = Self.fieldNameEnd(bytes, index, contentEnd) {
                seen += 1
                if seen <= Self.maximumFields {
                    let name = String(decoding: bytes[index..<colon], as: UTF8.self)
                    var valueStart = colon + 1
                    while valueStart < contentEnd, bytes[valueStart] == UInt8(ascii: " ") || bytes[valueStart] == UInt8(ascii: "\t") {
                        valueStart += 1
                    }
                    var value: [UInt8] = []
                    Self.append(bytes[valueStart..<contentEnd], to: &value)
                    fields.append((name: name, value: value))
                }
            } else {
                break
            }
            first = false
            index = next
        }
        self.fields = fields.map { MimeHeaderField(name: $0.name.trimmingTrailingWhitespace, rawValue: Charset.headerText($0.value)) }
        self.bodyStart = min(index, end)
    }

    /// Appends `line` to a field value, up to `maximumValueBytes` in all.
    private static func append(_ line: ArraySlice<UInt8>, to value: inout [UInt8]) {
        let room = maximumValueBytes - value.count
        guard room > 0 else { return }
        value.append(contentsOf: line.prefix(room))
    }

    /// The index of the LF ending the line that starts at `start`, or `end`.
    static func lineEnd(_ bytes: [UInt8], from start: Int, to end: Int) -> Int {
        var index = start
        while index < end, bytes[index] != UInt8(ascii: "\n") { index += 1 }
        return index
    }

    /// The index of the `:` ending a field name (printable ASCII except `:`, RFC 5322 §2.2), or nil.
    private static func fieldNameEnd(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Int? {
        var index = start
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: ":") { return index > start ? index : nil }
            // Tolerate whitespace before the colon ("Subject : x"), as many parsers do.
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                var probe = index
                while probe < end, bytes[probe] == UInt8(ascii: " ") || bytes[probe] == UInt8(ascii: "\t") { probe += 1 }
                return probe < end && bytes[probe] == UInt8(ascii: ":") && index > start ? probe : nil
            }
            guard byte >= 33, byte <= 126 else { return nil }
            index += 1
        }
        return nil
    }

    private static func isMboxFromLine(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Bool {
        end - start >= 5 && bytes[start..<(start + 5)].elementsEqual("From ".utf8)
    }
}

extension String {
    var trimmingTrailingWhitespace: String {
        var scalars = Substring(self)
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
