import DrydockCore
@testable import DrydockCredentials
import DrydockHTTP
import Foundation
import Testing

/// No error or description ever carries the refresh token, client secret or access token — even when the
/// server echoes them back.
@Suite struct RedactionTests {
    static let accessToken = "ya29.ACCESS-secret-77c1"
    static let secrets = [SecretsSandbox.refreshToken, SecretsSandbox.clientSecret, accessToken]
    static let echo = "echo: \(secrets.joined(separator: " ")) \(secrets.map(PercentEncoding.encode).joined(separator: "&"))"

    /// Every text that must be clean.
    func assertClean(_ text: String, _ label: String) {
        for secret in Self.secrets + Self.secrets.map(PercentEncoding.encode) {
            #expect(!text.contains(secret), "\(label) leaks \(secret): \(text)")
        }
    }

    func refreshError(_ responses: [HTTPResponse], transport: (any HTTPTransport)? = nil) throws -> CredentialError {
        let sandbox = try SecretsSandbox()
        let clock = ManualClock()
        try sandbox.cache(.sample(Self.accessToken, now: clock.now(), age: 4000))
        let endpoint = FakeTokenEndpoint(responses)
        do {
            _ = try sandbox.refresher(transport ?? endpoint.transport, clock: clock, configuration: .test(deadline: 5))
                .refresh(rejecting: Self.accessToken)
        } catch let error as CredentialError {
            return error
        }
        Issue.record("no error")
        return CredentialError(code: .fileSystem, message: "")
    }

    @Test func tokenEndpointErrors() throws {
        let echo = Self.echo
        let access = Self.accessToken
        let cases: [(String, [HTTPResponse], (any HTTPTransport)?)] = [
            ("invalid_grant", [FakeTokenEndpoint.oauthError(400, "invalid_grant", echo)], nil),
            ("invalid_client", [FakeTokenEndpoint.oauthError(401, "invalid_client", echo)], nil),
            ("unauthorized_client", [FakeTokenEndpoint.oauthError(400, "unauthorized_client", echo)], nil),
            ("invalid_request", [FakeTokenEndpoint.oauthError(400, "invalid_request", echo)], nil),
            ("secret as error code", [FakeTokenEndpoint.oauthError(400, SecretsSandbox.refreshToken, echo)], nil),
            ("503 JSON", [FakeTokenEndpoint.oauthError(503, "backendError", echo)], nil),
            ("502 HTML", [FakeTokenEndpoint.html(502, "<html>\(echo)</html>")], nil),
            ("200 HTML", [FakeTokenEndpoint.html(200, "<html>\(echo)</html>")], nil),
            ("truncated", [FakeTokenEndpoint.text(200, "application/json", #"{"access_token": "\#(access)", "expires_in": "#)], nil),
            ("missing access_token", [FakeTokenEndpoint.json(200, ["refresh_token": .string(echo), "expires_in": 1])], nil),
            ("token_type is the token", [FakeTokenEndpoint.token(access, type: .string(access))], nil),
            ("token_type is the refresh token", [FakeTokenEndpoint.token(access, type: .string(SecretsSandbox.refreshToken))], nil),
            ("negative expires_in", [FakeTokenEndpoint.token(access, expiresIn: -1)], nil),
            ("string expires_in", [FakeTokenEndpoint.token(access, expiresIn: .string(access))], nil),
            ("transient transport", [], FailingTransport(error: HTTPClientError(code: .connectionReset, message: echo))),
            ("permanent transport", [], FailingTransport(error: HTTPClientError(code: .tlsFailure, message: echo))),
        ]
        for (label, responses, transport) in cases {
            let error = try refreshError(responses.isEmpty ? [FakeTokenEndpoint.token()] : responses, transport: transport)
            assertClean(error.description, label)
            assertClean(String(reflecting: error), label)
        }
    }

    @Test func secretsFileErrors() throws {
        let sandbox = try SecretsSandbox()
        var texts: [String] = []
        for contents in [#"{"refresh_token": \#(SecretsSandbox.refreshToken)}"#, #"{"refresh_token": "\#(SecretsSandbox.refreshToken)"#,
                         #"{"other": "\#(SecretsSandbox.refreshToken)"}"#] {
            try sandbox.write(SecretsStore.refreshTokenFile, contents)
            texts.append(#expect(throws: CredentialError.self) { try sandbox.store.refreshToken() }?.description ?? "")
        }
        try sandbox.write(SecretsStore.tokenCacheFile, #"{"access_token": "\#(Self.accessToken)", "expires_at": 12}"#)
        texts.append(#expect(throws: CredentialError.self) { try sandbox.store.cachedToken() }?.description ?? "")
        texts.append(sandbox.store.inspectTokenCache(now: Date(), threshold: 300).description)
        try sandbox.write(SecretsStore.clientCredentialsFile, #"{"installed": {"client_secret": "\#(SecretsSandbox.clientSecret)"}}"#)
        texts.append(#expect(throws: CredentialError.self) {
            try sandbox.store.clientCredentials(environment: Environment())
        }?.description ?? "")
        for text in texts { assertClean(text, "secrets file error") }
    }

    @Test func lockTimeoutAndStorm() throws {
        let sandbox = try SecretsSandbox()
        let clock = ManualClock()
        try sandbox.cache(.sample(Self.accessToken, now: clock.now(), age: 1))
        let api = InProcessTransport(ClosureResponder { _ in HTTPResponse(status: 401) })
        let refresher = sandbox.refresher(FakeTokenEndpoint(FakeTokenEndpoint.token()).transport, clock: clock)
        let storm = #expect(throws: CredentialError.self) {
            try AuthorizedPipeline(refresher: refresher, transport: api)
                .send(ClientRequest(method: "GET", url: "https://api.test/v1?key=\(Self.accessToken)"))
        }
        assertClean(storm?.description ?? "", "storm")

        let holder = try LockHolder(sandbox.path(SecretsStore.lockFile))
        defer { holder.release() }
        let timeout = #expect(throws: CredentialError.self) { try refresher.refresh(rejecting: Self.accessToken) }
        assertClean(timeout?.description ?? "", "lock timeout")
    }

    @Test func valueDescriptions() throws {
        let sandbox = try SecretsSandbox()
        let clock = ManualClock()
        let token = CachedToken.sample(Self.accessToken, now: clock.now())
        try sandbox.cache(token)
        let client = try sandbox.store.clientCredentials(environment: Environment())
        let outcome = RefreshOutcome(token: token, requestSent: true)
        var dumps = ""
        dump(token, to: &dumps)
        dump(client, to: &dumps)
        dump(outcome, to: &dumps)
        let status = sandbox.refresher(FakeTokenEndpoint(FakeTokenEndpoint.token()).transport, clock: clock).cacheStatus()
        for text in [token.description, String(reflecting: token), "\(token)", client.description, String(reflecting: client),
                     outcome.description, String(reflecting: outcome), status.description, dumps]
            + sandbox.store.checkSecrets(environment: Environment()).map(\.description) {
            assertClean(text, "description")
        }
    }

    @Test func redactorScrubsPlainAndEncodedForms() {
        let redactor = SecretRedactor(secrets: ["1//abc-secret", "ab"])
        #expect(redactor.scrub("x 1//abc-secret y 1%2F%2Fabc-secret ab\nz") == "x [redacted] y [redacted] ab z")
        #expect(redactor.scrub(String(repeating: "a", count: 300), limit: 10) == "aaaaaaaaaa…")
    }
}
