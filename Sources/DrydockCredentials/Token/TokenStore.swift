import DrydockCore
import Foundation

/// Where the token that every job shares lives, and how one refresh of it is coordinated.
///
/// ``TokenRefresher`` always keeps the host's own cache file (`google_token.json`) and its `flock`: a job
/// run reads that file and sends nothing while the token has life left, and the processes of one host
/// coalesce behind the lock. When the cache cannot serve, the refresher calls ``refresh(_:)`` holding the
/// lock. Two implementations:
/// - ``LocalFileTokenStore``: the cache file is the whole story (one host; today's behaviour);
/// - `SecretsManagerTokenStore` (DrydockServices): the token is shared through AWS Secrets Manager by every
///   host, with a DynamoDB lease so that one host at a time refreshes.
public protocol TokenStore: Sendable {
    /// Names the store in messages, e.g. `the token cache /root/.secrets/google_token.json`.
    var location: String { get }

    /// Produces the token to use now: one that another host already stored, or a new one from
    /// `request.grant` (which sends one request to the token endpoint). Stores the token, including in the
    /// host's cache file, before returning. Called with the host's refresh lock held.
    func refresh(_ request: TokenStoreRefresh) throws -> RefreshOutcome
}

/// One refresh as the refresher hands it to a ``TokenStore``.
public struct TokenStoreRefresh {
    /// The access token an API just rejected (a 401), or nil for a proactive refresh.
    public let rejected: String?
    /// Send a request whatever any cache holds (`drydock reauth --force`).
    public let force: Bool
    /// The host's cache file's token (expired or close to it, or the rejected one), if any.
    public let cached: CachedToken?
    /// When the refresh began (before the lock wait), for messages.
    public let start: Date
    /// Nothing may happen after this: a store bounds every network call by it (the shared store's lease
    /// release, on the way out, has its own short budget of a few seconds).
    public let deadline: Date
    /// A token with this little life left is not worth adopting (the refresher's threshold).
    public let refreshThreshold: Double
    /// Runs the OAuth `refresh_token` grant with these credentials and returns the new token, storing
    /// nothing; throws ``CredentialError`` as ``TokenRefresher`` does.
    public let grant: (_ refreshToken: String, _ client: ClientCredentials) throws -> CachedToken

    public init(
        rejected: String?, force: Bool, cached: CachedToken?, start: Date, deadline: Date, refreshThreshold: Double,
        grant: @escaping (_ refreshToken: String, _ client: ClientCredentials) throws -> CachedToken
    ) {
        self.rejected = rejected
        self.force = force
        self.cached = cached
        self.start = start
        self.deadline = deadline
        self.refreshThreshold = refreshThreshold
        self.grant = grant
    }
}

/// The single-host store: the refresh token and client from the secrets directory, the new token written
/// to `google_token.json` atomically. The host's `flock`, held by the caller, is all the coordination.
public struct LocalFileTokenStore: TokenStore {
    public let store: SecretsStore
    public let environment: Environment

    public init(store: SecretsStore, environment: Environment) {
        self.store = store
        self.environment = environment
    }

    public var location: String { "the token cache \(store.path(of: SecretsStore.tokenCacheFile))" }

    public func refresh(_ request: TokenStoreRefresh) throws -> RefreshOutcome {
        let token = try request.grant(try store.refreshToken(), try store.clientCredentials(environment: environment))
        try store.writeCachedToken(token)
        return RefreshOutcome(token: token, requestSent: true)
    }
}
