import DrydockCore
import DrydockHTTP
import Foundation
import GoogleOAuthEmulator
import Testing

@Suite struct TokenEndpointTests {
    @Test func refreshIssuesGoogleShapedToken() throws {
        let harness = try Harness()
        let response = harness.refresh()
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"] == "application/json; charset=utf-8")
        #expect(response.headers["Cache-Control"]?.contains("no-store") == true)
        #expect(response.headers["Pragma"] == "no-cache")

        let body = try JSONValue.parse(response.bodyText)
        let token = try #require(body["access_token"]?.stringValue)
        #expect(token.hasPrefix("ya29."))
        #expect(token.count > 100)
        #expect(token.dropFirst(5).allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        #expect(body.objectValue?.map(\.0) == ["access_token", "expires_in", "scope", "token_type"])
        #expect(body["expires_in"] == .number(3599))
        #expect(body["scope"]?.stringValue == Demo.scopes)
        #expect(body["token_type"]?.stringValue == "Bearer")
        #expect(response.bodyText.hasPrefix("{\n  \"access_token\": \"ya29."))
    }

    @Test func everyRefreshMintsANewToken() throws {
        let harness = try Harness()
        let first = try harness.accessToken()
        let second = try harness.accessToken()
        #expect(first != second)
        #expect(harness.authority.issuedTokens.count == 2)
    }

    @Test(arguments: ["/token", "/oauth2/v4/token"])
    func acceptsHTTPBasicClientAuthentication(path: String) throws {
        let harness = try Harness()
        let credentials = Data("\(Demo.clientID):\(Demo.clientSecret)".utf8).base64EncodedString()
        let response = harness.token(
            [("grant_type", "refresh_token"), ("refresh_token", Demo.refreshToken)],
            headers: ["Authorization": "Basic " + credentials], path: path)
        #expect(response.status == 200)
        #expect(try JSONValue.parse(response.bodyText)["token_type"]?.stringValue == "Bearer")
    }

    @Test func readsParametersFromTheQueryString() throws {
        let harness = try Harness()
        let query = FormEncoding.encode([("grant_type", "refresh_token"), ("client_id", Demo.clientID),
                                         ("client_secret", Demo.clientSecret), ("refresh_token", Demo.refreshToken)])
        let response = harness.oauth.handle(HTTPRequest(method: "POST", target: "/token?" + query))
        #expect(response.status == 200)
    }

    @Test func scopeParameterNarrowsTheGrant() throws {
        let harness = try Harness()
        let readonly = "https://www.googleapis.com/auth/gmail.readonly"
        let narrowed = harness.token([("grant_type", "refresh_token"), ("client_id", Demo.clientID), ("client_secret", Demo.clientSecret),
                                      ("refresh_token", Demo.refreshToken), ("scope", readonly)])
        #expect(narrowed.status == 200)
        #expect(try JSONValue.parse(narrowed.bodyText)["scope"]?.stringValue == readonly)

        let widened = harness.token([("grant_type", "refresh_token"), ("client_id", Demo.clientID), ("client_secret", Demo.clientSecret),
                                     ("refresh_token", Demo.readonlyRefreshToken), ("scope", "https://mail.google.com/")])
        #expect(widened.status == 400)
        #expect(widened.bodyText == oauthErrorBody("invalid_scope", "Bad Request"))
    }

    struct ErrorCase: Sendable, CustomStringConvertible {
        let name: String
        let form: [(String, String)]
        let status: Int
        let body: String
        var description: String { name }
    }

    static let errorCases: [ErrorCase] = [
        ErrorCase(name: "unknown client", form: [("grant_type", "refresh_token"), ("client_id", "999-nobody.apps.googleusercontent.com"),
                                                 ("client_secret", Demo.clientSecret), ("refresh_token", Demo.refreshToken)],
                  status: 401, body: oauthErrorBody("invalid_client", "The OAuth client was not found.")),
        ErrorCase(name: "wrong secret", form: [("grant_type", "refresh_token"), ("client_id", Demo.clientID),
                                               ("client_secret", "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n"), ("refresh_token", Demo.refreshToken)],
                  status: 401, body: oauthErrorBody("invalid_client", "Unauthorized")),
        ErrorCase(name: "revoked refresh token", form: [("grant_type", "refresh_token"), ("client_id", Demo.clientID),
                                                        ("client_secret", Demo.clientSecret), ("refresh_token", Demo.revokedRefreshToken)],
                  status: 400, body: oauthErrorBody("invalid_grant", "Token has been expired or revoked.")),
        ErrorCase(name: "unknown well-formed refresh token", form: [("grant_type", "refresh_token"), ("client_id", Demo.clientID),
                                                                    ("client_secret", Demo.clientSecret), ("refresh_token", "1//0unknownunknownunknown")],
                  status: 400, body: oauthErrorBody("invalid_grant", "Token has been expired or revoked.")),
        ErrorCase(name: "garbage refresh token", form: [("grant_type", "refresh_token"), ("client_id", Demo.clientID),
                                                        ("client_secret", Demo.clientSecret), ("refresh_token", "not-a-token")],
                  status: 400, body: oauthErrorBody("invalid_grant", "Bad Request")),
        ErrorCase(name: "another client's refresh token", form: [("grant_type", "refresh_token"), ("client_id", Demo.testingClientID),
                                                                 ("client_secret", Demo.testingClientSecret), ("refresh_token", Demo.refreshToken)],
                  status: 401, body: oauthErrorBody("unauthorized_client", "Unauthorized")),
        ErrorCase(name: "testing client, consent 8 days old", form: [("grant_type", "refresh_token"), ("client_id", Demo.testingClientID),
                                                                     ("client_secret", Demo.testingClientSecret), ("refresh_token", Demo.testingExpiredRefreshToken)],
                  status: 400, body: oauthErrorBody("invalid_grant", "Token has been expired or revoked.")),
        ErrorCase(name: "unauthorized client", form: [("grant_type", "refresh_token"), ("client_id", Demo.blockedClientID),
                                                      ("client_secret", Demo.blockedClientSecret), ("refresh_token", Demo.refreshToken)],
                  status: 401, body: oauthErrorBody("unauthorized_client", "Unauthorized")),
        ErrorCase(name: "missing refresh_token", form: [("grant_type", "refresh_token"), ("client_id", Demo.clientID), ("client_secret", Demo.clientSecret)],
                  status: 400, body: oauthErrorBody("invalid_request", "Missing required parameter: refresh_token")),
        ErrorCase(name: "missing client_id", form: [("grant_type", "refresh_token"), ("client_secret", Demo.clientSecret), ("refresh_token", Demo.refreshToken)],
                  status: 400, body: oauthErrorBody("invalid_request", "Could not determine client ID from request.")),
        ErrorCase(name: "missing client_secret", form: [("grant_type", "refresh_token"), ("client_id", Demo.clientID), ("refresh_token", Demo.refreshToken)],
                  status: 400, body: oauthErrorBody("invalid_request", "client_secret is missing.")),
        ErrorCase(name: "missing grant_type", form: [("client_id", Demo.clientID), ("client_secret", Demo.clientSecret), ("refresh_token", Demo.refreshToken)],
                  status: 400, body: oauthErrorBody("unsupported_grant_type", "Invalid grant_type: ")),
        ErrorCase(name: "unsupported grant_type", form: [("grant_type", "password"), ("client_id", Demo.clientID), ("client_secret", Demo.clientSecret)],
                  status: 400, body: oauthErrorBody("unsupported_grant_type", "Invalid grant_type: password")),
        ErrorCase(name: "authorization code never issued", form: [("grant_type", "authorization_code"), ("client_id", Demo.clientID),
                                                                  ("client_secret", Demo.clientSecret), ("code", "4/0AbCdEf")],
                  status: 400, body: oauthErrorBody("invalid_grant", "Malformed auth code.")),
    ]

    @Test(arguments: errorCases)
    func errorsMatchGoogleExactly(_ errorCase: ErrorCase) throws {
        let harness = try Harness()
        let response = harness.token(errorCase.form)
        #expect(response.status == errorCase.status)
        #expect(response.bodyText == errorCase.body)
        #expect(response.headers["Content-Type"] == "application/json; charset=utf-8")
        #expect(harness.authority.issuedTokens.isEmpty)
    }

    @Test func testingClientRefreshTokensExpireSevenDaysAfterConsent() throws {
        let harness = try Harness()
        let client = (Demo.testingClientID, Demo.testingClientSecret)
        let fresh = harness.refresh(Demo.testingLiveRefreshToken, client: client)
        #expect(fresh.status == 200)
        // Consent was a day before load: six days left, reported as Google does for Testing clients.
        let body = try JSONValue.parse(fresh.bodyText)
        #expect(body["refresh_token_expires_in"] == .number(6 * 86400))
        #expect(body.objectValue?.map(\.0) == ["access_token", "expires_in", "refresh_token_expires_in", "scope", "token_type"])

        harness.clock.advance(seconds: 6 * 86400 - 1)
        #expect(harness.refresh(Demo.testingLiveRefreshToken, client: client).status == 200)
        harness.clock.advance(seconds: 1)
        let expired = harness.refresh(Demo.testingLiveRefreshToken, client: client)
        #expect(expired.status == 400)
        #expect(expired.bodyText == oauthErrorBody("invalid_grant", "Token has been expired or revoked."))
    }

    @Test func productionRefreshTokensDoNotExpire() throws {
        let harness = try Harness()
        harness.clock.advance(seconds: 400 * 86400)
        #expect(harness.refresh().status == 200)
    }

    @Test func nonFormBodyIsInvalidRequest() throws {
        let harness = try Harness()
        let response = harness.oauth.handle(HTTPRequest(
            method: "POST", target: "/token", headers: ["Content-Type": "application/json"],
            body: Array(#"{"grant_type":"refresh_token"}"#.utf8)))
        #expect(response.status == 400)
        #expect(response.bodyText == oauthErrorBody("invalid_request", "Bad Request"))
    }

    @Test(arguments: ["GET", "PUT", "DELETE"])
    func wrongMethodIs405(method: String) throws {
        let harness = try Harness()
        let response = harness.oauth.handle(HTTPRequest(method: method, target: "/token"))
        #expect(response.status == 405)
        #expect(response.headers["Allow"] == "POST")
        #expect(response.headers["Content-Type"] == "text/html; charset=UTF-8")
        #expect(response.bodyText.contains("Error 405 (Method Not Allowed)!!1"))
    }
}
