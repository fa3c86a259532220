import DrydockCore
import EmulatorKit
import Foundation
import GoogleOAuthEmulator

/// A secrets directory that works against emulators loaded from a fixture set: what
/// `drydock emulators serve --sandbox DIR` writes, laid out exactly like `~/.secrets` (0700/0600).
public enum Sandbox {
    /// A sandbox could not be written.
    public struct WriteError: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "cannot write sandbox \(path): \(reason)" }
    }

    /// Writes `refresh_token.json` and `gmail_credentials.json` into `directory` (created with mode
    /// 0700 if missing), matching the first client and refresh token of the fixture set, with the
    /// token URI pointing at `baseURL`. Any cached `google_token.json` (and `control_token` from an earlier
    /// run) is removed.
    @discardableResult
    public static func write(to directory: String, fixturesDirectory: String, baseURL: String) throws -> OAuthSandboxSecrets {
        let secrets = try OAuthFixtures.sandboxSecrets(fixturesDirectory: fixturesDirectory, baseURL: baseURL)
        try write(secrets, to: directory)
        return secrets
    }

    /// Writes `refresh_token.json` and `gmail_credentials.json` for `secrets` into `directory` (created
    /// 0700 if missing), removing any cached `google_token.json` and `control_token`.
    public static func write(_ secrets: OAuthSandboxSecrets, to directory: String) throws {
        if mkdir(directory, 0o700) != 0 && errno != EEXIST {
            throw WriteError(path: directory, reason: String(cString: strerror(errno)))
        }
        guard chmod(directory, 0o700) == 0 else { throw WriteError(path: directory, reason: String(cString: strerror(errno))) }
        let credentials: JSONValue = [
            "installed": [
                "client_id": .string(secrets.clientID),
                "client_secret": .string(secrets.clientSecret),
                "auth_uri": "https://accounts.google.com/o/oauth2/auth",
                "token_uri": .string(secrets.tokenURI),
                "redirect_uris": ["http://localhost"],
            ],
        ]
        try writeFile(directory + "/gmail_credentials.json", credentials.serialized(pretty: true) + "\n")
        try writeFile(directory + "/refresh_token.json", JSONValue.object([("refresh_token", .string(secrets.refreshToken))]).serialized(pretty: true) + "\n")
        unlink(directory + "/google_token.json")
        unlink(directory + "/" + controlTokenFile)
    }

    /// Where `writeControlToken(_:to:)` puts the control token, inside the sandbox.
    public static let controlTokenFile = "control_token"

    /// Writes the control API's bearer token to `directory/control_token` (mode 0600, the token and a
    /// newline), for scripts that read it rather than the `DRYDOCK_CONTROL_TOKEN` export.
    public static func writeControlToken(_ token: String, to directory: String) throws {
        try writeFile(directory + "/" + controlTokenFile, token + "\n")
    }

    static func writeFile(_ path: String, _ text: String) throws {
        unlink(path)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, fchmod(fd, 0o600) == 0 else {
            throw WriteError(path: path, reason: String(cString: strerror(errno)))
        }
    }
}
