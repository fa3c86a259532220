/// A `fields=` partial-response mask, in Google's grammar
/// (https://developers.google.com/gmail/api/guides/performance#partial-response):
///
/// ```
/// mask      := selection ("," selection)*
/// selection := path ["(" mask ")"]
/// path      := name (("/" | ".") name)*
/// name      := [A-Za-z0-9_$@-]+ | "*"
/// ```
///
/// `a,b` selects two members, `a/b` (or `a.b`, the FieldMask spelling Sheets clients often send:
/// `fields=sheets.properties`) a member inside one, `a(b,c)` two members inside one (the same as
/// `a/b,a/c`), `*` every member at its level. A selection applies to each element of an array
/// (`messages(id,threadId)`). Spaces around names, commas and parentheses are ignored (assumed: Google's
/// front end is not documented to accept them; clients never send them).
///
/// The parser sees client input, so it has limits: `maximumLength` characters, `maximumDepth` nested
/// parentheses and slashes, `maximumSelections` names in all. Anything past them is a `FieldMaskError`
/// (a 400), never a trap.
public struct FieldMask: Sendable, Equatable {
    /// What a mask selects under one member: everything (`whole`), or the listed members (and `*`).
    public struct Node: Sendable, Equatable {
        /// The member is selected with everything inside it.
        public var whole = false
        /// Selected members by name; `*` selects every member.
        public var children: [String: Node] = [:]

        /// Adds the selection `path` (then `rest`, the selection's own sub-mask) under this node.
        mutating func select(_ path: ArraySlice<String>, _ rest: Node?) {
            guard !whole else { return }
            guard let first = path.first else {
                if let rest { merge(rest) } else { whole = true; children = [:] }
                return
            }
            var child = children[first] ?? Node()
            child.select(path.dropFirst(), rest)
            children[first] = child
        }

        mutating func merge(_ other: Node) {
            if other.whole { whole = true; children = [:]; return }
            guard !whole else { return }
            for (name, node) in other.children {
                var child = children[name] ?? Node()
                child.merge(node)
                children[name] = child
            }
        }
    }

    /// The longest mask accepted, in UTF-8 bytes (assumed: Google's URL limit is the only one known).
    public static let maximumLength = 8192
    /// The deepest nesting of `(` and `/` accepted (JSON responses of Gmail and Sheets nest under 15).
    public static let maximumDepth = 32
    /// The most names one mask may hold.
    public static let maximumSelections = 1000

    /// The selections at the response's top level.
    public var root: Node
    /// The mask as sent, for error details.
    public let text: String

    /// Parses `text`; an empty mask is an error (Google's own front end treats `fields=` as "no
    /// mask", which callers handle before parsing).
    public init(_ text: String) throws(FieldMaskError) {
        self.text = text
        var parser = FieldMaskParser(text: text)
        root = try parser.parseMask()
    }
}

/// Why a `fields` mask was refused: its text and the path (dotted, as Google names it) or token that
/// could not be read.
public struct FieldMaskError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: Hashable, Sendable {
        public let name: String
        /// The mask is not in the grammar (unbalanced parentheses, an empty name, a stray character).
        public static let syntax = Code(name: "syntax")
        /// Longer, deeper or with more names than the limits allow.
        public static let tooComplex = Code(name: "tooComplex")
        /// A path the method's response schema does not have (`FieldMaskSchema`).
        public static let unknownField = Code(name: "unknownField")
    }

    public let code: Code
    public let mask: String
    /// The path or token that failed, as `a.b.c`.
    public let path: String

    public init(code: Code, mask: String, path: String) {
        self.code = code
        self.mask = mask
        self.path = path
    }

    public var description: String { "\(code.name): \(path) in fields=\(mask)" }
}
