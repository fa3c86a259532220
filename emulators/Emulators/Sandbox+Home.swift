import DrydockCore
import EmulatorKit
import Foundation
import GoogleOAuthEmulator
import IMDSEmulator

/// A whole sandbox HOME whose `.secrets/` looks exactly like `~/.secrets` on a production host, for
/// programs run under `drydock exec`: the files Drydock's own jobs read, in the shapes they read, with
/// credentials the running emulators accept.
extension Sandbox {
    /// What `google_token.json` holds (`drydock exec --token`).
    public enum CachedTokenState: String, CaseIterable, Sendable {
        /// An access token the emulators just issued, valid for the client's lifetime (an hour by default).
        case fresh
        /// An access token the emulators issued and consider expired; the file says it expired a minute
        /// ago, so clients refresh before (or after a 401 on) their first call.
        case expired
        /// No `google_token.json`: the first run on a new host.
        case missing
    }

    /// What `writeHome` wrote, for the caller's environment and summary (and tests).
    public struct HomeSecrets: Sendable {
        /// `home/.secrets`.
        public let directory: String
        public let oauth: OAuthSandboxSecrets
        /// The access token in `google_token.json`, nil for `.missing`.
        public let accessToken: String?
        /// The instance's region (IMDS fixture), for `AWS_REGION`.
        public let region: String
        /// The instance profile's role name (IMDS fixture), nil when the instance has none.
        public let role: String?
    }

    /// Which fixture account the sandbox's Google credentials are: by default the first client's first
    /// refresh token that is not revoked. Scenarios pick others: a Testing-status client and a grant of a
    /// given age, or the grant of one mailbox (e.g. one with fewer scopes).
    public struct Account: Sendable, Equatable {
        /// A client whose consent screen is in Testing status (refresh tokens die 7 days after consent).
        public var testingClient: Bool
        /// The grant consented about this many days ago (the closest one).
        public var ageDays: Int?
        /// The grant of this address.
        public var email: String?

        public init(testingClient: Bool = false, ageDays: Int? = nil, email: String? = nil) {
            self.testingClient = testingClient
            self.ageDays = ageDays
            self.email = email
        }
    }

    /// The name of the file holding the host's AWS role (see `writeHome`).
    public static let awsRoleFile = "aws_service_role"

    /// Writes `home/.secrets` (0700; every file 0600) for the emulators behind `router`:
    ///
    /// | file | contents |
    /// |---|---|
    /// | `gmail_credentials.json` | the first fixture client, `{"installed": {…, "token_uri": tokenURI}}` |
    /// | `refresh_token.json` | `{"refresh_token": …}`: that client's first refresh token that is not revoked |
    /// | `google_token.json` | per `token`: Drydock's cache fields (`access_token`, `token_type`, `expires_at`, `scope`, `refreshed_at`) and, beside them, the authorized-user fields google-auth's `Credentials.from_authorized_user_file` reads (`token`, `refresh_token`, `token_uri`, `client_id`, `client_secret`, `scopes`, `expiry`), so Drydock jobs and Python scripts both find what they expect |
    /// | `aws_service_role` | the instance profile's role name and a newline (only when the IMDS fixture has a role) |
    ///
    /// `aws_service_role` is assumed to be a plain-text file naming the role: Drydock's own code does not
    /// read it, and no production host's copy was available to compare with. The token is minted
    /// directly from the OAuth emulator's authority, so it is not a request in the journal.
    public static func writeHome(
        _ home: String, router: EdgeRouter, tokenURI: String, token: CachedTokenState, account: Account = Account()
    ) throws -> HomeSecrets {
        guard let oauth = router.emulators.lazy.compactMap({ $0 as? GoogleOAuthEmulator }).first else {
            throw WriteError(path: home, reason: "the edge has no OAuth emulator to issue the sandbox's credentials")
        }
        let authority = oauth.authority
        let file = "oauth/clients.json"
        let clients = authority.fixtures.clients.filter { !account.testingClient || $0.publishingStatus == .testing }
        guard let client = clients.first(where: { client in client.refreshTokens.contains { account.admits($0) } }) ?? clients.first else {
            throw WriteError(path: file, reason: account.testingClient ? "declares no client in Testing status" : "declares no clients; a sandbox needs at least one")
        }
        let now = router.clock.now()
        let candidates = client.refreshTokens.filter { account.admits($0) }
        let chosen = account.ageDays.map { days in
            candidates.min { abs($0.issuedAt.timeIntervalSince(now) + Double(days) * 86_400) < abs($1.issuedAt.timeIntervalSince(now) + Double(days) * 86_400) }
        } ?? candidates.first
        guard let grant = chosen else {
            throw WriteError(path: file, reason: "client \(client.clientID) has no refresh token that is not revoked\(account.email.map { " for \($0)" } ?? "")")
        }
        let secrets = OAuthSandboxSecrets(
            clientID: client.clientID, clientSecret: client.clientSecret, refreshToken: grant.token,
            scopes: grant.scopes, email: grant.email, tokenURI: tokenURI)

        let directory = (home.hasSuffix("/") ? home : home + "/") + ".secrets"
        var info = stat()
        if lstat(directory, &info) == 0, info.st_mode & S_IFMT != S_IFDIR {
            throw WriteError(path: directory, reason: "exists and is not a directory (a symbolic link is not followed)")
        }
        try write(secrets, to: directory)

        var accessToken: String?
        if token != .missing {
            let minted: GoogleGrant
            switch authority.refresh(secrets.refreshToken, client: client) {
            case .success(let result): minted = result.grant
            case .failure where token == .expired:
                // The grant itself is dead (a Testing client's 8-day-old consent): the cache can only hold
                // an expired token the emulator never issued, which is what such a host has.
                let expired = now.addingTimeInterval(-60)
                try writeFile(directory + "/google_token.json", cachedTokenJSON(
                    "ya29.expired-before-this-run", secrets: secrets, scopes: grant.scopes, expiresAt: expired,
                    refreshedAt: expired.addingTimeInterval(-3599)).serialized(pretty: true) + "\n")
                return try finish(directory: directory, secrets: secrets, accessToken: nil, router: router)
            case .failure(let error):
                throw WriteError(path: file, reason: "the emulator refused the sandbox's refresh token: \(error)")
            }
            var expiresAt = minted.expiresAt, refreshedAt = minted.issuedAt
            if token == .expired {
                authority.expireIssuedTokens()
                let lifetime = minted.expiresAt.timeIntervalSince(minted.issuedAt)
                expiresAt = minted.issuedAt.addingTimeInterval(-60)
                refreshedAt = expiresAt.addingTimeInterval(-lifetime)
            }
            try writeFile(directory + "/google_token.json", cachedTokenJSON(
                minted.accessToken, secrets: secrets, scopes: minted.scopes, expiresAt: expiresAt, refreshedAt: refreshedAt
            ).serialized(pretty: true) + "\n")
            accessToken = minted.accessToken
        }

        return try finish(directory: directory, secrets: secrets, accessToken: accessToken, router: router)
    }

    /// `aws_service_role`, and what was written.
    private static func finish(
        directory: String, secrets: OAuthSandboxSecrets, accessToken: String?, router: EdgeRouter
    ) throws -> HomeSecrets {
        let instance = router.emulators.lazy.compactMap { ($0 as? IMDSEmulator)?.instance }.first
        let role = instance?.role
        if let role { try writeFile(directory + "/" + awsRoleFile, role + "\n") }
        return HomeSecrets(
            directory: directory, oauth: secrets, accessToken: accessToken, region: instance?.region ?? "us-east-1", role: role)
    }

    /// `google_token.json`: Drydock's `CachedToken` members first, then google-auth's.
    static func cachedTokenJSON(
        _ accessToken: String, secrets: OAuthSandboxSecrets, scopes: [String], expiresAt: Date, refreshedAt: Date
    ) -> JSONValue {
        let expires = Date(timeIntervalSince1970: expiresAt.timeIntervalSince1970.rounded(.down))
        let refreshed = Date(timeIntervalSince1970: refreshedAt.timeIntervalSince1970.rounded(.down))
        return .object([
            ("access_token", .string(accessToken)),
            ("token_type", "Bearer"),
            ("expires_at", .string(RFC3339.string(from: expires))),
            ("scope", .string(scopes.joined(separator: " "))),
            ("refreshed_at", .string(RFC3339.string(from: refreshed))),
            ("token", .string(accessToken)),
            ("refresh_token", .string(secrets.refreshToken)),
            ("token_uri", .string(secrets.tokenURI)),
            ("client_id", .string(secrets.clientID)),
            ("client_secret", .string(secrets.clientSecret)),
            ("scopes", .array(scopes.map(JSONValue.string))),
            // google-auth parses "%Y-%m-%dT%H:%M:%S" after dropping a final "Z": naive UTC.
            ("expiry", .string(RFC3339.string(from: expires))),
            ("universe_domain", "googleapis.com"),
        ])
    }
}

extension Sandbox.Account {
    /// Whether `grant` may be the sandbox's: not revoked, and of `email` when one is asked for.
    func admits(_ grant: RefreshTokenRecord) -> Bool {
        !grant.revoked && (email.map { $0.caseInsensitiveCompare(grant.email) == .orderedSame } ?? true)
    }
}
