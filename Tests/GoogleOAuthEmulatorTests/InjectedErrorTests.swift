import DrydockCore
import DrydockHTTP
import GoogleOAuthEmulator
import Testing

@Suite struct InjectedErrorTests {
    @Test(arguments: [
        (429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).", "rateLimitExceeded"),
        (500, "INTERNAL", "Internal error encountered.", "backendError"),
        (503, "UNAVAILABLE", "The service is currently unavailable.", "backendError"),
        (400, "INVALID_ARGUMENT", "Request contains an invalid argument.", "badRequest"),
        (404, "NOT_FOUND", "Requested entity was not found.", "notFound"),
    ])
    func gmailRendersGooglesGenericError(status: Int, name: String, message: String, reason: String) throws {
        let harness = try Harness()
        let response = harness.gmail.errorResponse(status: status, for: HTTPRequest(method: "GET", target: "/gmail/v1/users/me/profile"))
        #expect(response.status == status)
        #expect(response.headers["Content-Type"] == "application/json; charset=UTF-8")
        #expect(response.bodyText == """
        {
          "error": {
            "code": \(status),
            "message": "\(message)",
            "errors": [
              {
                "message": "\(message)",
                "domain": "global",
                "reason": "\(reason)"
              }
            ],
            "status": "\(name)"
          }
        }

        """)
    }

    @Test func gmailInjected401IsTheInvalidCredentialsError() throws {
        let harness = try Harness()
        let response = harness.gmail.errorResponse(status: 401, for: HTTPRequest(method: "GET", target: "/gmail/v1/users/me/profile"))
        #expect(response.bodyText == GmailProfileTests.invalidCredentialsBody)
        #expect(response.headers["WWW-Authenticate"] == "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\"")
    }

    @Test func sheetsStyleErrorsOmitTheLegacyList() {
        let error = GoogleAPIError.canonical(status: 504, legacyErrors: false)
        #expect(error.body == ["error": ["code": 504, "message": .string(error.message), "status": "DEADLINE_EXCEEDED"]])
    }

    @Test func oauthInjectedErrorsUseTheTokenEndpointsShapes() throws {
        let harness = try Harness()
        let request = HTTPRequest(method: "POST", target: "/token")
        let internalError = harness.oauth.errorResponse(status: 500, for: request)
        #expect(internalError.status == 500)
        #expect(internalError.bodyText == "{\n  \"error\": \"internal_failure\"\n}")
        #expect(harness.oauth.errorResponse(status: 401, for: request).bodyText == oauthErrorBody("invalid_client", "Unauthorized"))
        #expect(harness.oauth.errorResponse(status: 400, for: request).bodyText == oauthErrorBody("invalid_request", "Bad Request"))

        let badGateway = harness.oauth.errorResponse(status: 502, for: request)
        #expect(badGateway.status == 502)
        #expect(badGateway.headers["Content-Type"] == "text/html; charset=UTF-8")
        #expect(badGateway.bodyText.contains("Please try again in 30 seconds."))

        let unavailable = harness.oauth.errorResponse(status: 503, for: request)
        let body = try JSONValue.parse(unavailable.bodyText)
        #expect(body == ["error": ["code": 503, "message": "The service is currently unavailable.", "status": "UNAVAILABLE"]])
        let limited = try JSONValue.parse(harness.oauth.errorResponse(status: 429, for: request).bodyText)
        #expect(limited["error"]?["status"] == "RESOURCE_EXHAUSTED")
    }

    @Test func oauthRoutingAndVariables() throws {
        let harness = try Harness()
        let cases: [(String, String, String)] = [
            ("POST", "/token", "token"), ("POST", "/oauth2/v4/token", "token"),
            ("GET", "/tokeninfo?access_token=x", "tokeninfo"), ("POST", "/oauth2/v3/tokeninfo", "tokeninfo"),
            ("POST", "/revoke?token=x", "revoke"), ("POST", "/o/oauth2/revoke", "revoke"),
        ]
        for (method, target, operation) in cases {
            let request = HTTPRequest(method: method, target: target)
            #expect(harness.oauth.claims(request))
            #expect(harness.oauth.operation(for: request) == operation)
        }
        #expect(!harness.oauth.claims(HTTPRequest(method: "GET", target: "/gmail/v1/users/me/profile")))
        #expect(harness.oauth.knownOperations == ["token", "tokeninfo", "revoke"])
        let variables = harness.oauth.endpointVariables(baseURL: "http://127.0.0.1:8080/")
        #expect(variables.map(\.name) == ["GOOGLE_OAUTH_TOKEN_URI"])
        #expect(variables.map(\.value) == ["http://127.0.0.1:8080/token"])
    }
}
