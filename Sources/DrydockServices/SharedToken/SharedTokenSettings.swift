import DrydockCore
import Foundation

/// Where several hosts share the Google token: read from the environment, which the host configuration's
/// `token_store` section fills (the variables win).
///
/// | variable | meaning |
/// |---|---|
/// | `DRYDOCK_TOKEN_STORE` | `file` (default: this host's `google_token.json` only) or `secretsmanager` |
/// | `DRYDOCK_TOKEN_SECRET` | the token secret's name or ARN (required for `secretsmanager`) |
/// | `DRYDOCK_TOKEN_REGION` | its region (else `AWS_REGION`, else `AWS_DEFAULT_REGION`); the lease table's too |
/// | `DRYDOCK_TOKEN_LOCK_TABLE` | the lease table (default `drydock-locks`) |
/// | `DRYDOCK_CREDENTIALS_SECRET` | optional: a secret holding the refresh token and OAuth client (else the secrets directory's files) |
/// | `DRYDOCK_HOST_ID` | this host's name in the lease and the secret (default: the host name) |
public struct SharedTokenSettings: Sendable, Equatable {
    public var secretID: String
    public var region: String
    public var lockTable: String
    public var credentialsSecretID: String?
    public var hostID: String

    public static let defaultLockTable = "drydock-locks"

    public init(secretID: String, region: String, lockTable: String = defaultLockTable, credentialsSecretID: String? = nil, hostID: String) {
        self.secretID = secretID
        self.region = region
        self.lockTable = lockTable
        self.credentialsSecretID = credentialsSecretID
        self.hostID = hostID
    }

    /// The settings when `DRYDOCK_TOKEN_STORE` is `secretsmanager`; nil for the file store.
    /// - Throws: ``SharedTokenConfigurationError`` naming the variable that is missing or wrong.
    public static func resolve(_ environment: Environment) throws -> SharedTokenSettings? {
        switch environment["DRYDOCK_TOKEN_STORE"] {
        case nil, "", "file": return nil
        case "secretsmanager": break
        case let other?:
            throw SharedTokenConfigurationError(
                "DRYDOCK_TOKEN_STORE (token_store in the host configuration) must be 'file' or 'secretsmanager', got '\(other.prefix(40))'")
        }
        guard let secret = environment["DRYDOCK_TOKEN_SECRET"], !secret.isEmpty else {
            throw SharedTokenConfigurationError(
                "token_store is secretsmanager but no secret is named: set token_store.secret in the host configuration "
                    + "(or DRYDOCK_TOKEN_SECRET) to the token secret's name, e.g. drydock/google-token")
        }
        guard let region = environment["DRYDOCK_TOKEN_REGION"] ?? environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"],
              !region.isEmpty else {
            throw SharedTokenConfigurationError(
                "token_store is secretsmanager but no region is set: set token_store.region in the host configuration "
                    + "(or DRYDOCK_TOKEN_REGION, or AWS_REGION)")
        }
        let credentials = environment["DRYDOCK_CREDENTIALS_SECRET"].flatMap { $0.isEmpty ? nil : $0 }
        let names: [(String, String?)] = [("DRYDOCK_TOKEN_SECRET", secret), ("DRYDOCK_CREDENTIALS_SECRET", credentials)]
        for (name, value) in names {
            guard let value else { continue }
            guard value.count <= 2048, value.allSatisfy({ $0.isASCII && !$0.isWhitespace && $0 != "\"" }) else {
                throw SharedTokenConfigurationError("\(name) must be a secret name or ARN (ASCII, no spaces), got '\(value.prefix(40))'")
            }
        }
        let table = environment["DRYDOCK_TOKEN_LOCK_TABLE"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultLockTable
        guard (3...255).contains(table.count),
              table.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_-.".contains($0)) }) else {
            throw SharedTokenConfigurationError("DRYDOCK_TOKEN_LOCK_TABLE must be a DynamoDB table name (3–255 of a-z A-Z 0-9 _ - .), got '\(table.prefix(40))'")
        }
        return SharedTokenSettings(
            secretID: secret, region: region, lockTable: table,
            credentialsSecretID: credentials,
            hostID: environment["DRYDOCK_HOST_ID"].flatMap { $0.isEmpty ? nil : $0 } ?? HostName.current() ?? "unknown-host")
    }
}

/// The shared token store's settings are incomplete or wrong (EX_CONFIG).
public struct SharedTokenConfigurationError: UserFacingError, Sendable, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var exitStatus: ExitStatus { .configuration }
    public var description: String { message }
}
