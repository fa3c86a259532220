import DrydockCore
import DrydockTesting
import Foundation

/// A scratch area for `drydock exec` runs: a fake caller HOME and a private TMPDIR, so a test can check
/// that nothing is left behind.
struct ExecScratch {
    let directory: TemporaryDirectory
    var home: String { directory.appending("caller-home") }
    var temporary: String { directory.appending("tmp") }

    init(_ label: String) throws {
        directory = try TemporaryDirectory(label)
        for path in [home, temporary] { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false) }
    }

    /// The caller's environment: PATH, HOME, TMPDIR and `extra`.
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        ["PATH": Shell.path, "HOME": home, "TMPDIR": temporary].merging(extra) { $1 }
    }

    /// Runs `drydock exec ARGUMENTS`.
    func exec(_ arguments: [String], extra: [String: String] = [:]) throws -> ProcessResult {
        try ChildProcess.run(Drydock.path, ["exec"] + arguments, environment: environment(extra))
    }

    /// What is left in the private TMPDIR (a temporary sandbox HOME must not be).
    func leftovers() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: temporary) }

    func remove() { directory.remove() }

    /// The secret values of a kept sandbox's `.secrets/` (access token, refresh token, client secret).
    static func secrets(in secretsDirectory: String) throws -> KnownSecrets {
        func member(_ file: String, _ path: [String]) throws -> String? {
            var json: JSONValue? = try JSONValue.parse(String(contentsOfFile: secretsDirectory + "/" + file, encoding: .utf8))
            for name in path { json = json?[name] }
            return json?.stringValue
        }
        var secrets = KnownSecrets()
        secrets.add("access token", try member("google_token.json", ["access_token"]))
        secrets.add("refresh token", try member("refresh_token.json", ["refresh_token"]))
        secrets.add("client secret", try member("gmail_credentials.json", ["installed", "client_secret"]))
        return secrets
    }
}
