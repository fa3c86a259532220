/// The recursive-descent parser behind `FieldMask.init`, bounded by the mask's limits: recursion goes
/// one level per `(`, so `maximumDepth` bounds the stack.
struct FieldMaskParser {
    let text: String
    let bytes: [UInt8]
    var index = 0
    var depth = 0
    var selections = 0
    /// The names of the enclosing selections, for error paths.
    var prefix: [String] = []

    init(text: String) {
        self.text = text
        bytes = Array(text.utf8)
    }

    mutating func parseMask() throws(FieldMaskError) -> FieldMask.Node {
        guard bytes.count <= FieldMask.maximumLength else { throw error(.tooComplex, String(text.prefix(64))) }
        let root = try parseList()
        skipSpaces()
        guard index == bytes.count else { throw error(.syntax, rest()) }
        return root
    }

    /// `selection ("," selection)*`, up to a `)` or the end.
    mutating func parseList() throws(FieldMaskError) -> FieldMask.Node {
        var node = FieldMask.Node()
        repeat {
            try parseSelection(into: &node)
            skipSpaces()
        } while consume(UInt8(ascii: ","))
        return node
    }

    mutating func parseSelection(into node: inout FieldMask.Node) throws(FieldMaskError) {
        var path: [String] = []
        repeat {
            skipSpaces()
            let name = readName()
            guard !name.isEmpty else { throw error(.syntax, dotted(path + [rest()])) }
            path.append(name)
            guard prefix.count + path.count <= FieldMask.maximumDepth else { throw error(.tooComplex, dotted(path)) }
            skipSpaces()
        } while consume(UInt8(ascii: "/")) || consume(UInt8(ascii: "."))
        selections += 1
        guard selections <= FieldMask.maximumSelections else { throw error(.tooComplex, dotted(path)) }
        var sub: FieldMask.Node?
        if consume(UInt8(ascii: "(")) {
            depth += 1
            guard depth <= FieldMask.maximumDepth else { throw error(.tooComplex, dotted(path)) }
            prefix += path
            sub = try parseList()
            prefix.removeLast(path.count)
            skipSpaces()
            guard consume(UInt8(ascii: ")")) else { throw error(.syntax, dotted(path + [rest()])) }
            depth -= 1
        }
        node.select(path[...], sub)
    }

    /// A name: letters, digits and `_ $ - @`, or a lone `*`.
    mutating func readName() -> String {
        if index < bytes.count, bytes[index] == UInt8(ascii: "*") {
            index += 1
            return "*"
        }
        let start = index
        while index < bytes.count, Self.isNameByte(bytes[index]) { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "_"), UInt8(ascii: "$"), UInt8(ascii: "-"), UInt8(ascii: "@"):
            return true
        default:
            return false
        }
    }

    mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    mutating func skipSpaces() {
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
    }

    /// What is left of the mask from the current position (at most 64 bytes), for an error path.
    func rest() -> String {
        String(decoding: bytes[index...].prefix(64), as: UTF8.self)
    }

    func dotted(_ path: [String]) -> String {
        (prefix + path).joined(separator: ".")
    }

    func error(_ code: FieldMaskError.Code, _ path: String) -> FieldMaskError {
        FieldMaskError(code: code, mask: text, path: path)
    }
}
