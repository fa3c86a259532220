import DrydockCore
import DrydockHTTP
import EmulatorKit
import Foundation
import Synchronization

/// The shared memory of every Google emulator: which access tokens were issued, for whom, with which
/// scopes, until when, and which tokens were revoked. The OAuth emulator writes to it; Gmail, Sheets
/// and tokeninfo read it to validate `Authorization: Bearer …`. Expiry is measured on the injected
/// `VirtualClock`, so advancing the clock expires tokens without waiting.
public final class GoogleTokenAuthority: Sendable {
    /// The clients and refresh tokens loaded from fixtures; never mutated.
    public let fixtures: OAuthFixtureSet
    public let clock: VirtualClock
    let tokenGenerator: AccessTokenGenerator
    let state = Mutex(State())

    struct State {
        /// Refresh tokens revoked since load or the last reset (fixture revocations live in `fixtures`).
        var revokedRefreshTokens: Set<String> = []
        var revokedAccessTokens: Set<String> = []
        var accessTokens: [String: GoogleGrant] = [:]
    }

    public init(fixtures: OAuthFixtureSet, clock: VirtualClock, tokenGenerator: AccessTokenGenerator = .system) {
        self.fixtures = fixtures
        self.clock = clock
        self.tokenGenerator = tokenGenerator
    }

    /// Loads `<fixturesDirectory>/oauth/clients.json`; relative `issued_at` values count from the
    /// clock's current time.
    public convenience init(fixturesDirectory: String, clock: VirtualClock, tokenGenerator: AccessTokenGenerator = .system) throws(FixtureError) {
        let set = try OAuthFixtureSet.load(fixturesDirectory: fixturesDirectory, loadTime: clock.now())
        self.init(fixtures: set, clock: clock, tokenGenerator: tokenGenerator)
    }

    // MARK: Validating bearer tokens

    /// The grant behind `accessToken`, or why it is refused.
    public func validate(accessToken: String) -> Result<GoogleGrant, BearerRejection> {
        let now = clock.now()
        return state.withLock { state in
            guard let grant = state.accessTokens[accessToken] else { return .failure(BearerRejection(.unknown)) }
            if state.revokedAccessTokens.contains(accessToken) || isRevoked(refreshToken: grant.refreshToken, in: state) {
                return .failure(BearerRejection(.revoked))
            }
            guard now < grant.expiresAt else { return .failure(BearerRejection(.expired)) }
            return .success(grant)
        }
    }

    /// Validates the credentials on an API request the way Google's front end finds them: an
    /// `Authorization: Bearer …` header, or else an `access_token` or `oauth_token` query parameter (both
    /// are standard parameters of every Google API: "OAuth access token" and "OAuth 2.0 token for the
    /// current user" in the discovery documents).
    public func authorize(_ request: HTTPRequest) -> Result<GoogleGrant, BearerRejection> {
        if let header = request.headers["Authorization"] {
            let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else { return .failure(BearerRejection(.malformed)) }
            return validate(accessToken: parts[1].trimmingCharacters(in: .whitespaces))
        }
        for name in Self.tokenParameters {
            if let token = request.query(name), !token.isEmpty { return validate(accessToken: token) }
        }
        return .failure(BearerRejection(.missing))
    }

    /// The query parameters that carry an access token, in the order they are looked for.
    public static let tokenParameters = ["access_token", "oauth_token"]

    // MARK: Lifecycle

    /// Makes every access token issued so far expired (the `expire-tokens` fault). Refresh tokens
    /// are unaffected, so clients recover by refreshing.
    public func expireIssuedTokens() {
        let now = clock.now()
        state.withLock { state in
            for (token, grant) in state.accessTokens where grant.expiresAt > now {
                state.accessTokens[token]?.expiresAt = now
            }
        }
    }

    /// Forgets every issued token and undoes runtime revocations: back to the fixtures as loaded.
    public func reset() {
        state.withLock { $0 = State() }
    }

    /// Every access token currently remembered (valid or not), for diagnostics and tests.
    public var issuedTokens: [GoogleGrant] {
        state.withLock { Array($0.accessTokens.values) }.sorted { $0.issuedAt < $1.issuedAt }
    }

    func isRevoked(refreshToken: String, in state: State) -> Bool {
        state.revokedRefreshTokens.contains(refreshToken) || fixtures.refreshToken(refreshToken)?.record.revoked == true
    }
}
