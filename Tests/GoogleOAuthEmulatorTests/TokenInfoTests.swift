import DrydockCore
import DrydockHTTP
import GoogleOAuthEmulator
import Testing

@Suite struct TokenInfoTests {
    @Test(arguments: ["/tokeninfo", "/oauth2/v3/tokeninfo"])
    func describesAnIssuedToken(path: String) throws {
        let harness = try Harness()
        let token = try harness.accessToken()
        harness.clock.advance(seconds: 99)
        let response = harness.oauth.handle(HTTPRequest(method: "GET", target: path + "?access_token=" + token))
        #expect(response.status == 200)
        let body = try JSONValue.parse(response.bodyText)
        let exp = Int(harness.clock.now().timeIntervalSince1970) - 99 + 3599
        #expect(body == [
            "azp": .string(Demo.clientID),
            "aud": .string(Demo.clientID),
            "scope": .string(Demo.scopes),
            "exp": .string(String(exp)),
            "expires_in": "3500",
            "access_type": "offline",
        ])
    }

    @Test func acceptsTheTokenInAFormBody() throws {
        let harness = try Harness()
        let token = try harness.accessToken()
        let response = harness.oauth.handle(HTTPRequest(
            method: "POST", target: "/tokeninfo", headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: Array(("access_token=" + token).utf8)))
        #expect(response.status == 200)
        #expect(try JSONValue.parse(response.bodyText)["expires_in"] == "3599")
    }

    @Test func rejectsUnknownExpiredAndRevokedTokens() throws {
        let harness = try Harness()
        let invalid = oauthErrorBody("invalid_token", "Invalid Value")
        func info(_ token: String) -> HTTPResponse {
            harness.oauth.handle(HTTPRequest(method: "GET", target: "/tokeninfo?access_token=" + token))
        }
        #expect(info("ya29.nope").status == 400)
        #expect(info("ya29.nope").bodyText == invalid)

        let expiring = try harness.accessToken()
        harness.clock.advance(seconds: 3599)
        #expect(info(expiring).bodyText == invalid)

        let revoked = try harness.accessToken()
        #expect(harness.authority.revoke(revoked))
        #expect(info(revoked).bodyText == invalid)

        // The v3 path answers with the description alone.
        let v3 = harness.oauth.handle(HTTPRequest(method: "GET", target: "/oauth2/v3/tokeninfo?access_token=ya29.nope"))
        #expect(v3.status == 400)
        #expect(v3.bodyText == "{\n  \"error_description\": \"Invalid Value\"\n}")
    }

    @Test func missingTokenIsInvalidRequest() throws {
        let harness = try Harness()
        let response = harness.oauth.handle(HTTPRequest(method: "GET", target: "/tokeninfo"))
        #expect(response.status == 400)
        #expect(response.bodyText == oauthErrorBody("invalid_request", "Either access_token, id_token, or token_handle required"))
    }

    @Test func reportsEmailAndSubjectOnlyWithIdentityScopes() throws {
        let clock = VirtualClockFactory.make()
        let fixtures = OAuthFixtureSet(clients: [OAuthClient(
            clientID: "1-x.apps.googleusercontent.com", clientSecret: "GOCSPX-x",
            refreshTokens: [RefreshTokenRecord(
                token: "1//0identity", email: "skipper@harbor-charters.example",
                scopes: ["openid", "https://www.googleapis.com/auth/userinfo.email"], issuedAt: clock.now(), subject: "104")])])
        let authority = GoogleTokenAuthority(fixtures: fixtures, clock: clock, tokenGenerator: .seeded(1))
        let client = try #require(fixtures.clients.first)
        let grant = try authority.refresh("1//0identity", client: client).get().grant
        let response = GoogleOAuthEmulator(authority: authority).handle(HTTPRequest(method: "GET", target: "/tokeninfo?access_token=" + grant.accessToken))
        let body = try JSONValue.parse(response.bodyText)
        #expect(body.objectValue?.map(\.0) == ["azp", "aud", "sub", "scope", "exp", "expires_in", "email", "email_verified", "access_type"])
        #expect(body["sub"] == "104")
        #expect(body["email"] == "skipper@harbor-charters.example")
        #expect(body["email_verified"] == "true")
    }
}
