import DrydockCore
@testable import DrydockCredentials
import DrydockHTTP
import Foundation
import Testing

/// A way the token endpoint can fail, what error it must become, and what that error must say.
struct FailureCase: Sendable, CustomTestStringConvertible {
    let name: String
    let script: [HTTPResponse]
    var transportError: HTTPClientError? = nil
    let code: CredentialError.Code
    let says: [String]

    var testDescription: String { name }

    static let all: [FailureCase] = [
        FailureCase(
            name: "invalid_grant", script: [FakeTokenEndpoint.oauthError(400, "invalid_grant", "Token has been expired or revoked.")],
            code: .refreshTokenRejected,
            says: ["HTTP 400 (invalid_grant: Token has been expired or revoked.)", "expired or been revoked",
                   "\"Testing\"", "7 days", "6 months", "revoked", "more than 100 live refresh tokens", "password",
                   "run the OAuth consent flow again", "/refresh_token.json", "left as it was"]),
        FailureCase(
            name: "invalid_client", script: [FakeTokenEndpoint.oauthError(401, "invalid_client", "The OAuth client was not found.")],
            code: .clientRejected, says: ["invalid_client", "gmail_credentials.json", "GOOGLE_CLIENT_ID"]),
        FailureCase(
            name: "unauthorized_client", script: [FakeTokenEndpoint.oauthError(400, "unauthorized_client", "Unauthorized")],
            code: .clientRejected, says: ["unauthorized_client", "gmail_credentials.json"]),
        FailureCase(
            name: "invalid_request", script: [FakeTokenEndpoint.oauthError(400, "invalid_request", "Missing grant_type")],
            code: .tokenRequestRejected, says: ["HTTP 400 (invalid_request: Missing grant_type)", "GOOGLE_OAUTH_TOKEN_URI"]),
        FailureCase(
            name: "404 HTML", script: [FakeTokenEndpoint.html(404, "<html>Not Found</html>")],
            code: .tokenRequestRejected, says: ["HTTP 404", "text/html", "not JSON", "not an OAuth error response"]),
        FailureCase(
            name: "HTML 502 until the deadline", script: [FakeTokenEndpoint.html(502)],
            code: .tokenEndpointUnavailable, says: ["HTTP 502 (text/html", "20 s refresh deadline", "run again later"]),
        FailureCase(
            name: "503 until the deadline", script: [FakeTokenEndpoint.oauthError(503, "backendError", "try later")],
            code: .tokenEndpointUnavailable, says: ["HTTP 503", "backendError: try later"]),
        FailureCase(
            name: "429 until the deadline", script: [FakeTokenEndpoint.text(429, "text/plain", "slow down")],
            code: .tokenEndpointUnavailable, says: ["HTTP 429 (text/plain)"]),
        FailureCase(
            name: "HTML 200", script: [FakeTokenEndpoint.html(200, "<html>Sign in to the Wi-Fi</html>")],
            code: .invalidTokenResponse, says: ["HTTP 200 (text/html; charset=UTF-8)", "not valid JSON", "line 1, column 1"]),
        FailureCase(
            name: "truncated JSON", script: [FakeTokenEndpoint.text(200, "application/json", #"{"access_token": "ya29.x", "expires_in": 35"#)],
            code: .invalidTokenResponse, says: ["HTTP 200 (application/json)", "not valid JSON", "line 1, column 44"]),
        FailureCase(
            name: "empty body", script: [FakeTokenEndpoint.text(200, "application/json", "")],
            code: .invalidTokenResponse, says: ["an empty body that is not valid JSON"]),
        FailureCase(
            name: "JSON array", script: [FakeTokenEndpoint.json(200, ["ya29.x"])],
            code: .invalidTokenResponse, says: ["a JSON array, not an object"]),
        FailureCase(
            name: "missing access_token", script: [FakeTokenEndpoint.json(200, ["expires_in": 3599, "token_type": "Bearer"])],
            code: .invalidTokenResponse, says: [#"no "access_token""#]),
        FailureCase(
            name: "empty access_token", script: [FakeTokenEndpoint.token("")],
            code: .invalidTokenResponse, says: [#"an "access_token" that is empty"#]),
        FailureCase(
            name: "numeric access_token",
            script: [FakeTokenEndpoint.json(200, ["access_token": 12, "expires_in": 3599, "token_type": "Bearer"])],
            code: .invalidTokenResponse, says: [#"an "access_token" that is a number"#]),
        FailureCase(
            name: "missing expires_in", script: [FakeTokenEndpoint.json(200, ["access_token": "ya29.x", "token_type": "Bearer"])],
            code: .invalidTokenResponse, says: [#"no "expires_in""#]),
        FailureCase(
            name: "negative expires_in", script: [FakeTokenEndpoint.token(expiresIn: -10)],
            code: .invalidTokenResponse, says: [#"an "expires_in" of -10 seconds; it must be positive"#]),
        FailureCase(
            name: "zero expires_in as a string", script: [FakeTokenEndpoint.token(expiresIn: "0")],
            code: .invalidTokenResponse, says: [#"an "expires_in" of 0 seconds"#]),
        FailureCase(
            name: "absurd expires_in", script: [FakeTokenEndpoint.token(expiresIn: .number("1e300"))],
            code: .invalidTokenResponse, says: [#"an "expires_in" of 1e+300 seconds; it must be positive and at most a year"#]),
        FailureCase(
            name: "non-numeric expires_in", script: [FakeTokenEndpoint.token(expiresIn: "soon")],
            code: .invalidTokenResponse, says: [#"an "expires_in" that is a string, not a number of seconds"#]),
        FailureCase(
            name: "boolean expires_in", script: [FakeTokenEndpoint.token(expiresIn: true)],
            code: .invalidTokenResponse, says: [#"an "expires_in" that is a boolean"#]),
        FailureCase(
            name: "wrong token_type", script: [FakeTokenEndpoint.token(type: "MAC")],
            code: .invalidTokenResponse, says: [#"a "token_type" of "MAC", not "Bearer""#]),
        FailureCase(
            name: "missing token_type",
            script: [FakeTokenEndpoint.json(200, ["access_token": "ya29.x", "expires_in": 3599])],
            code: .invalidTokenResponse, says: [#"no "token_type""#]),
        FailureCase(
            name: "connection reset until the deadline", script: [FakeTokenEndpoint.fault(.reset)],
            code: .tokenEndpointUnavailable, says: ["connection-reset"]),
        FailureCase(
            name: "timeout until the deadline", script: [FakeTokenEndpoint.fault(.hang)],
            code: .tokenEndpointUnavailable, says: ["timeout"]),
        FailureCase(
            name: "truncated transfer until the deadline", script: [FakeTokenEndpoint.fault(.closeMidBody(bytes: 10))],
            code: .tokenEndpointUnavailable, says: ["truncated"]),
        FailureCase(
            name: "DNS failure", script: [FakeTokenEndpoint.token()],
            transportError: HTTPClientError(code: .dnsFailure, message: "could not resolve host oauth.test"),
            code: .tokenEndpointUnreachable, says: ["could not resolve host oauth.test", "GOOGLE_OAUTH_TOKEN_URI"]),
    ]
}

/// Every failure kind maps to its error and exit status, says what to do, and leaves the cache
/// byte-identical.
@Suite struct TokenRefresherFailureTests {
    @Test(arguments: FailureCase.all)
    func failureLeavesTheCacheByteIdentical(_ failure: FailureCase) throws {
        let sandbox = try SecretsSandbox()
        let clock = ManualClock()
        let start = clock.now()
        try sandbox.cache(.sample("ya29.old", now: start, age: 4000))  // expired
        let before = try #require(sandbox.cacheBytes())
        let endpoint = FakeTokenEndpoint(failure.script)
        let transport: any HTTPTransport = failure.transportError.map { FailingTransport(error: $0) } ?? endpoint.transport
        let refresher = sandbox.refresher(transport, clock: clock, configuration: .test(deadline: 20))

        let error = #expect(throws: CredentialError.self) { try refresher.currentToken() }
        #expect(error?.code == failure.code)
        #expect(error?.exitStatus == failure.code.exitStatus)
        for fragment in failure.says {
            #expect(error?.message.contains(fragment) == true, "missing \(fragment) in: \(error?.message ?? "")")
        }
        #expect(error?.message.contains("ya29.old") == false)
        #expect(sandbox.cacheBytes() == before)
        #expect(sandbox.temporaryNames().isEmpty)
        #expect(clock.now().timeIntervalSince(start) <= 20)
    }

    @Test func exitStatuses() {
        #expect(CredentialError.Code.refreshTokenRejected.exitStatus == .refreshTokenRejected)
        #expect(CredentialError.Code.clientRejected.exitStatus == .clientRejected)
        #expect(CredentialError.Code.tokenEndpointUnavailable.exitStatus == .transient)
        #expect(CredentialError.Code.lockTimeout.exitStatus == .transient)
        #expect(CredentialError.Code.insecureMode.exitStatus == .configuration)
        #expect(CredentialError.Code.freshTokenRejected.exitStatus == .configuration)
    }

    @Test func invalidGrantNamesTheRefreshTokenFile() throws {
        let sandbox = try SecretsSandbox()
        let endpoint = FakeTokenEndpoint(FakeTokenEndpoint.oauthError(400, "invalid_grant"))
        let error = #expect(throws: CredentialError.self) {
            try sandbox.refresher(endpoint.transport, clock: ManualClock()).refresh(rejecting: nil)
        }
        #expect(error?.message.contains("store the new refresh token in \(sandbox.path("refresh_token.json"))") == true)
        #expect(endpoint.count == 1)  // final answers are not retried
    }

    @Test func missingSecretsFailBeforeAnyRequest() throws {
        let sandbox = try SecretsSandbox(refreshToken: false)
        let endpoint = FakeTokenEndpoint(FakeTokenEndpoint.token())
        let error = #expect(throws: CredentialError.self) {
            try sandbox.refresher(endpoint.transport, clock: ManualClock()).refresh(rejecting: nil)
        }
        #expect(error?.code == .secretMissing)
        #expect(endpoint.count == 0)
    }
}
