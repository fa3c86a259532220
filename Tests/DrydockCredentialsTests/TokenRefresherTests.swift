import DrydockCore
@testable import DrydockCredentials
import DrydockHTTP
import Foundation
import Testing

/// The refresh_token grant on the happy path, and when the refresher decides to send it.
@Suite struct TokenRefresherTests {
    @Test func refreshPostsTheGrantAndCachesTheDocumentedSchema() throws {
        let sandbox = try SecretsSandbox()
        let clock = ManualClock()
        let endpoint = FakeTokenEndpoint(FakeTokenEndpoint.token("ya29.fresh", expiresIn: 3599, scope: "a b"))
        let outcome = try sandbox.refresher(endpoint.transport, clock: clock).refresh(rejecting: nil)

        #expect(outcome.requestSent)
        #expect(outcome.token.accessToken == "ya29.fresh")
        let request = try #require(endpoint.requests.first)
        #expect(request.method == "POST")
        #expect(request.target == "/token")
        #expect(request.headers["Content-Type"] == "application/x-www-form-urlencoded")
        #expect(request.headers["Accept"] == "application/json")
        let form = FormEncoding.decode(request.bodyText)
        #expect(form.map(\.name) == ["grant_type", "refresh_token", "client_id", "client_secret"])
        #expect(form.map(\.value) == [
            "refresh_token", SecretsSandbox.refreshToken, SecretsSandbox.clientID, SecretsSandbox.clientSecret,
        ])

        let json = try JSONValue.parse(try #require(sandbox.cacheBytes()))
        #expect(json == [
            "access_token": "ya29.fresh", "token_type": "Bearer",
            "expires_at": .string(RFC3339.string(from: clock.now().addingTimeInterval(3599))),
            "scope": "a b", "refreshed_at": .string(RFC3339.string(from: clock.now())),
        ])
        #expect(sandbox.mode(SecretsStore.tokenCacheFile) == 0o600)
        #expect(sandbox.temporaryNames().isEmpty)
        #expect(try sandbox.store.cachedToken() == outcome.token)
    }

    @Test func tokenURIPrecedence() throws {
        let sandbox = try SecretsSandbox()
        let refresher = sandbox.refresher(FakeTokenEndpoint(FakeTokenEndpoint.token()).transport, clock: ManualClock())
        let fileClient = ClientCredentials(clientID: "i", clientSecret: "s", tokenURI: "https://file.test/t", source: .file("f"))
        #expect(refresher.tokenURI(for: fileClient) == SecretsSandbox.tokenURI)
        let noEnv = TokenRefresher(
            store: sandbox.store, transport: refresher.transport, environment: Environment(), clock: ManualClock())
        #expect(noEnv.tokenURI(for: fileClient) == "https://file.test/t")
        #expect(noEnv.tokenURI(for: nil) == "https://oauth2.googleapis.com/token")
    }

    @Test func acceptsExpiresInAsAStringAndLowercaseBearer() throws {
        let sandbox = try SecretsSandbox()
        let clock = ManualClock()
        let endpoint = FakeTokenEndpoint(FakeTokenEndpoint.token(expiresIn: "3599", type: "bearer"))
        let token = try sandbox.refresher(endpoint.transport, clock: clock).refresh(rejecting: nil).token
        #expect(token.expiresAt == clock.now().addingTimeInterval(3599))
        #expect(token.tokenType == "Bearer")
    }

    @Test func currentTokenServesAFreshCacheWithoutARequest() throws {
        let sandbox = try SecretsSandbox()
        let clock = ManualClock()
        try sandbox.cache(.sample("ya29.cached", now: clock.now(), age: 3000))  // 600 s left
        let endpoint = FakeTokenEndpoint(FakeTokenEndpoint.token())
        #expect(try sandbox.refresher(endpoint.transport, clock: clock).currentToken().accessToken == "ya29.cached")
        #expect(endpoint.count == 0)
    }

    @Test func currentTokenRefreshesProactivelyInsideTheThreshold() throws {
        let sandbox = try SecretsSandbox()
        let clock = ManualClock()
        try sandbox.cache(.sample("ya29.cached", now: clock.now(), age: 3400))  // 200 s left < 300
        let endpoint = FakeTokenEndpoint(FakeTokenEndpoint.token("ya29.new"))
        #expect(try sandbox.refresher(endpoint.transport, clock: clock).currentToken().accessToken == "ya29.new")
        #expect(endpoint.count == 1)
    }

    @Test func thresholdIsConfigurable() throws {
        let sandbox = try SecretsSandbox()
        let clock = ManualClock()
        try sandbox.cache(.sample("ya29.cached", now: clock.now(), age: 2700))  // 900 s left
        let endpoint = FakeTokenEndpoint(FakeTokenEndpoint.token("ya29.new"))
        let refresher = sandbox.refresher(endpoint.transport, clock: clock, configuration: .test(threshold: 1000))
        #expect(try refresher.currentToken().accessToken == "ya29.new")
    }

    @Test func thresholdIsCappedAtHalfTheLifetime() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let short = CachedToken.sample(now: now, age: 100, lifetime: 300)  // 200 s left of 300
        #expect(short.isUsable(at: now, threshold: 300))
        #expect(!short.isUsable(at: now.addingTimeInterval(60), threshold: 300))
    }

    @Test func expiredOrMissingCacheIsRefreshed() throws {
        let sandbox = try SecretsSandbox()
        let clock = ManualClock()
        let endpoint = FakeTokenEndpoint(FakeTokenEndpoint.token("ya29.new"))
        let refresher = sandbox.refresher(endpoint.transport, clock: clock)
        #expect(try refresher.currentToken().accessToken == "ya29.new")
        clock.advance(seconds: 4000)
        #expect(try refresher.currentToken().accessToken == "ya29.new")
        #expect(endpoint.count == 2)
    }

    @Test func corruptCacheIsReplacedButPermissionProblemsAreNot() throws {
        let sandbox = try SecretsSandbox()
        let clock = ManualClock()
        try sandbox.write(SecretsStore.tokenCacheFile, "{ not json")
        let endpoint = FakeTokenEndpoint(FakeTokenEndpoint.token("ya29.new"))
        let refresher = sandbox.refresher(endpoint.transport, clock: clock)
        #expect(try refresher.currentToken().accessToken == "ya29.new")

        chmod(sandbox.path(SecretsStore.tokenCacheFile), 0o644)
        let error = #expect(throws: CredentialError.self) { try refresher.currentToken() }
        #expect(error?.code == .insecureMode)
        #expect(endpoint.count == 1)
    }

    @Test func forceRefreshesAFreshCache() throws {
        let sandbox = try SecretsSandbox()
        let clock = ManualClock()
        try sandbox.cache(.sample("ya29.cached", now: clock.now()))
        let endpoint = FakeTokenEndpoint(FakeTokenEndpoint.token("ya29.new"))
        let refresher = sandbox.refresher(endpoint.transport, clock: clock)
        #expect(try refresher.refresh(rejecting: nil).requestSent == false)
        #expect(try refresher.refresh(rejecting: nil, force: true).requestSent)
        #expect(try sandbox.store.cachedToken()?.accessToken == "ya29.new")
    }

    @Test func rejectedTokenIsRefreshedEvenWhileFresh() throws {
        let sandbox = try SecretsSandbox()
        let clock = ManualClock()
        try sandbox.cache(.sample("ya29.cached", now: clock.now()))
        let endpoint = FakeTokenEndpoint(FakeTokenEndpoint.token("ya29.new"))
        let outcome = try sandbox.refresher(endpoint.transport, clock: clock).refresh(rejecting: "ya29.cached")
        #expect(outcome.requestSent)
        #expect(outcome.token.accessToken == "ya29.new")
    }

    @Test func cacheStatusForDiag() throws {
        let sandbox = try SecretsSandbox()
        let clock = ManualClock()
        let refresher = sandbox.refresher(FakeTokenEndpoint(FakeTokenEndpoint.token()).transport, clock: clock)
        let empty = refresher.cacheStatus()
        #expect(!empty.present && empty.problem == nil && empty.needsRefresh && empty.permissionsOK)

        try sandbox.cache(.sample("ya29.secret-value", now: clock.now(), age: 600, scope: "s1 s2"))
        let status = refresher.cacheStatus()
        #expect(status.present && status.permissionsOK && !status.needsRefresh)
        #expect(status.expiresIn == 3000)
        #expect(status.scopes == ["s1", "s2"])
        #expect(status.description.contains("expires in 3000 s"))
        #expect(!status.description.contains("ya29.secret-value"))

        chmod(sandbox.path(SecretsStore.tokenCacheFile), 0o640)
        let insecure = refresher.cacheStatus()
        #expect(insecure.present && !insecure.permissionsOK && insecure.problem?.code == .insecureMode)
        #expect(sandbox.mode(SecretsStore.tokenCacheFile) == 0o640)  // read-only: nothing fixed behind the user's back
    }
}
