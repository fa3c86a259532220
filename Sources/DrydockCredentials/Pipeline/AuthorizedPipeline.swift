import DrydockCore
import DrydockHTTP
import Foundation

/// The one way every Google client sends requests: attaches `Authorization: Bearer <token>`, and on a
/// 401 refreshes the token (single flight, passing the rejected token) and retries.
///
/// Guarantees nothing can hammer the token endpoint: a call sends at most one token request. A 401 for a
/// token younger than ``Configuration/freshTokenCooldown`` — or a second 401 after this call already
/// refreshed — triggers no refresh: the request is retried with backoff until the deadline, then fails with
/// ``CredentialError/Code/freshTokenRejected`` (a 401 storm: the API rejects freshly issued tokens).
public struct AuthorizedPipeline: Sendable {
    public let refresher: TokenRefresher
    public let transport: any HTTPTransport
    public let configuration: Configuration

    /// Tunables, in seconds.
    public struct Configuration: Sendable {
        /// A 401 for a token refreshed less than this long ago (by `refreshed_at`) triggers no refresh.
        public var freshTokenCooldown: Double
        /// One overall limit per call for getting a token, refreshing, and retrying 401s. The first send
        /// keeps the caller's own timeout; retries are cut to what is left.
        public var deadline: Double
        /// Waits between retries of a 401 that will not be fixed by refreshing.
        public var backoff: RetryBackoff

        public init(
            freshTokenCooldown: Double = 60, deadline: Double = 60,
            backoff: RetryBackoff = RetryBackoff(initial: 1, maximum: 8, minimum: 0.25)
        ) {
            self.freshTokenCooldown = freshTokenCooldown
            self.deadline = deadline
            self.backoff = backoff
        }
    }

    /// A pipeline sending through `transport`, with tokens from `refresher` (whose clock it shares).
    public init(refresher: TokenRefresher, transport: any HTTPTransport, configuration: Configuration = Configuration()) {
        self.refresher = refresher
        self.transport = transport
        self.configuration = configuration
    }

    /// Sends `request` with the current access token. Returns every response but 401 as it is (callers
    /// handle 4xx and 5xx); throws `HTTPClientError` for transport failures and ``CredentialError`` when no
    /// working token can be had.
    public func send(_ request: ClientRequest) throws -> HTTPResponse {
        let clock = refresher.clock
        let start = clock.now()
        let deadline = start.addingTimeInterval(configuration.deadline)
        let initial = try refresher.currentTokenOutcome(deadline: deadline)
        var token = initial.token
        var mayRefresh = !initial.requestSent
        var unauthorized = 0
        var retries = 0
        while true {
            var authorized = request
            authorized.headers.set("Authorization", token.authorization)
            if unauthorized > 0 {
                let remaining = max(0.001, deadline.timeIntervalSince(clock.now()))
                authorized.timeout = min(request.timeout ?? remaining, remaining)
            }
            let response = try transport.send(authorized)
            guard response.status == 401 else { return response }
            unauthorized += 1
            if mayRefresh, token.age(at: clock.now()) >= configuration.freshTokenCooldown {
                mayRefresh = false
                token = try refresher.refresh(rejecting: token.accessToken, force: false, deadline: deadline).token
                continue
            }
            // A fresh token was rejected (or the one refresh did not help): refreshing cannot fix this, so
            // none follows in this call, even once the token ages past the cooldown. Back off until the
            // deadline, picking up any token another process stores meanwhile.
            let wait = configuration.backoff.delay(attempt: retries)
            retries += 1
            let now = clock.now()
            guard now.addingTimeInterval(wait) < deadline else {
                throw CredentialError.freshTokenRejected(
                    request: request, unauthorized: unauthorized, elapsed: now.timeIntervalSince(start),
                    tokenAge: token.age(at: now), scopes: token.scope)
            }
            mayRefresh = false
            clock.sleep(seconds: wait)
            if let newer = refresher.peekUsableToken(), newer.accessToken != token.accessToken { token = newer }
        }
    }
}

extension CredentialError {
    static func freshTokenRejected(
        request: ClientRequest, unauthorized: Int, elapsed: Double, tokenAge: Double, scopes: String
    ) -> CredentialError {
        let url = ParsedURL.redact(request.url)
        return CredentialError(
            code: .freshTokenRejected,
            message: "\(request.method) \(url) answered 401 Unauthorized \(unauthorized) times in \(seconds(elapsed)), "
                + "the last time to an access token issued \(seconds(max(0, tokenAge))) ago. The API rejects freshly "
                + "issued tokens (a 401 storm), so refreshing again would not help and Drydock stopped. Likely causes: "
                + "the token lacks a scope this API needs (granted: \(scopes.isEmpty ? "none recorded" : scopes)); "
                + "the API is not enabled in the OAuth client's Google Cloud project; this host's clock is skewed "
                + "(check `timedatectl`). Run `drydock diag`; if a scope is missing, run the consent flow again with "
                + "it and store the new refresh token.")
    }
}
