import DrydockTesting
import Foundation

/// System tools the interception tests drive as a user would (openssl, curl), with a clean environment:
/// no proxy or trust-store variables leak in from the machine running the tests.
enum Tools {
    static let environment: [String: String] = [
        "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": "/nonexistent", "LC_ALL": "C",
    ]

    /// Runs `/usr/bin/env tool arguments…` to completion.
    static func run(_ tool: String, _ arguments: [String], environment extra: [String: String] = [:]) throws -> ProcessResult {
        try ChildProcess.run("/usr/bin/env", [tool] + arguments, environment: environment.merging(extra) { $1 })
    }

    /// `openssl x509 -text -noout` of a PEM file.
    static func certificateText(_ path: String) throws -> String {
        try run("openssl", ["x509", "-in", path, "-text", "-noout"]).stdout
    }
}

/// Writes `text` to `name` in `directory` and returns the path.
func writeFile(_ text: String, named name: String, in directory: TemporaryDirectory) -> String {
    let path = directory.appending(name)
    _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    return path
}
