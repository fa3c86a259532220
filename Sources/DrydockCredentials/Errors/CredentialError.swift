import DrydockCore

/// A credential failure: what happened, where, and what to do about it.
///
/// A struct with a ``Code`` rather than a public enum, so new failure kinds break no caller. Every message
/// is safe to print: it never contains a refresh token, client secret or access token (the constructors
/// only interpolate paths, modes, statuses and server text that has been passed through ``SecretRedactor``).
public struct CredentialError: UserFacingError, Sendable {
    /// The kind of failure, and the process exit status it maps to.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public let exitStatus: ExitStatus

        init(_ name: String, _ exitStatus: ExitStatus) {
            self.name = name
            self.exitStatus = exitStatus
        }

        public var description: String { name }

        public static func == (lhs: Code, rhs: Code) -> Bool { lhs.name == rhs.name }
        public func hash(into hasher: inout Hasher) { hasher.combine(name) }

        // MARK: Secrets directory and files (EX_CONFIG)

        /// Neither `DRYDOCK_SECRETS_DIR` nor `HOME` is set, so there is no secrets directory.
        public static let secretsDirectoryUnknown = Code("secrets-directory-unknown", .configuration)
        /// The secrets directory does not exist.
        public static let secretsDirectoryMissing = Code("secrets-directory-missing", .configuration)
        /// A directory or secret file has a mode other than 0700 / 0600.
        public static let insecureMode = Code("insecure-mode", .configuration)
        /// A directory or secret file is not owned by the effective user.
        public static let wrongOwner = Code("wrong-owner", .configuration)
        /// A directory above the secrets directory is writable by group or others (without the sticky bit),
        /// or owned by someone other than root and the user, so they could replace the secrets directory.
        public static let insecureParent = Code("insecure-parent", .configuration)
        /// A path is a symbolic link, FIFO, device or directory where a regular file (or a directory) belongs.
        public static let wrongFileType = Code("wrong-file-type", .configuration)
        /// A required secret file does not exist.
        public static let secretMissing = Code("secret-missing", .configuration)
        /// A secret file is not valid JSON, or lacks a member it must have.
        public static let invalidSecret = Code("invalid-secret", .configuration)
        /// Reading, writing, syncing or renaming a file failed.
        public static let fileSystem = Code("file-system", .configuration)

        // MARK: Token endpoint

        /// `invalid_grant`: the refresh token is expired or revoked; a human must re-consent (EX_NOPERM).
        public static let refreshTokenRejected = Code("refresh-token-rejected", .refreshTokenRejected)
        /// `invalid_client` / `unauthorized_client`: the OAuth client id or secret is wrong (EX_NOUSER).
        public static let clientRejected = Code("client-rejected", .clientRejected)
        /// Another 4xx from the token endpoint (`invalid_request`, 404, …) (EX_CONFIG).
        public static let tokenRequestRejected = Code("token-request-rejected", .configuration)
        /// A 2xx whose body is not a complete, valid token response (EX_TEMPFAIL: the endpoint misbehaved).
        public static let invalidTokenResponse = Code("invalid-token-response", .transient)
        /// 5xx, 429, 408 or transient transport failures persisted until the deadline (EX_TEMPFAIL).
        public static let tokenEndpointUnavailable = Code("token-endpoint-unavailable", .transient)
        /// DNS, TLS or URL failure reaching the token endpoint: a configuration problem (EX_CONFIG).
        public static let tokenEndpointUnreachable = Code("token-endpoint-unreachable", .configuration)
        /// Another process held the refresh lock until the deadline (EX_TEMPFAIL).
        public static let lockTimeout = Code("lock-timeout", .transient)

        // MARK: Authorized requests

        /// An API kept answering 401 to a freshly issued token (a 401 storm) (EX_CONFIG).
        public static let freshTokenRejected = Code("fresh-token-rejected", .configuration)

        // MARK: A token shared by several hosts (Secrets Manager and a DynamoDB lease)

        /// The shared store's settings are incomplete or wrong, or AWS refused access (EX_CONFIG).
        public static let sharedStoreMisconfigured = Code("shared-store-misconfigured", .configuration)
        /// Secrets Manager or the lease table failed (throttled, down, unreachable) and no cached token
        /// was still valid (EX_TEMPFAIL).
        public static let sharedStoreUnavailable = Code("shared-store-unavailable", .transient)
        /// Another host held the refresh lease and stored no new token before the deadline (EX_TEMPFAIL).
        public static let leaseTimeout = Code("lease-timeout", .transient)
        /// The shared secret's contents are not what Drydock stores there (EX_CONFIG).
        public static let invalidSharedSecret = Code("invalid-shared-secret", .configuration)
    }

    public let code: Code
    /// What happened, where, and what to do. Never contains secret values.
    public let message: String
    /// The file or directory involved, when there is one.
    public let path: String?

    public init(code: Code, message: String, path: String? = nil) {
        self.code = code
        self.message = message
        self.path = path
    }

    public var exitStatus: ExitStatus { code.exitStatus }
    public var description: String { message }
}
