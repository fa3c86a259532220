import DrydockCore
import DrydockHTTP
import Foundation

/// Keeps the host's shared Google access token fresh: serves the cached token while it has life left, and
/// otherwise runs the OAuth `refresh_token` grant — once per host at a time.
///
/// Single flight across processes: a refresh takes an exclusive `flock` on `.google_token.lock`, then
/// re-reads the cache. If another process stored a token meanwhile (one that differs from the token being
/// rejected and is not close to expiry), that token is used and no request is sent. The response is
/// validated completely before anything is written, so on any failure the cache stays byte-identical.
/// Lock waits, requests and retry backoff all share one deadline. Where the token is shared beyond this
/// host, and how hosts take turns, is the ``TokenStore``'s business (``LocalFileTokenStore`` by default).
///
/// Stateless apart from its configuration: share one value between threads, or make one per job.
public struct TokenRefresher: Sendable {
    public let store: SecretsStore
    public let transport: any HTTPTransport
    public let environment: Environment
    public let clock: any WallClock
    public let configuration: Configuration
    /// Where the token is shared and how a refresh is coordinated across hosts.
    public let tokenStore: any TokenStore

    /// - Parameter tokenStore: nil for ``LocalFileTokenStore`` over `store`.
    public init(
        store: SecretsStore, transport: any HTTPTransport, environment: Environment, clock: any WallClock,
        configuration: Configuration = Configuration(), tokenStore: (any TokenStore)? = nil
    ) {
        self.store = store
        self.transport = transport
        self.environment = environment
        self.clock = clock
        self.configuration = configuration
        self.tokenStore = tokenStore ?? LocalFileTokenStore(store: store, environment: environment)
    }

    /// The cached token when it has more than ``Configuration/refreshThreshold`` seconds of life left,
    /// else a newly refreshed one (proactive refresh).
    public func currentToken() throws -> CachedToken {
        try currentTokenOutcome(deadline: clock.now().addingTimeInterval(configuration.deadline)).token
    }

    /// Refreshes the token under the host-wide lock, unless another process already did.
    ///
    /// - Parameters:
    ///   - token: the access token an API just rejected (a 401), or nil. Inside the lock, a cached token
    ///     that differs from it and is not within the threshold of expiry is returned without a request.
    ///   - force: send a request whatever the cache holds (`drydock reauth --force`).
    /// - Returns: the token now cached, and whether a request was sent for it.
    public func refresh(rejecting token: String?, force: Bool = false) throws -> RefreshOutcome {
        try refresh(rejecting: token, force: force, deadline: clock.now().addingTimeInterval(configuration.deadline))
    }

    /// The token endpoint URL: `GOOGLE_OAUTH_TOKEN_URI`, else the client-secrets file's `token_uri`, else
    /// Google's.
    public func tokenURI(for client: ClientCredentials?) -> String {
        environment["GOOGLE_OAUTH_TOKEN_URI"] ?? client?.tokenURI ?? Configuration.defaultTokenURI
    }

    // MARK: Internals shared with AuthorizedPipeline

    /// ``currentToken()`` reporting whether a request was sent, bounded by `deadline`.
    func currentTokenOutcome(deadline: Date) throws -> RefreshOutcome {
        if let cached = try readCache(), cached.isUsable(at: clock.now(), threshold: configuration.refreshThreshold) {
            return RefreshOutcome(token: cached, requestSent: false)
        }
        return try refresh(rejecting: nil, force: false, deadline: deadline)
    }

    /// ``refresh(rejecting:force:)`` bounded by `deadline` (the earlier of the caller's and our own).
    func refresh(rejecting rejected: String?, force: Bool, deadline callerDeadline: Date) throws -> RefreshOutcome {
        let start = clock.now()
        let deadline = min(callerDeadline, start.addingTimeInterval(configuration.deadline))
        return try RefreshLock.withLock(
            store: store, clock: clock, deadline: deadline, pollInterval: configuration.lockPollInterval
        ) {
            let cached = try readCache()
            if !force, let cached, cached.accessToken != rejected,
               cached.isUsable(at: clock.now(), threshold: configuration.refreshThreshold) {
                return RefreshOutcome(token: cached, requestSent: false)
            }
            let request = TokenStoreRefresh(rejected: rejected, force: force, cached: cached, start: start, deadline: deadline,
                refreshThreshold: configuration.refreshThreshold
            ) {
                refreshToken, client in
                let redactor = SecretRedactor(
                    secrets: [refreshToken, client.clientSecret] + [rejected, cached?.accessToken].compactMap { $0 })
                let grant = try requestGrant(
                    refreshToken: refreshToken, client: client, redactor: redactor, start: start, deadline: deadline)
                let now = clock.now()
                return CachedToken(
                    accessToken: grant.accessToken, tokenType: "Bearer", expiresAt: now.addingTimeInterval(grant.expiresIn),
                    scope: grant.scope ?? "", refreshedAt: now)
            }
            return try tokenStore.refresh(request)
        }
    }

    /// The cached token if it is present and usable now, without locking or sending anything; nil on any
    /// problem. The pipeline uses it to pick up a token another process stored.
    func peekUsableToken() -> CachedToken? {
        guard let cached = try? store.cachedToken(),
              cached.isUsable(at: clock.now(), threshold: configuration.refreshThreshold) else { return nil }
        return cached
    }

    /// The cache for deciding whether to refresh: nil when absent, and also when its contents are not a
    /// valid token (the cache is derived data; a refresh replaces it). Permission problems still throw.
    func readCache() throws -> CachedToken? {
        do {
            return try store.cachedToken()
        } catch let error as CredentialError where error.code == .invalidSecret {
            return nil
        }
    }
}

/// What a refresh produced.
public struct RefreshOutcome: Sendable, Equatable, CustomStringConvertible {
    /// The token now in the cache.
    public let token: CachedToken
    /// True when a request went to the token endpoint; false when the cache (perhaps written by another
    /// process while this one waited for the lock) already held a usable token.
    public let requestSent: Bool

    public init(token: CachedToken, requestSent: Bool) {
        self.token = token
        self.requestSent = requestSent
    }

    public var description: String {
        (requestSent ? "refreshed: " : "already fresh: ") + token.description
    }
}
