import DrydockHTTP
import Foundation

/// The parts of a multipart body (RFC 2046 §5.1.1), as byte slices: each delimiter is `--boundary` at
/// the start of a line, the line break before it belongs to the delimiter, and `--boundary--` closes
/// the body. Lines may end in CRLF or a bare LF (Python's `email` generator writes LF).
enum MultipartSplitter {
    static func parts(of body: [UInt8], boundary: [UInt8], limit: Int) throws(BatchParseError) -> [ArraySlice<UInt8>] {
        let delimiter = Array("--".utf8) + boundary
        var starts: [(lineStart: Int, after: Int, closing: Bool)] = []
        var index = 0
        while let found = find(delimiter, in: body, from: index) {
            let atLineStart = found == 0 || body[found - 1] == UInt8(ascii: "\n")
            index = found + delimiter.count
            guard atLineStart else { continue }
            let closing = index + 1 < body.count && body[index] == UInt8(ascii: "-") && body[index + 1] == UInt8(ascii: "-")
            // The rest of the delimiter line (transport padding) up to and including its line break.
            var after = index
            while after < body.count, body[after] != UInt8(ascii: "\n") { after += 1 }
            if after < body.count { after += 1 }
            var lineStart = found
            if lineStart > 0, body[lineStart - 1] == UInt8(ascii: "\n") { lineStart -= 1 }
            if lineStart > 0, body[lineStart - 1] == UInt8(ascii: "\r") { lineStart -= 1 }
            starts.append((lineStart, after, closing))
            guard starts.count <= limit + 1 else { throw BatchParseError("the batch has more than \(limit) parts") }
            if closing { break }
            index = after
        }
        guard let first = starts.first else { throw BatchParseError("the body has no delimiter for its boundary") }
        guard let last = starts.last, last.closing else { throw BatchParseError("the body does not end with the closing delimiter") }
        _ = first
        var parts: [ArraySlice<UInt8>] = []
        for (current, next) in zip(starts, starts.dropFirst()) {
            parts.append(body[current.after..<max(current.after, next.lineStart)])
        }
        return parts
    }

    /// The first index of `needle` in `haystack` at or after `start`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var index = start
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}

/// Lines and header blocks of a byte slice (CRLF or LF line ends).
struct LineReader {
    let bytes: ArraySlice<UInt8>
    var index: Int

    init(bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        index = bytes.startIndex
    }

    /// The next line without its line break; nil at the end.
    mutating func line() -> String? {
        guard index < bytes.endIndex else { return nil }
        var end = index
        while end < bytes.endIndex, bytes[end] != UInt8(ascii: "\n") { end += 1 }
        var text = bytes[index..<end]
        if text.last == UInt8(ascii: "\r") { text = text.dropLast() }
        index = end < bytes.endIndex ? end + 1 : end
        return String(decoding: text, as: UTF8.self)
    }

    /// Header lines up to an empty line (or the end); continuation lines are joined.
    mutating func headers(limit: Int, what: String) throws(BatchParseError) -> HTTPHeaders {
        var headers = HTTPHeaders()
        var count = 0
        var pending: (String, String)?
        while let line = line(), !line.isEmpty {
            count += 1
            guard count <= limit else { throw BatchParseError("\(what) has more than \(limit) header lines") }
            if line.first == " " || line.first == "\t", let open = pending {
                pending = (open.0, open.1 + " " + line.trimmingCharacters(in: .whitespaces))
                continue
            }
            if let open = pending { headers.add(open.0, open.1) }
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else {
                throw BatchParseError("\(what) has a header line without a name (\"\(line.prefix(80))\")")
            }
            pending = (String(line[..<colon]).trimmingCharacters(in: .whitespaces),
                       String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
        }
        if let open = pending { headers.add(open.0, open.1) }
        return headers
    }

    /// Everything after the current position.
    func rest() -> ArraySlice<UInt8> { bytes[index...] }
}
