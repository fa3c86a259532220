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

    /// Long-term AWS keys from a `credentials.json` fixture (`{"accessKeys": {"<access key id>":
    /// "<secret>"}}`, DynamoDB's and S3's format); none when the file does not exist.
    public static func loadAccessKeys(_ path: String) throws(FixtureError) -> [String: String] {
        guard FileManager.default.fileExists(atPath: path) else { return [:] }
        guard case .object(let members)? = try loadJSON(path)["accessKeys"] else {
            throw FixtureError(path: path, reason: "expected {\"accessKeys\": {\"<access key id>\": \"<secret>\"}}")
        }
        var keys: [String: String] = [:]
        for (id, secret) in members {
            guard case .string(let text) = secret, !id.isEmpty, !text.isEmpty else {
                throw FixtureError(path: path, reason: "accessKeys.\(id): expected a non-empty secret string")
            }
            keys[id] = text
        }
        return keys
    }
}
