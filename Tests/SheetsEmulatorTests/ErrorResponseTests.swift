import DrydockCore
import DrydockHTTP
import GoogleOAuthEmulator
import Testing
@testable import SheetsEmulator

/// Sheets' exact error answers: 404, auth (401/403), parameter binding (400), injected statuses.
@Suite struct ErrorResponseTests {
    static let base = "/v4/spreadsheets/\(TripSheet.id)"

    func withHarness<T>(_ body: (SheetsHarness) throws -> T) throws -> T {
        let set = try TripSheet.fixtures()
        defer { set.remove() }
        return try body(SheetsHarness(fixtures: set.path))
    }

    static func body(_ code: Int, _ message: String, _ status: String) -> String {
        "{\n  \"error\": {\n    \"code\": \(code),\n    \"message\": \(JSONValue.string(message).serialized()),\n    \"status\": \"\(status)\"\n  }\n}\n"
    }

    @Test(arguments: ["/v4/spreadsheets/nope", "/v4/spreadsheets/nope/values/A1", "/v4/spreadsheets/nope/values:batchGet?ranges=A1"])
    func unknownSpreadsheetsAre404(target: String) throws {
        try withHarness { harness in
            let response = try harness.get(target)
            #expect(response.status == 404)
            #expect(response.bodyText == Self.body(404, "Requested entity was not found.", "NOT_FOUND"))
        }
    }

    @Test func aTokenWithoutASheetsScopeGets403() throws {
        try withHarness { harness in
            let token = try harness.token(Tokens.gmailOnly)
            let response = try harness.get(Self.base + "/values/August", bearer: token)
            #expect(response.status == 403)
            #expect(response.headers["WWW-Authenticate"] == "Bearer realm=\"https://accounts.google.com/\", error=insufficient_scope, scope=\"https://www.googleapis.com/auth/drive https://www.googleapis.com/auth/drive.file https://www.googleapis.com/auth/drive.readonly https://www.googleapis.com/auth/spreadsheets https://www.googleapis.com/auth/spreadsheets.readonly\"")
            #expect(response.bodyText == """
            {
              "error": {
                "code": 403,
                "message": "Request had insufficient authentication scopes.",
                "status": "PERMISSION_DENIED",
                "details": [
                  {
                    "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                    "reason": "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
                    "domain": "googleapis.com",
                    "metadata": {
                      "method": "google.apps.sheets.v4.SpreadsheetsService.GetValues",
                      "service": "sheets.googleapis.com"
                    }
                  }
                ]
              }
            }

            """)
            let get = try harness.get(Self.base, bearer: token)
            #expect(try JSONValue.parse(get.bodyText)["error"]?["details"]?.arrayValue?.first?["metadata"]?["method"]
                    == "google.apps.sheets.v4.SpreadsheetsService.GetSpreadsheet")
        }
    }

    @Test func everyReadScopeIsAccepted() throws {
        try withHarness { harness in
            // bookings@ holds spreadsheets.readonly among Gmail scopes.
            let response = try harness.get(Self.base + "/values/August!A1", bearer: harness.token(Tokens.bookings))
            #expect(response.status == 200)
        }
    }

    @Test func badTokensGet401WithoutALegacyErrorsList() throws {
        try withHarness { harness in
            let expired = try harness.token()
            harness.clock.advance(seconds: 7200)
            for token in ["ya29.forged", expired] {
                let response = try harness.get(Self.base + "/values/August", bearer: token)
                #expect(response.status == 401)
                #expect(response.headers["WWW-Authenticate"] == "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\"")
                #expect(response.bodyText == Self.body(401, "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.", "UNAUTHENTICATED"))
            }
        }
    }

    @Test func noCredentialsAsksForAnAPIKey() throws {
        try withHarness { harness in
            let response = try harness.get(Self.base + "/values/August", bearer: "")
            #expect(response.status == 403)
            #expect(response.bodyText == Self.body(403, "The request is missing a valid API key.", "PERMISSION_DENIED"))
            let keyed = try harness.get(Self.base + "/values/August?key=AIzaSyNotARealKey", bearer: "")
            #expect(keyed.status == 400)
            let error = try JSONValue.parse(keyed.bodyText)["error"]
            #expect(error?["message"] == "API key not valid. Please pass a valid API key.")
            #expect(error?["details"]?.arrayValue?.first?["reason"] == "API_KEY_INVALID")
        }
    }

    @Test func accessTokenQueryParameterWorks() throws {
        try withHarness { harness in
            let token = try harness.token()
            #expect(try harness.get(Self.base + "/values/August!A1?access_token=" + token, bearer: "").status == 200)
        }
    }

    @Test func oauthTokenQueryParameterWorksLikeAccessToken() throws {
        try withHarness { harness in
            let token = try harness.token()
            #expect(try harness.get(Self.base + "/values/August!A1?oauth_token=" + token, bearer: "").status == 200)
            let forged = try harness.get(Self.base + "/values/August!A1?oauth_token=ya29.forged", bearer: "")
            #expect(forged.status == 401)
        }
    }

    @Test(arguments: [
        ("valueRenderOption=FOO", "Invalid value at 'value_render_option' (type.googleapis.com/google.apps.sheets.v4.ValueRenderOption), \"FOO\"", "value_render_option"),
        ("valueRenderOption=formatted_value", "Invalid value at 'value_render_option' (type.googleapis.com/google.apps.sheets.v4.ValueRenderOption), \"formatted_value\"", "value_render_option"),
        ("majorDimension=DIAGONAL", "Invalid value at 'major_dimension' (type.googleapis.com/google.apps.sheets.v4.Dimension), \"DIAGONAL\"", "major_dimension"),
        ("dateTimeRenderOption=ISO", "Invalid value at 'date_time_render_option' (type.googleapis.com/google.apps.sheets.v4.DateTimeRenderOption), \"ISO\"", "date_time_render_option"),
    ])
    func invalidEnumValuesAre400(query: String, message: String, field: String) throws {
        try withHarness { harness in
            let response = try harness.get(Self.base + "/values/August?" + query)
            #expect(response.status == 400)
            let error = try #require(try JSONValue.parse(response.bodyText)["error"])
            #expect(error == [
                "code": 400,
                "message": .string(message),
                "status": "INVALID_ARGUMENT",
                "details": [["@type": "type.googleapis.com/google.rpc.BadRequest",
                             "fieldViolations": [["field": .string(field), "description": .string(message)]]]],
            ])
        }
    }

    @Test func unknownParametersAre400() throws {
        try withHarness { harness in
            let response = try harness.get(Self.base + "/values/August?ranges=A1")
            #expect(response.status == 400)
            let message = "Invalid JSON payload received. Unknown name \"ranges\": Cannot bind query parameter. Field 'ranges' could not be found in request message."
            #expect(try JSONValue.parse(response.bodyText)["error"]?["message"] == .string(message))
            let grid = try harness.get(Self.base + "?includeGridData=maybe")
            #expect(try JSONValue.parse(grid.bodyText)["error"]?["message"] == "Invalid value at 'include_grid_data' (TYPE_BOOL), \"maybe\"")
        }
    }

    @Test(arguments: [("GET", "/v4/spreadsheets/x/sheets"), ("POST", "/v4/spreadsheets/x/values/A1"), ("GET", "/v4/spreadsheets/"), ("GET", "/v4/spreadsheets/x/values/")])
    func unknownPathsGetGooglesHTML404(method: String, target: String) throws {
        try withHarness { harness in
            let token = try harness.token()
            let response = harness.sheets.handle(HTTPRequest(method: method, target: target, headers: ["Authorization": "Bearer " + token]))
            #expect(response.status == 404)
            #expect(response.headers["Content-Type"] == "text/html; charset=UTF-8")
            #expect(harness.sheets.operation(for: HTTPRequest(method: method, target: target)) == "unknown")
        }
    }

    @Test func quotaErrorsNameTheCallersProject() throws {
        try withHarness { harness in
            let token = try harness.token()
            let request = HTTPRequest(method: "GET", target: Self.base + "/values/August", headers: ["Authorization": "Bearer " + token])
            let response = harness.sheets.errorResponse(status: 429, for: request)
            #expect(response.status == 429)
            #expect(response.bodyText == """
            {
              "error": {
                "code": 429,
                "message": "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' of service 'sheets.googleapis.com' for consumer 'project_number:1234567890'.",
                "status": "RESOURCE_EXHAUSTED",
                "details": [
                  {
                    "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                    "reason": "RATE_LIMIT_EXCEEDED",
                    "domain": "googleapis.com",
                    "metadata": {
                      "quota_location": "global",
                      "quota_metric": "sheets.googleapis.com/read_requests",
                      "quota_limit": "ReadRequestsPerMinutePerUser",
                      "quota_limit_value": "60",
                      "consumer": "projects/1234567890",
                      "service": "sheets.googleapis.com"
                    }
                  },
                  {
                    "@type": "type.googleapis.com/google.rpc.Help",
                    "links": [
                      {
                        "description": "Request a higher quota limit.",
                        "url": "https://cloud.google.com/docs/quota#requesting_higher_quota"
                      }
                    ]
                  }
                ]
              }
            }

            """)
        }
    }

    @Test(arguments: [(500, "Internal error encountered.", "INTERNAL"), (503, "The service is currently unavailable.", "UNAVAILABLE"),
                      (400, "Request contains an invalid argument.", "INVALID_ARGUMENT")])
    func injectedStatusesAreCanonicalWithoutErrorsList(status: Int, message: String, name: String) throws {
        try withHarness { harness in
            let response = harness.sheets.errorResponse(status: status, for: HTTPRequest(method: "GET", target: Self.base + "?prettyPrint=false"))
            #expect(response.status == status)
            #expect(response.bodyText == "{\"error\":{\"code\":\(status),\"message\":\"\(message)\",\"status\":\"\(name)\"}}")
        }
    }

    @Test func operationsAndEnvironment() throws {
        try withHarness { harness in
            let sheets = harness.sheets
            #expect(sheets.service == "sheets")
            #expect(sheets.knownOperations == [
                "spreadsheets.get", "spreadsheets.create", "spreadsheets.batchUpdate", "spreadsheets.getByDataFilter",
                "spreadsheets.sheets.copyTo", "spreadsheets.developerMetadata.get", "spreadsheets.developerMetadata.search", "spreadsheets.values.get",
                "spreadsheets.values.batchGet", "spreadsheets.values.update", "spreadsheets.values.append", "spreadsheets.values.clear",
                "spreadsheets.values.batchUpdate", "spreadsheets.values.batchClear", "spreadsheets.values.batchGetByDataFilter",
                "spreadsheets.values.batchUpdateByDataFilter", "spreadsheets.values.batchClearByDataFilter",
            ])
            #expect(sheets.operation(for: HTTPRequest(method: "PUT", target: "/v4/spreadsheets/abc/values/A1")) == "spreadsheets.values.update")
            #expect(sheets.operation(for: HTTPRequest(method: "POST", target: "/v4/spreadsheets/abc/values/Sheet1!A1:B2:append")) == "spreadsheets.values.append")
            #expect(sheets.operation(for: HTTPRequest(method: "POST", target: "/v4/spreadsheets/abc/values/A1%3Aclear")) == "spreadsheets.values.clear")
            #expect(sheets.operation(for: HTTPRequest(method: "POST", target: "/v4/spreadsheets/abc:batchUpdate")) == "spreadsheets.batchUpdate")
            #expect(sheets.operation(for: HTTPRequest(method: "POST", target: "/v4/spreadsheets")) == "spreadsheets.create")
            #expect(sheets.operation(for: HTTPRequest(method: "POST", target: "/v4/spreadsheets/abc:getByDataFilter")) == "spreadsheets.getByDataFilter")
            #expect(sheets.operation(for: HTTPRequest(method: "POST", target: "/v4/spreadsheets/abc/sheets/0:copyTo")) == "spreadsheets.sheets.copyTo")
            #expect(sheets.operation(for: HTTPRequest(method: "GET", target: "/v4/spreadsheets/abc/developerMetadata/7")) == "spreadsheets.developerMetadata.get")
            #expect(sheets.operation(for: HTTPRequest(method: "POST", target: "/v4/spreadsheets/abc/developerMetadata:search")) == "spreadsheets.developerMetadata.search")
            #expect(sheets.operation(for: HTTPRequest(method: "DELETE", target: "/v4/spreadsheets/abc")) == "unknown")
            #expect(sheets.operation(for: HTTPRequest(method: "GET", target: "/v4/spreadsheets/abc")) == "spreadsheets.get")
            #expect(sheets.operation(for: HTTPRequest(method: "GET", target: "/v4/spreadsheets/abc/values/A1%3AB2")) == "spreadsheets.values.get")
            #expect(sheets.operation(for: HTTPRequest(method: "GET", target: "/v4/spreadsheets/abc/values:batchGet?ranges=A1")) == "spreadsheets.values.batchGet")
            #expect(sheets.operation(for: HTTPRequest(method: "GET", target: "/v4/spreadsheets/abc/values%3AbatchGet")) == "spreadsheets.values.batchGet")
            #expect(sheets.claims(HTTPRequest(method: "POST", target: "/v4/spreadsheets")))
            #expect(!sheets.claims(HTTPRequest(method: "GET", target: "/v4/spreadsheetsX")))
            #expect(!sheets.claims(HTTPRequest(method: "GET", target: "/gmail/v1/users/me/profile")))
            let variables = sheets.endpointVariables(baseURL: "http://127.0.0.1:8580/")
            #expect(variables.map(\.name) == ["SHEETS_API_ENDPOINT"])
            #expect(variables.map(\.value) == ["http://127.0.0.1:8580"])
            #expect(sheets.spreadsheetIDs == [TripSheet.id])
        }
    }
}
