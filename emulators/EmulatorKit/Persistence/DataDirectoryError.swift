/// A data directory (`--data-dir`) that cannot be opened, read, replayed or written: which file, and why.
public struct DataDirectoryError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The file or directory at fault.
    public let path: String
    public let reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "data directory \(path): \(reason)" }
}
