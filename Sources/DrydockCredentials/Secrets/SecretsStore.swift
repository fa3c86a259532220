import DrydockCore
import Foundation

/// The secrets directory (`DRYDOCK_SECRETS_DIR`, else `$HOME/.secrets`) and the files in it.
///
/// Every read and write validates first: the directory exists, is owned by the effective user and has
/// mode 0700; each secret is a regular file (never a symbolic link), owned by the user, mode 0600. A
/// violation is a ``CredentialError`` naming the path, the mode found and wanted, and the command that
/// fixes it. Files:
///
/// | file | contents |
/// |---|---|
/// | `refresh_token.json` | `{"refresh_token": "1//…"}` |
/// | `gmail_credentials.json` | Google's client-secrets JSON, `{"installed": {"client_id", "client_secret", "token_uri", …}}` or `{"web": {…}}`; `GOOGLE_CLIENT_ID` + `GOOGLE_CLIENT_SECRET` win when both are set |
/// | `google_token.json` | the cached access token, see ``CachedToken`` |
/// | `.google_token.lock` | empty; `flock`ed by the process refreshing the token |
///
/// The store holds no state besides its configuration, so copies can be used from any thread.
public struct SecretsStore: Sendable {
    public static let refreshTokenFile = "refresh_token.json"
    public static let clientCredentialsFile = "gmail_credentials.json"
    public static let tokenCacheFile = "google_token.json"
    public static let lockFile = ".google_token.lock"

    /// Absolute or relative path of the secrets directory, without a trailing slash.
    public let directory: String
    /// The user that must own the directory and every secret: the effective user unless a test says so.
    public let owner: uid_t
    /// Source of the random part of temporary file names.
    let random: @Sendable () -> UInt64

    /// A store over `directory`. `owner` defaults to the effective user; `random` feeds temp-file names.
    public init(
        directory: String, owner: uid_t = geteuid(),
        random: @escaping @Sendable () -> UInt64 = { UInt64.random(in: .min ... .max) }
    ) {
        var trimmed = directory
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.directory = trimmed
        self.owner = owner
        self.random = random
    }

    /// The store at `DRYDOCK_SECRETS_DIR`, else `$HOME/.secrets`.
    public init(environment: Environment) throws {
        self.init(directory: try SecretsStore.directory(in: environment))
    }

    /// `DRYDOCK_SECRETS_DIR` if set, else `$HOME/.secrets`; an error when neither variable is set.
    public static func directory(in environment: Environment) throws -> String {
        if let explicit = environment["DRYDOCK_SECRETS_DIR"] { return explicit }
        if let home = environment["HOME"] {
            return (home.hasSuffix("/") ? home : home + "/") + ".secrets"
        }
        throw CredentialError.secretsDirectoryUnknown()
    }

    /// The path of `name` inside the directory.
    public func path(of name: String) -> String {
        directory == "/" ? "/" + name : directory + "/" + name
    }
}
