import DrydockCore
@testable import DrydockCredentials
import Foundation

/// A fresh secrets directory (mode 0700) under the temporary directory, removed when released.
final class SecretsSandbox: @unchecked Sendable {
    static let refreshToken = "1//0refresh-TOKEN-secret-4e8f"
    static let clientID = "1234-test.apps.googleusercontent.com"
    static let clientSecret = "GOCSPX-client-SECRET-9a7b"
    static let tokenURI = "https://oauth.test/token"

    let directory: String
    let store: SecretsStore

    /// With `refresh_token.json` and `gmail_credentials.json` in place unless told otherwise.
    init(refreshToken: Bool = true, clientFile: Bool = true) throws {
        var template = Array((NSTemporaryDirectory() + "drydock-secrets-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw SystemCallError(call: "mkdtemp", path: nil, errno: errno) }
        directory = String(cString: made)
        chmod(directory, 0o700)
        store = SecretsStore(directory: directory)
        if refreshToken { try write(SecretsStore.refreshTokenFile, #"{"refresh_token": "\#(Self.refreshToken)"}"#) }
        if clientFile {
            try write(SecretsStore.clientCredentialsFile, """
                {"installed": {"client_id": "\(Self.clientID)", "client_secret": "\(Self.clientSecret)",
                 "auth_uri": "https://accounts.google.com/o/oauth2/auth", "token_uri": "https://oauth2.googleapis.com/token",
                 "redirect_uris": ["http://localhost"]}}
                """)
        }
    }

    deinit {
        chmod(directory, 0o700)
        try? FileManager.default.removeItem(atPath: directory)
    }

    func path(_ name: String) -> String { directory + "/" + name }

    /// Writes `text` to `name` with `mode`.
    func write(_ name: String, _ text: String, mode: mode_t = 0o600) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path(name)))
        chmod(path(name), mode)
    }

    /// Stores `token` as the cache, the way the refresher would.
    func cache(_ token: CachedToken) throws { try store.writeCachedToken(token) }

    /// The cache file's bytes, or nil.
    func cacheBytes() -> [UInt8]? { bytes(SecretsStore.tokenCacheFile) }

    func bytes(_ name: String) -> [UInt8]? {
        (try? Data(contentsOf: URL(fileURLWithPath: path(name)))).map { Array($0) }
    }

    /// The directory's entries, sorted.
    func names() -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted() }

    /// Entries that are temporary files of an atomic write.
    func temporaryNames() -> [String] { names().filter { $0.contains(".tmp-") } }

    /// Permission bits of `name`.
    func mode(_ name: String) -> mode_t {
        var raw = stat()
        lstat(path(name), &raw)
        return raw.st_mode & 0o7777
    }

    /// The environment a job would see: the sandbox's token endpoint, plus `extra`.
    func environment(_ extra: [String: String] = [:]) -> Environment {
        var values = ["GOOGLE_OAUTH_TOKEN_URI": Self.tokenURI, "DRYDOCK_SECRETS_DIR": directory]
        values.merge(extra) { $1 }
        return Environment(values)
    }
}

extension CachedToken {
    /// A token received `age` seconds before `now`, living `lifetime` seconds.
    static func sample(
        _ value: String = "ya29.cached-token", now: Date, age: Double = 0, lifetime: Double = 3600,
        scope: String = "https://www.googleapis.com/auth/gmail.readonly"
    ) -> CachedToken {
        let refreshed = now.addingTimeInterval(-age)
        return CachedToken(
            accessToken: value, expiresAt: refreshed.addingTimeInterval(lifetime), scope: scope, refreshedAt: refreshed)
    }
}
