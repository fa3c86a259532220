import DrydockCore
import DrydockHTTP
import GmailEmulator
import GoogleOAuthEmulator
import Testing

@Suite struct GmailProfileTests {
    static let invalidCredentialsBody = """
    {
      "error": {
        "code": 401,
        "message": "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
        "errors": [
          {
            "message": "Invalid Credentials",
            "domain": "global",
            "reason": "authError",
            "location": "Authorization",
            "locationType": "header"
          }
        ],
        "status": "UNAUTHENTICATED"
      }
    }

    """

    @Test(arguments: ["me", "bookings@harbor-charters.example", "Bookings@Harbor-Charters.example"])
    func returnsTheCallersProfile(userId: String) throws {
        let harness = try Harness()
        let token = try harness.accessToken()
        let response = harness.gmailGet("/gmail/v1/users/\(userId)/profile", bearer: token)
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"] == "application/json; charset=UTF-8")
        #expect(response.bodyText == """
        {
          "emailAddress": "bookings@harbor-charters.example",
          "messagesTotal": 87,
          "threadsTotal": 65,
          "historyId": "483920"
        }

        """)
        #expect(harness.gmail.operation(for: HTTPRequest(method: "GET", target: "/gmail/v1/users/me/profile")) == "users.getProfile")
    }

    @Test func prettyPrintFalseIsCompact() throws {
        let harness = try Harness()
        let token = try harness.accessToken(Demo.readonlyRefreshToken)
        let response = harness.gmailGet("/gmail/v1/users/me/profile?prettyPrint=false&alt=json", bearer: token)
        #expect(response.bodyText == #"{"emailAddress":"dispatch@harbor-charters.example","messagesTotal":5,"threadsTotal":4,"historyId":"91544"}"#)
    }

    @Test func accountsWithoutAProfileHaveAnEmptyMailbox() throws {
        let harness = try Harness()
        let token = try harness.accessToken(Demo.testingLiveRefreshToken, client: (Demo.testingClientID, Demo.testingClientSecret))
        // Same account as the demo token, so it has the fixture profile; an unlisted account would not.
        #expect(harness.gmailGet("/gmail/v1/users/me/profile", bearer: token).status == 200)
        #expect(GmailProfile.empty("x@y.example") == GmailProfile(emailAddress: "x@y.example", messagesTotal: 0, threadsTotal: 0, historyId: "1"))
    }

    @Test func unknownExpiredAndRevokedTokensGetGoogles401() throws {
        let harness = try Harness()
        let expired = try harness.accessToken()
        let revoked = try harness.accessToken(Demo.readonlyRefreshToken)
        harness.clock.advance(seconds: 3600)
        _ = harness.authority.revoke(Demo.readonlyRefreshToken)

        for token in ["ya29.forged", expired, revoked] {
            let response = harness.gmailGet("/gmail/v1/users/me/profile", bearer: token)
            #expect(response.status == 401)
            #expect(response.headers["WWW-Authenticate"] == "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\"")
            #expect(response.headers["Content-Type"] == "application/json; charset=UTF-8")
            #expect(response.bodyText == Self.invalidCredentialsBody)
        }
    }

    @Test func expireTokensFaultMakesGmailSay401() throws {
        let harness = try Harness()
        let token = try harness.accessToken()
        harness.oauth.expireIssuedTokens()
        #expect(harness.gmailGet("/gmail/v1/users/me/profile", bearer: token).bodyText == Self.invalidCredentialsBody)
    }

    @Test func missingCredentialsGetLoginRequired() throws {
        let harness = try Harness()
        let response = harness.gmailGet("/gmail/v1/users/me/profile")
        #expect(response.status == 401)
        #expect(response.headers["WWW-Authenticate"] == "Bearer realm=\"https://accounts.google.com/\"")
        let error = try #require(try JSONValue.parse(response.bodyText)["error"])
        #expect(error["status"] == "UNAUTHENTICATED")
        #expect(error["message"]?.stringValue?.hasPrefix("Request is missing required authentication credential.") == true)
        #expect(error["errors"] == [["message": "Login Required.", "domain": "global", "reason": "required",
                                     "location": "Authorization", "locationType": "header"]])
        #expect(error["details"]?.arrayValue?.first?["reason"] == "CREDENTIALS_MISSING")
    }

    @Test func tokenWithoutAGmailScopeGets403InsufficientScope() throws {
        let harness = try Harness()
        let token = try harness.accessToken(Demo.sheetsOnlyRefreshToken)
        let response = harness.gmailGet("/gmail/v1/users/me/profile", bearer: token)
        #expect(response.status == 403)
        #expect(response.headers["WWW-Authenticate"] == "Bearer realm=\"https://accounts.google.com/\", error=insufficient_scope, scope=\"https://mail.google.com/ https://www.googleapis.com/auth/gmail.modify https://www.googleapis.com/auth/gmail.compose https://www.googleapis.com/auth/gmail.readonly https://www.googleapis.com/auth/gmail.metadata\"")
        #expect(response.bodyText == """
        {
          "error": {
            "code": 403,
            "message": "Request had insufficient authentication scopes.",
            "errors": [
              {
                "message": "Insufficient Permission",
                "domain": "global",
                "reason": "insufficientPermissions"
              }
            ],
            "status": "PERMISSION_DENIED",
            "details": [
              {
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
                "domain": "googleapis.com",
                "metadata": {
                  "method": "caribou.api.proto.MailboxService.GetProfile",
                  "service": "gmail.googleapis.com"
                }
              }
            ]
          }
        }

        """)
    }

    @Test func gmailSendAloneCannotReadTheProfile() throws {
        let clock = VirtualClockFactory.make()
        let fixtures = OAuthFixtureSet(clients: [OAuthClient(
            clientID: "1-send.apps.googleusercontent.com", clientSecret: "GOCSPX-s",
            refreshTokens: [RefreshTokenRecord(token: "1//0send", email: "a@b.example",
                                               scopes: ["https://www.googleapis.com/auth/gmail.send"], issuedAt: clock.now())])])
        let authority = GoogleTokenAuthority(fixtures: fixtures, clock: clock)
        let grant = try authority.refresh("1//0send", client: fixtures.clients[0]).get().grant
        let gmail = GmailEmulator(authority: authority)
        let response = gmail.handle(HTTPRequest(method: "GET", target: "/gmail/v1/users/me/profile",
                                                headers: ["Authorization": "Bearer " + grant.accessToken]))
        #expect(response.status == 403)
    }

    @Test func anotherUsersMailboxIsDelegationDenied() throws {
        let harness = try Harness()
        let token = try harness.accessToken()
        let response = harness.gmailGet("/gmail/v1/users/dispatch@harbor-charters.example/profile", bearer: token)
        #expect(response.status == 403)
        #expect(response.bodyText == """
        {
          "error": {
            "code": 403,
            "message": "Delegation denied for bookings@harbor-charters.example",
            "errors": [
              {
                "message": "Delegation denied for bookings@harbor-charters.example",
                "domain": "global",
                "reason": "forbidden"
              }
            ],
            "status": "PERMISSION_DENIED"
          }
        }

        """)
    }

    @Test(arguments: ["/gmail/v1/users/me/nothing", "/gmail/v1/users/me/profile/extra", "/gmail/v1/"])
    func unknownPathsGetGoogles404Page(path: String) throws {
        let harness = try Harness()
        let token = try harness.accessToken()
        let request = HTTPRequest(method: "GET", target: path, headers: ["Authorization": "Bearer " + token])
        #expect(harness.gmail.claims(request))
        #expect(harness.gmail.operation(for: request) == "unknown")
        let response = harness.gmail.handle(request)
        #expect(response.status == 404)
        #expect(response.headers["Content-Type"] == "text/html; charset=UTF-8")
        #expect(response.bodyText.contains("The requested URL <code>\(path)</code> was not found on this server."))
    }

    @Test func wrongMethodIsUnknown() throws {
        let harness = try Harness()
        let request = HTTPRequest(method: "POST", target: "/gmail/v1/users/me/profile")
        #expect(harness.gmail.operation(for: request) == "unknown")
        #expect(harness.gmail.handle(request).status == 404)
    }

    @Test func claimsOnlyGmailPaths() throws {
        let harness = try Harness()
        #expect(!harness.gmail.claims(HTTPRequest(method: "GET", target: "/v4/spreadsheets/x")))
        #expect(!harness.gmail.claims(HTTPRequest(method: "POST", target: "/token")))
        #expect(harness.gmail.knownOperations.contains("users.getProfile"))
        let variables = harness.gmail.endpointVariables(baseURL: "http://127.0.0.1:8080")
        #expect(variables.map(\.name) == ["GMAIL_API_ENDPOINT"])
        #expect(variables.map(\.value) == ["http://127.0.0.1:8080"])
    }
}
