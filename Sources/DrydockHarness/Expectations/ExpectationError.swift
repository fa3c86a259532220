/// An `--expect` text that does not parse: what is wrong and at which column (1-based, in Unicode
/// scalars). A struct with a code, so new kinds break no caller.
public struct ExpectationError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public static let empty = Code(name: "empty")
        public static let tooLong = Code(name: "too-long")
        public static let badPattern = Code(name: "bad-pattern")
        public static let badOperator = Code(name: "bad-operator")
        public static let badCount = Code(name: "bad-count")
        public static let trailing = Code(name: "trailing-text")
        public var description: String { name }
    }

    public let code: Code
    /// Where the problem starts, from 1.
    public let column: Int
    public let reason: String
    /// The expectation as given (at most its first 80 characters are shown).
    public let text: String

    init(_ code: Code, text: String, column: Int, _ reason: String) {
        self.code = code
        self.column = column
        self.reason = reason
        self.text = text
    }

    /// `--expect 'oauth.token = 1': column 13: expected an operator (== != < <= > >=), found '= 1'`
    public var description: String {
        let shown = text.unicodeScalars.count > 80 ? String(String.UnicodeScalarView(text.unicodeScalars.prefix(80))) + "…" : text
        return "--expect '\(shown)': column \(column): \(reason)"
    }
}
