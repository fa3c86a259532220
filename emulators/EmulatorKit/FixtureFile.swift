import DrydockCore
import Foundation

/// A fixture file that could not be loaded: names the file and, for bad JSON, where it breaks.
public struct FixtureError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
    public var description: String { "fixture \(path): \(reason)" }
}

/// Reading fixture files.
public enum FixtureFile {
    /// Parses the JSON file at `path`, or throws a `FixtureError` naming the file and the line and column.
    public static func loadJSON(_ path: String) throws(FixtureError) -> JSONValue {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FixtureError(path: path, reason: "cannot be read (missing or not a file)")
        }
        do {
            return try JSONValue.parse(Array(data))
        } catch {
            throw FixtureError(path: path, reason: "invalid JSON at \(error)")
        }
    }
}
