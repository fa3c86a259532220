/// Where and why JSON text failed to parse: `line 3, column 12: expected ',' or '}' after an object member`.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public let line: Int
    public let column: Int
    /// Byte offset from the start of the text.
    public let offset: Int
    public let reason: String
    /// What kind of failure: `.syntax` (the text is not JSON) or `.nestingTooDeep` (it nests arrays and
    /// objects deeper than the parser's `maxDepth`).
    public var code: Code = .syntax

    /// A parse failure's kind. A struct, so new kinds break no caller.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public static let syntax = Code(name: "syntax")
        public static let nestingTooDeep = Code(name: "nestingTooDeep")
        public var description: String { name }
    }

    public var description: String { "line \(line), column \(column): \(reason)" }
}

extension JSONValue {
    /// The default `maxDepth`: 512 nested arrays and objects, far past any real document and far
    /// within the stack of any thread (the parser, the writer, `==` and deinitialization all recurse
    /// once per level).
    public static let defaultMaxDepth = 512

    /// Parses JSON text (RFC 8259). Errors carry the line and column where the text breaks; arrays and
    /// objects nested deeper than `maxDepth` are an error (`code == .nestingTooDeep`) at the opening
    /// bracket that goes past it, before any recursion could exhaust the stack.
    public static func parse(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws(JSONParseError) -> JSONValue {
        var parser = JSONParser(bytes: bytes, maxDepth: maxDepth)
        return try parser.parseDocument()
    }

    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    public static func parse(_ text: String, maxDepth: Int) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8), maxDepth: maxDepth)
    }
}

struct JSONParser {
    let bytes: [UInt8]
    let maxDepth: Int
    var index = 0
    var depth = 0

    init(bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        if index >= bytes.count { throw error("the document is empty") }
        let value = try parseValue()
        skipWhitespace()
        if index < bytes.count { throw error("unexpected \(describeCurrent()) after the end of the document") }
        return value
    }

    func error(_ reason: String, at offset: Int? = nil, code: JSONParseError.Code = .syntax) -> JSONParseError {
        let at = min(offset ?? index, bytes.count)
        var line = 1
        var lineStart = 0
        for i in 0..<at where bytes[i] == UInt8(ascii: "\n") {
            line += 1
            lineStart = i + 1
        }
        let column = String(decoding: bytes[lineStart..<at], as: UTF8.self).count + 1
        return JSONParseError(line: line, column: column, offset: at, reason: reason, code: code)
    }

    func describeCurrent() -> String {
        guard index < bytes.count else { return "end of text" }
        let byte = bytes[index]
        if byte >= 0x20 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16)
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// A value. Only arrays and objects recurse; everything else is read by `parseScalar`, so this
    /// frame, repeated once per level of nesting, stays small.
    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard index < bytes.count else { throw endOfText("expected a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        default: return try parseScalar()
        }
    }

    @inline(never)
    mutating func parseScalar() throws(JSONParseError) -> JSONValue {
        switch bytes[index] {
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw unexpected("expected a value")
        }
    }

    mutating func expectLiteral(_ literal: String) throws(JSONParseError) {
        let expected = Array(literal.utf8)
        guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected else {
            throw error("invalid literal, expected '\(literal)'")
        }
        index += expected.count
    }

    mutating func enter() throws(JSONParseError) {
        depth += 1
        if depth > maxDepth { throw tooDeep() }
    }

    // The recursive functions throw through these helpers rather than building messages inline: each
    // interpolation's temporaries would otherwise take stack in every nested frame (kilobytes per
    // level in debug builds), and the parser recurses once per level of nesting.

    /// `unexpected end of text, <expectation>` (or `… text inside an object`).
    @inline(never)
    func endOfText(_ expectation: StaticString) -> JSONParseError {
        error("unexpected end of text\(expectation.description.hasPrefix("inside") ? " " : ", ")\(expectation)")
    }

    /// `unexpected 'x', <expectation>` (with ` "<key>"` after it when given).
    @inline(never)
    func unexpected(_ expectation: StaticString, key: String? = nil) -> JSONParseError {
        error("unexpected \(describeCurrent()), \(expectation)" + (key.map { " \"\($0)\"" } ?? ""))
    }

    @inline(never)
    func tooDeep() -> JSONParseError {
        error("nesting deeper than \(maxDepth) levels", code: .nestingTooDeep)
    }

    mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        index += 1
        var members: [(String, JSONValue)] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            let key = try parseMemberName()
            members.append((key, try parseValue()))
            if try endsContainer(closer: UInt8(ascii: "}"), after: key) { return .object(members) }
        }
    }

    mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        index += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(items)
        }
        while true {
            skipWhitespace()
            items.append(try parseValue())
            if try endsContainer(closer: UInt8(ascii: "]"), after: nil) { return .array(items) }
        }
    }

    /// `"name"` and its `:`, with the whitespace around them.
    @inline(never)
    mutating func parseMemberName() throws(JSONParseError) -> String {
        skipWhitespace()
        guard index < bytes.count else { throw endOfText("inside an object") }
        guard bytes[index] == UInt8(ascii: "\"") else { throw unexpected("expected a member name in double quotes") }
        let key = try parseString()
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw unexpected("expected ':' after member name", key: key) }
        index += 1
        skipWhitespace()
        return key
    }

    /// After a member (`key`) or an element: true at the container's `closer`, false at a `,`.
    @inline(never)
    mutating func endsContainer(closer: UInt8, after key: String?) throws(JSONParseError) -> Bool {
        skipWhitespace()
        let inObject = closer == UInt8(ascii: "}")
        guard index < bytes.count else { throw endOfText(inObject ? "expected ',' or '}'" : "expected ',' or ']'") }
        if bytes[index] == UInt8(ascii: ",") { index += 1; return false }
        if bytes[index] == closer { index += 1; return true }
        throw inObject ? unexpected("expected ',' or '}' after member", key: key) : unexpected("expected ',' or ']' in an array")
    }

    mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = index
        func isDigit(_ i: Int) -> Bool { i < bytes.count && bytes[i] >= 0x30 && bytes[i] <= 0x39 }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard isDigit(index) else { throw error("invalid number: expected a digit") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if isDigit(index) { throw error("invalid number: leading zeros are not allowed") }
        } else {
            while isDigit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard isDigit(index) else { throw error("invalid number: expected a digit after '.'") }
            while isDigit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard isDigit(index) else { throw error("invalid number: expected a digit in the exponent") }
            while isDigit(index) { index += 1 }
        }
        return .number(String(decoding: bytes[start..<index], as: UTF8.self))
    }

    mutating func parseString() throws(JSONParseError) -> String {
        let start = index
        index += 1
        var scalars = String.UnicodeScalarView()
        var runStart = index
        var ascii = true
        func flush(_ end: Int) throws(JSONParseError) {
            guard runStart < end else { return }
            guard let text = String(validating: bytes[runStart..<end], as: UTF8.self) else {
                throw error("invalid UTF-8 in a string", at: runStart)
            }
            scalars.append(contentsOf: text.unicodeScalars)
        }
        while true {
            guard index < bytes.count else { throw error("unterminated string", at: start) }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                if runStart == start + 1 {
                    // No escapes (the common case): one copy, no scalar-by-scalar append; ASCII needs no
                    // validation at all.
                    let run = bytes[runStart..<index]
                    let text: String
                    if ascii {
                        text = String(decoding: run, as: UTF8.self)
                    } else {
                        guard let valid = String(validating: run, as: UTF8.self) else {
                            throw error("invalid UTF-8 in a string", at: runStart)
                        }
                        text = valid
                    }
                    index += 1
                    return text
                }
                try flush(index)
                index += 1
                return String(scalars)
            }
            if byte < 0x20 { throw error("unescaped control character in a string") }
            if byte >= 0x80 { ascii = false }
            if byte == UInt8(ascii: "\\") {
                try flush(index)
                index += 1
                guard index < bytes.count else { throw error("unterminated string", at: start) }
                switch bytes[index] {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"):
                    let high = try parseHex4()
                    if (0xD800...0xDBFF).contains(high) {
                        guard index + 2 < bytes.count, bytes[index + 1] == UInt8(ascii: "\\"), bytes[index + 2] == UInt8(ascii: "u") else {
                            throw error("unpaired surrogate \\u\(String(high, radix: 16))")
                        }
                        index += 2
                        let low = try parseHex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw error("invalid low surrogate") }
                        scalars.append(Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!)
                    } else if let scalar = Unicode.Scalar(high) {
                        scalars.append(scalar)
                    } else {
                        throw error("unpaired surrogate \\u\(String(high, radix: 16))")
                    }
                default:
                    throw error("invalid escape \\\(describeCurrent())")
                }
                index += 1
                runStart = index
                continue
            }
            index += 1
        }
    }

    /// Reads the four hex digits after `\u`; leaves `index` on the last digit.
    mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        guard index + 4 < bytes.count else { throw error("incomplete \\u escape") }
        var value: UInt32 = 0
        for offset in 1...4 {
            let byte = bytes[index + offset]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - 0x30)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - 0x61 + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - 0x41 + 10)
            default: throw error("invalid hex digit in \\u escape", at: index + offset)
            }
            value = value << 4 | digit
        }
        index += 4
        return value
    }
}
