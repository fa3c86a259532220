import Foundation

/// Minting and revoking tokens: the state changes behind `/token` and `/revoke`.
extension GoogleTokenAuthority {
    /// How long a testing-status client's refresh tokens live.
    public static let testingRefreshTokenLifetime: TimeInterval = 7 * 24 * 3600

    /// An access token just minted by a refresh, with what the token response reports.
    public struct RefreshResult: Sendable, Equatable {
        public let grant: GoogleGrant
        /// `expires_in`.
        public let expiresIn: Int
        /// `refresh_token_expires_in`, only for testing-status clients whose tokens expire.
        public let refreshTokenExpiresIn: Int?
    }

    /// Exchanges `refreshToken` for a new access token on behalf of an already authenticated `client`.
    /// `requestedScopes` (the optional `scope` parameter) narrows the grant; asking for more than the
    /// refresh token grants is an error.
    public func refresh(_ refreshToken: String, client: OAuthClient, requestedScopes: [String]? = nil) -> Result<RefreshResult, OAuthError> {
        guard let (owner, record) = fixtures.refreshToken(refreshToken) else {
            // Google answers "Bad Request" for tokens it cannot parse, and the expired-or-revoked text
            // for well-formed ones it no longer knows.
            return .failure(refreshToken.hasPrefix("1//") ? .tokenExpiredOrRevoked : .malformedGrant)
        }
        guard owner.clientID == client.clientID else { return .failure(.unauthorizedClient) }

        let now = clock.now()
        let refreshExpiry = refreshTokenExpiry(record, client: owner)
        if let refreshExpiry, now >= refreshExpiry { return .failure(.tokenExpiredOrRevoked) }

        var scopes = record.scopes
        if let requestedScopes, !requestedScopes.isEmpty {
            guard Set(requestedScopes).isSubset(of: Set(record.scopes)) else { return .failure(.scopeNotGranted) }
            scopes = record.scopes.filter { requestedScopes.contains($0) }
        }

        let lifetime = owner.accessTokenLifetimeSeconds
        return state.withLock { state in
            guard !isRevoked(refreshToken: refreshToken, in: state) else { return .failure(.tokenExpiredOrRevoked) }
            let grant = GoogleGrant(
                accessToken: tokenGenerator.next(), clientID: owner.clientID, scopes: scopes, email: record.email,
                subject: record.subject, refreshToken: refreshToken, issuedAt: now,
                expiresAt: now.addingTimeInterval(TimeInterval(lifetime)))
            state.accessTokens[grant.accessToken] = grant
            let refreshExpiresIn = refreshExpiry.map { max(0, Int($0.timeIntervalSince(now).rounded(.down))) }
            return .success(RefreshResult(grant: grant, expiresIn: lifetime, refreshTokenExpiresIn: refreshExpiresIn))
        }
    }

    /// When `record` stops working, or nil if it never expires on its own.
    public func refreshTokenExpiry(_ record: RefreshTokenRecord, client: OAuthClient) -> Date? {
        guard client.publishingStatus == .testing else { return nil }
        // Google exempts grants made only of sign-in scopes from the 7-day limit.
        guard !Set(record.scopes).isSubset(of: GoogleScopes.signIn) else { return nil }
        return record.issuedAt.addingTimeInterval(Self.testingRefreshTokenLifetime)
    }

    /// Revokes an access token or a refresh token, as `POST /revoke` does. Revoking either ends the
    /// whole grant: Google documents that revoking an access token also revokes its refresh token,
    /// and every access token minted from a revoked refresh token stops working.
    /// Returns false for a token that is unknown, expired or already revoked.
    public func revoke(_ token: String) -> Bool {
        let now = clock.now()
        return state.withLock { state in
            if let grant = state.accessTokens[token] {
                guard !state.revokedAccessTokens.contains(token), !isRevoked(refreshToken: grant.refreshToken, in: state),
                      now < grant.expiresAt else { return false }
                state.revokedAccessTokens.insert(token)
                state.revokedRefreshTokens.insert(grant.refreshToken)
                return true
            }
            if let (client, record) = fixtures.refreshToken(token) {
                guard !isRevoked(refreshToken: token, in: state) else { return false }
                if let expiry = refreshTokenExpiry(record, client: client), now >= expiry { return false }
                state.revokedRefreshTokens.insert(token)
                return true
            }
            return false
        }
    }
}
