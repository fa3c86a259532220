/// A YAML or JSON document (a scenario file, the host configuration) that cannot be used: which file,
/// where in it, and what was expected there.
public struct DocumentError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem; modules add their own codes in extensions.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public init(name: String) { self.name = name }
        /// The file cannot be read.
        public static let unreadable = Code(name: "unreadable")
        /// Not YAML/JSON at all.
        public static let syntax = Code(name: "syntax")
        public static let unknownKey = Code(name: "unknown-key")
        public static let wrongType = Code(name: "wrong-type")
        public static let missingKey = Code(name: "missing-key")
        /// A value of the right type that is not allowed (a bad name, duration, region, ...).
        public static let badValue = Code(name: "bad-value")
        public var description: String { name }
    }

    public let code: Code
    public let file: String
    /// 1-based; 0 when the error has no place in the file (unreadable).
    public let line: Int
    public let column: Int
    public let message: String

    public init(_ code: Code, file: String, line: Int, column: Int, _ message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column: message`, as compilers print it.
    public var description: String {
        line > 0 ? "\(file):\(line):\(column): \(message)" : "\(file): \(message)"
    }
}
