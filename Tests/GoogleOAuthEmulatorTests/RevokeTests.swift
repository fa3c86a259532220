import DrydockCore
import DrydockHTTP
import GoogleOAuthEmulator
import Testing

@Suite struct RevokeTests {
    func revoke(_ harness: Harness, _ token: String, path: String = "/revoke") -> HTTPResponse {
        harness.oauth.handle(HTTPRequest(
            method: "POST", target: path, headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: Array(FormEncoding.encode([("token", token)]).utf8)))
    }

    @Test func revokingAnAccessTokenEndsTheGrant() throws {
        let harness = try Harness()
        let token = try harness.accessToken()
        let response = revoke(harness, token)
        #expect(response.status == 200)
        #expect(response.bodyText == "{}")
        #expect(harness.authority.validate(accessToken: token) == .failure(BearerRejection(.revoked)))
        // Google: revoking an access token also revokes the refresh token behind it.
        #expect(harness.refresh().bodyText == oauthErrorBody("invalid_grant", "Token has been expired or revoked."))
    }

    @Test func revokingARefreshTokenInvalidatesItsAccessTokens() throws {
        let harness = try Harness()
        let first = try harness.accessToken()
        let other = try harness.accessToken(Demo.readonlyRefreshToken)
        let response = harness.oauth.handle(HTTPRequest(method: "POST", target: "/revoke?token=" + PercentEncoding.encode(Demo.refreshToken)))
        #expect(response.status == 200)
        #expect(harness.authority.validate(accessToken: first) == .failure(BearerRejection(.revoked)))
        #expect(harness.refresh().status == 400)
        // Grants from other refresh tokens are untouched.
        #expect((try? harness.authority.validate(accessToken: other).get()) != nil)
    }

    @Test func revokingTwiceOrUnknownTokensFails() throws {
        let harness = try Harness()
        let expected = oauthErrorBody("invalid_token", "Token expired or revoked")
        #expect(revoke(harness, Demo.refreshToken).status == 200)
        let again = revoke(harness, Demo.refreshToken)
        #expect(again.status == 400)
        #expect(again.bodyText == expected)
        #expect(revoke(harness, "ya29.never-issued").bodyText == expected)
        #expect(revoke(harness, Demo.revokedRefreshToken).bodyText == expected)
    }

    @Test func legacyPathAcceptsGetAndModernPathDoesNot() throws {
        let harness = try Harness()
        let legacy = harness.oauth.handle(HTTPRequest(method: "GET", target: "/o/oauth2/revoke?token=" + PercentEncoding.encode(Demo.readonlyRefreshToken)))
        #expect(legacy.status == 200)
        let modern = harness.oauth.handle(HTTPRequest(method: "GET", target: "/revoke?token=x"))
        #expect(modern.status == 404)
        #expect(modern.headers["Content-Type"] == "text/html; charset=UTF-8")
    }

    @Test func missingTokenIsInvalidRequest() throws {
        let harness = try Harness()
        let response = harness.oauth.handle(HTTPRequest(method: "POST", target: "/revoke"))
        #expect(response.status == 400)
        #expect(response.bodyText == oauthErrorBody("invalid_request", "Missing required parameter: token"))
    }
}
