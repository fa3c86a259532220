import DrydockCore

/// Finds where a value sits in JSON text, so errors about a parsed document can still point at a line
/// and column. The text is assumed to be valid JSON (it already parsed); the scan is forgiving anyway.
struct JSONLocator {
    let bytes: [UInt8]

    /// The 1-based line and column (in characters) of the value at `path`, or of the deepest part of
    /// the path that exists.
    func position(of path: [JSONPathComponent]) -> (line: Int, column: Int)? {
        var index = skipWhitespace(0)
        guard index < bytes.count else { return nil }
        for component in path {
            guard let next = step(from: index, into: component) else { break }
            index = next
        }
        return lineAndColumn(of: index)
    }

    /// The offset of the member's or element's value inside the object or array that starts at `start`.
    private func step(from start: Int, into component: JSONPathComponent) -> Int? {
        guard start < bytes.count else { return nil }
        switch component {
        case .member(let wanted):
            guard bytes[start] == UInt8(ascii: "{") else { return nil }
            var index = skipWhitespace(start + 1)
            var found: Int?
            while index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
                let keyStart = index
                let keyEnd = skipString(index)
                let key = try? JSONValue.parse(Array(bytes[keyStart..<keyEnd])).stringValue
                index = skipWhitespace(keyEnd)
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return found }
                let valueStart = skipWhitespace(index + 1)
                // The value, so a nested path can continue from it; repeated keys: the last one wins, as in JSONValue.
                if key == wanted { found = valueStart }
                index = skipWhitespace(skipValue(valueStart))
                if index < bytes.count, bytes[index] == UInt8(ascii: ",") { index = skipWhitespace(index + 1) }
            }
            return found
        case .index(let wanted):
            guard bytes[start] == UInt8(ascii: "[") else { return nil }
            var index = skipWhitespace(start + 1)
            var position = 0
            while index < bytes.count, bytes[index] != UInt8(ascii: "]") {
                if position == wanted { return index }
                index = skipWhitespace(skipValue(index))
                if index < bytes.count, bytes[index] == UInt8(ascii: ",") { index = skipWhitespace(index + 1) }
                position += 1
            }
            return nil
        }
    }

    private func skipWhitespace(_ start: Int) -> Int {
        var index = start
        while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
        return index
    }

    /// The offset just past the string that starts at `start`.
    private func skipString(_ start: Int) -> Int {
        var index = start + 1
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\\") { index += 2; continue }
            if bytes[index] == UInt8(ascii: "\"") { return index + 1 }
            index += 1
        }
        return bytes.count
    }

    /// The offset just past the value that starts at `start`.
    private func skipValue(_ start: Int) -> Int {
        guard start < bytes.count else { return start }
        switch bytes[start] {
        case UInt8(ascii: "\""):
            return skipString(start)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            var index = start
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""): index = skipString(index); continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return index + 1 }
                default: break
                }
                index += 1
            }
            return bytes.count
        default:
            var index = start
            while index < bytes.count, ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) {
                index += 1
            }
            return index
        }
    }

    private func lineAndColumn(of offset: Int) -> (line: Int, column: Int) {
        let end = min(offset, bytes.count)
        var line = 1
        var lineStart = 0
        for i in 0..<end where bytes[i] == UInt8(ascii: "\n") {
            line += 1
            lineStart = i + 1
        }
        return (line, String(decoding: bytes[lineStart..<end], as: UTF8.self).count + 1)
    }
}
