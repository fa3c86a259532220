extension XML {
    /// A small, bounded XML parser: the request bodies the S3 and CloudFront emulators accept (DeleteObjects'
    /// `<Delete>`, CompleteMultipartUpload's, `<VersioningConfiguration>`, `<InvalidationBatch>`, …) and the
    /// answers the production S3 and CloudFront clients read (listings, multipart results, errors).
    ///
    /// Handles elements, attributes (skipped), character data, CDATA, comments, processing instructions
    /// and the XML declaration, the five predefined entities and character references. No DTDs (S3 refuses
    /// them too: a `<!DOCTYPE` is malformed here, so no entity expansion can blow up). Limits: `maxBytes`
    /// of input, `maxDepth` of nesting, `maxElements` in all (a client reading answers passes larger byte and
    /// element limits). Any violation is `Malformed`, for the caller to answer or report in its own terms.
    public struct Parser {
        public struct Malformed: Error, Equatable {
            public let reason: String
        }

        public static let maxBytes = 2 * 1024 * 1024
        public static let maxDepth = 32
        public static let maxElements = 100_000

        private let bytes: [UInt8]
        private let elementLimit: Int
        private var index = 0
        private var elementCount = 0

        private init(_ bytes: [UInt8], elementLimit: Int) {
            self.bytes = bytes
            self.elementLimit = elementLimit
        }

        /// The root element of `bytes`, refused past `byteLimit` bytes or `elementLimit` elements.
        public static func parse(
            _ bytes: [UInt8], byteLimit: Int = maxBytes, elementLimit: Int = maxElements
        ) throws(Malformed) -> Element {
            guard bytes.count <= byteLimit else { throw Malformed(reason: "document larger than \(byteLimit) bytes") }
            var parser = Parser(bytes, elementLimit: elementLimit)
            try parser.skipMisc()
            guard parser.peek() == UInt8(ascii: "<") else { throw Malformed(reason: "no root element") }
            let root = try parser.element(depth: 1)
            try parser.skipMisc()
            guard parser.index == bytes.count else { throw Malformed(reason: "content after the root element") }
            return root
        }

        private func peek(_ offset: Int = 0) -> UInt8? {
            let at = index + offset
            return at < bytes.count ? bytes[at] : nil
        }

        private func starts(with text: String) -> Bool {
            let utf8 = Array(text.utf8)
            guard index + utf8.count <= bytes.count else { return false }
            return Array(bytes[index..<index + utf8.count]) == utf8
        }

        private mutating func skipWhitespace() {
            while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
        }

        /// Whitespace, comments, processing instructions (the XML declaration among them).
        private mutating func skipMisc() throws(Malformed) {
            while true {
                skipWhitespace()
                if starts(with: "<?") {
                    try skip(past: "?>")
                } else if starts(with: "<!--") {
                    try skip(past: "-->")
                } else if starts(with: "<!") {
                    throw Malformed(reason: "document type declarations are not accepted")
                } else {
                    return
                }
            }
        }

        private mutating func skip(past terminator: String) throws(Malformed) {
            while index < bytes.count {
                if starts(with: terminator) {
                    index += terminator.utf8.count
                    return
                }
                index += 1
            }
            throw Malformed(reason: "unterminated markup (expected \(terminator))")
        }

        private mutating func name() throws(Malformed) -> String {
            let start = index
            while let byte = peek(), !(byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
                                       || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "=")) {
                index += 1
            }
            guard index > start else { throw Malformed(reason: "missing name at byte \(start)") }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }

        private mutating func element(depth: Int) throws(Malformed) -> Element {
            guard depth <= Self.maxDepth else { throw Malformed(reason: "nested deeper than \(Self.maxDepth)") }
            elementCount += 1
            guard elementCount <= elementLimit else { throw Malformed(reason: "more than \(elementLimit) elements") }
            index += 1  // "<"
            let qualified = try name()
            var element = Element(name: Self.localName(qualified))
            try skipAttributes()
            if peek() == UInt8(ascii: "/") {
                guard peek(1) == UInt8(ascii: ">") else { throw Malformed(reason: "bad empty-element tag <\(qualified)") }
                index += 2
                return element
            }
            index += 1  // ">"
            var text: [UInt8] = []
            while true {
                guard let byte = peek() else { throw Malformed(reason: "unclosed element <\(qualified)>") }
                if byte == UInt8(ascii: "<") {
                    if starts(with: "</") {
                        index += 2
                        let closing = try name()
                        skipWhitespace()
                        guard closing == qualified, peek() == UInt8(ascii: ">") else {
                            throw Malformed(reason: "</\(closing)> does not close <\(qualified)>")
                        }
                        index += 1
                        element.text = String(decoding: text, as: UTF8.self)
                        return element
                    } else if starts(with: "<![CDATA[") {
                        index += 9
                        let start = index
                        try skip(past: "]]>")
                        text += bytes[start..<index - 3]
                    } else if starts(with: "<!--") || starts(with: "<?") {
                        try skip(past: starts(with: "<!--") ? "-->" : "?>")
                    } else if starts(with: "<!") {
                        throw Malformed(reason: "markup declaration inside <\(qualified)>")
                    } else {
                        element.children.append(try self.element(depth: depth + 1))
                    }
                } else if byte == UInt8(ascii: "&") {
                    text += Array(try entity().utf8)
                } else {
                    text.append(byte)
                    index += 1
                }
            }
        }

        private mutating func skipAttributes() throws(Malformed) {
            while true {
                skipWhitespace()
                guard let byte = peek() else { throw Malformed(reason: "unterminated tag") }
                if byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") { return }
                _ = try name()
                skipWhitespace()
                guard peek() == UInt8(ascii: "=") else { throw Malformed(reason: "attribute without a value") }
                index += 1
                skipWhitespace()
                guard let quote = peek(), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
                    throw Malformed(reason: "unquoted attribute value")
                }
                index += 1
                while let next = peek(), next != quote { index += 1 }
                guard peek() == quote else { throw Malformed(reason: "unterminated attribute value") }
                index += 1
            }
        }

        /// `&name;` or `&#N;` / `&#xN;` at `index`.
        private mutating func entity() throws(Malformed) -> String {
            let start = index
            index += 1
            while let byte = peek(), byte != UInt8(ascii: ";"), index - start < 12 { index += 1 }
            guard peek() == UInt8(ascii: ";") else { throw Malformed(reason: "unterminated entity at byte \(start)") }
            let body = String(decoding: bytes[(start + 1)..<index], as: UTF8.self)
            index += 1
            switch body {
            case "amp": return "&"
            case "lt": return "<"
            case "gt": return ">"
            case "quot": return "\""
            case "apos": return "'"
            default:
                let hex = body.hasPrefix("#x") || body.hasPrefix("#X")
                guard body.hasPrefix("#"), let value = UInt32(body.dropFirst(hex ? 2 : 1), radix: hex ? 16 : 10),
                      let scalar = Unicode.Scalar(value)
                else { throw Malformed(reason: "unknown entity &\(body);") }
                return String(Character(scalar))
            }
        }

        private static func localName(_ qualified: String) -> String {
            guard let colon = qualified.lastIndex(of: ":") else { return qualified }
            return String(qualified[qualified.index(after: colon)...])
        }
    }
}
