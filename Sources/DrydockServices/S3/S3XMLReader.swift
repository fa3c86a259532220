/// One element of an S3 answer: its name (prefix kept, `xmlns` ignored), text and child elements.
public struct S3XMLElement: Sendable, Equatable {
    public var name: String
    /// The element's character data (entities decoded), its children's text excluded.
    public var text: String
    public var children: [S3XMLElement]

    /// The first child named `name`.
    public func child(_ name: String) -> S3XMLElement? { children.first { $0.name == name } }
    /// Every child named `name`, in order.
    public func children(_ name: String) -> [S3XMLElement] { children.filter { $0.name == name } }
    /// The text of the first child named `name`.
    public func text(_ name: String) -> String? { child(name)?.text }
}

/// Why an S3 answer could not be read as XML.
public struct S3XMLError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    /// The byte offset where reading stopped.
    public let offset: Int
    public var description: String { "\(message) at byte \(offset)" }
}

/// A small, bounded reader for the XML S3 answers with (`ListBucketResult`, `InitiateMultipartUploadResult`,
/// `CompleteMultipartUploadResult`, `Error`): elements, attributes (skipped), character data, CDATA, the five
/// predefined entities and character references, comments and the `<?xml?>` declaration.
///
/// The production client's own reader, not the S3 emulator's parser: production code never links emulator
/// code. Anything else — a DTD (`<!DOCTYPE`, so no entity expansion), mismatched tags, more than
/// `maximumDepth` levels, more than `maximumElements` elements, a document over `maximumBytes` — is an
/// ``S3XMLError``, never a crash (fuzzed by `fuzz-s3-client-xml`).
public struct S3XMLReader: Sendable {
    public var maximumBytes = 16 << 20
    public var maximumDepth = 32
    public var maximumElements = 200_000

    public init() {}

    /// The document element of `bytes`.
    public func read(_ bytes: [UInt8]) throws(S3XMLError) -> S3XMLElement {
        guard bytes.count <= maximumBytes else { throw S3XMLError(message: "document over \(maximumBytes) bytes", offset: 0) }
        var cursor = Cursor(bytes: bytes, reader: self)
        return try cursor.document()
    }

    struct Cursor {
        let bytes: [UInt8]
        let reader: S3XMLReader
        var index = 0
        var elements = 0

        init(bytes: [UInt8], reader: S3XMLReader) {
            self.bytes = bytes
            self.reader = reader
        }

        func fail(_ message: String) -> S3XMLError { S3XMLError(message: message, offset: index) }

        func peek(_ text: String) -> Bool {
            let pattern = Array(text.utf8)
            guard index + pattern.count <= bytes.count else { return false }
            return bytes[index..<index + pattern.count].elementsEqual(pattern)
        }

        mutating func skip(past terminator: String) throws(S3XMLError) {
            while index < bytes.count {
                if peek(terminator) {
                    index += terminator.utf8.count
                    return
                }
                index += 1
            }
            throw fail("unterminated construct (expected \(terminator))")
        }

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        /// Declaration, comments and processing instructions before and after the root.
        mutating func skipMisc() throws(S3XMLError) {
            while true {
                skipSpace()
                if peek("<?") { try skip(past: "?>") }
                else if peek("<!--") { try skip(past: "-->") }
                else if peek("<!") { throw fail("DTDs and declarations are not accepted") }
                else { return }
            }
        }

        mutating func document() throws(S3XMLError) -> S3XMLElement {
            try skipMisc()
            guard peek("<") else { throw fail("expected an element") }
            let root = try element(depth: 1)
            try skipMisc()
            guard index == bytes.count else { throw fail("content after the document element") }
            return root
        }

        static func isNameByte(_ byte: UInt8) -> Bool {
            !([0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: "/"), UInt8(ascii: ">"), UInt8(ascii: "="), UInt8(ascii: "<")].contains(byte))
        }

        mutating func name() throws(S3XMLError) -> String {
            let start = index
            while index < bytes.count, Self.isNameByte(bytes[index]) { index += 1 }
            guard index > start else { throw fail("expected a name") }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }

        /// At `<`: the element, its attributes skipped.
        mutating func element(depth: Int) throws(S3XMLError) -> S3XMLElement {
            guard depth <= reader.maximumDepth else { throw fail("more than \(reader.maximumDepth) levels") }
            elements += 1
            guard elements <= reader.maximumElements else { throw fail("more than \(reader.maximumElements) elements") }
            index += 1
            var element = S3XMLElement(name: try name(), text: "", children: [])
            // Attributes: name="value" or name='value'.
            while true {
                skipSpace()
                guard index < bytes.count else { throw fail("unterminated start tag <\(element.name)") }
                if peek("/>") {
                    index += 2
                    return element
                }
                if bytes[index] == UInt8(ascii: ">") {
                    index += 1
                    break
                }
                _ = try name()
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else { throw fail("expected = after an attribute name") }
                index += 1
                skipSpace()
                guard index < bytes.count, bytes[index] == 0x22 || bytes[index] == 0x27 else { throw fail("expected a quoted attribute value") }
                let quote = bytes[index]
                index += 1
                while index < bytes.count, bytes[index] != quote { index += 1 }
                guard index < bytes.count else { throw fail("unterminated attribute value") }
                index += 1
            }
            var text: [UInt8] = []
            while true {
                guard index < bytes.count else { throw fail("unterminated element <\(element.name)>") }
                if peek("</") {
                    index += 2
                    let closing = try name()
                    guard closing == element.name else { throw fail("</\(closing)> closes <\(element.name)>") }
                    skipSpace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: ">") else { throw fail("expected > after </\(closing)") }
                    index += 1
                    element.text = String(decoding: text, as: UTF8.self)
                    return element
                } else if peek("<![CDATA[") {
                    index += 9
                    let start = index
                    try skip(past: "]]>")
                    text += bytes[start..<(index - 3)]
                } else if peek("<!--") {
                    try skip(past: "-->")
                } else if peek("<?") {
                    try skip(past: "?>")
                } else if peek("<!") {
                    throw fail("DTDs and declarations are not accepted")
                } else if bytes[index] == UInt8(ascii: "<") {
                    element.children.append(try self.element(depth: depth + 1))
                } else if bytes[index] == UInt8(ascii: "&") {
                    text += try entity()
                } else {
                    text.append(bytes[index])
                    index += 1
                }
            }
        }

        /// At `&`: the predefined entities and `&#N;` / `&#xN;` (a valid Unicode scalar).
        mutating func entity() throws(S3XMLError) -> [UInt8] {
            let start = index
            var end = index + 1
            while end < bytes.count, end - start <= 12, bytes[end] != UInt8(ascii: ";") { end += 1 }
            guard end < bytes.count, bytes[end] == UInt8(ascii: ";") else { throw fail("unterminated entity reference") }
            let body = String(decoding: bytes[(start + 1)..<end], as: UTF8.self)
            index = end + 1
            switch body {
            case "lt": return [UInt8(ascii: "<")]
            case "gt": return [UInt8(ascii: ">")]
            case "amp": return [UInt8(ascii: "&")]
            case "quot": return [0x22]
            case "apos": return [0x27]
            default:
                var digits = Substring(body)
                guard digits.first == "#" else { throw S3XMLError(message: "unknown entity &\(body);", offset: start) }
                digits = digits.dropFirst()
                var radix = 10
                if digits.first == "x" || digits.first == "X" {
                    radix = 16
                    digits = digits.dropFirst()
                }
                guard !digits.isEmpty, let value = UInt32(digits, radix: radix), let scalar = Unicode.Scalar(value) else {
                    throw S3XMLError(message: "bad character reference &\(body);", offset: start)
                }
                return Array(String(Character(scalar)).utf8)
            }
        }
    }
}
