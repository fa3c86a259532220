import DrydockCore
import DrydockHTTP
import GoogleOAuthEmulator
@testable import SheetsEmulator
import Testing

/// Google's API conventions around the Sheets emulator, over the default fixtures.
@Suite struct SheetsConventionsTests {
    static let spreadsheet = "/v4/spreadsheets/1TrIpShEeTsHaRbOrChArTeRs2026DrYdOcKdEmO0a"

    func harness() throws -> (SheetsHarness, GoogleAPIEmulator) {
        let harness = try SheetsHarness(fixtures: FixtureSet.defaultFixtures)
        return (harness, harness.sheets.withGoogleConventions())
    }

    func get(_ api: GoogleAPIEmulator, _ target: String, token: String) -> HTTPResponse {
        api.handle(HTTPRequest(method: "GET", target: target, headers: ["Authorization": "Bearer " + token]))
    }

    @Test func fieldsWithDotsAndParentheses() throws {
        let (harness, api) = try harness()
        let response = get(api, Self.spreadsheet + "?fields=sheets.properties(title,sheetId)&prettyPrint=false", token: try harness.token())
        #expect(response.status == 200)
        let sheets = try #require(try JSONValue.parse(response.body)["sheets"]?.arrayValue)
        #expect(!sheets.isEmpty)
        #expect(sheets.allSatisfy { $0["properties"]?.objectValue?.map(\.0) == ["sheetId", "title"] })
    }

    @Test func fieldsNamingNoSheetsFieldIsGooglesError() throws {
        let (harness, api) = try harness()
        let response = get(api, Self.spreadsheet + "?fields=sheets.sheetProperties", token: try harness.token())
        #expect(response.status == 400)
        let error = try #require(try JSONValue.parse(response.body)["error"])
        #expect(error["errors"] == nil)  // Sheets sends no legacy list
        #expect(error["details"]?.arrayValue?.first?["fieldViolations"]?.arrayValue?.first?["description"]
            == "Error expanding 'fields' parameter. Cannot find matching fields for path 'sheets.sheetProperties'.")
    }

    @Test func unknownParameterOnAPathNoMethodServesIsStillTheHTML404() throws {
        let (harness, api) = try harness()
        // No Sheets method is `values/{range}:frobnicate`: the route decides before the parameters.
        let response = api.handle(HTTPRequest(method: "POST", target: Self.spreadsheet + "/values/A1:frobnicate?bogus=1",
                                              headers: ["Authorization": "Bearer " + (try harness.token())]))
        #expect(response.status == 404)
        #expect(response.headers["Content-Type"] == "text/html; charset=UTF-8")
    }

    @Test func batchAnswersEachRequest501() throws {
        let (harness, api) = try harness()
        let body = "--b\r\nContent-Type: application/http\r\nContent-ID: <q + 1>\r\n\r\nGET \(Self.spreadsheet) HTTP/1.1\r\n\r\n--b--\r\n"
        let response = api.handle(HTTPRequest(method: "POST", target: "/batch/sheets/v4",
                                              headers: ["Authorization": "Bearer " + (try harness.token()), "Content-Type": "multipart/mixed; boundary=b"],
                                              body: Array(body.utf8)))
        #expect(response.status == 200)
        let text = response.bodyText
        #expect(text.contains("Content-ID: <response-q + 1>\r\n\r\nHTTP/1.1 501 Not Implemented\r\n"))
        #expect(text.contains("\"message\": \"Operation is not implemented, or supported, or enabled.\""))
        #expect(text.contains("\"status\": \"UNIMPLEMENTED\""))
    }
}

/// The `callback` (JSONP) system parameter and a wrong HTTP method on a known path, on Sheets (as on
/// Gmail: `GmailJSONPAndMethodTests`).
@Suite struct SheetsJSONPAndMethodTests {
    static let spreadsheet = SheetsConventionsTests.spreadsheet

    @Test func callbackWrapsTheAnswerAsJSONP() throws {
        let harness = try SheetsHarness(fixtures: FixtureSet.defaultFixtures)
        let api = harness.sheets.withGoogleConventions()
        let response = api.handle(HTTPRequest(method: "GET", target: Self.spreadsheet + "?fields=spreadsheetId&prettyPrint=false&callback=handleSheet",
                                              headers: ["Authorization": "Bearer " + (try harness.token())]))
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"] == "text/javascript; charset=UTF-8")
        #expect(response.bodyText == "// API callback\nhandleSheet({\"spreadsheetId\":\"1TrIpShEeTsHaRbOrChArTeRs2026DrYdOcKdEmO0a\"});\n")
    }

    @Test func invalidCallbackIs400InSheetsShape() throws {
        let harness = try SheetsHarness(fixtures: FixtureSet.defaultFixtures)
        let api = harness.sheets.withGoogleConventions()
        let response = api.handle(HTTPRequest(method: "GET", target: Self.spreadsheet + "?callback=x%3Dy",
                                              headers: ["Authorization": "Bearer " + (try harness.token())]))
        #expect(response.status == 400)
        let error = try #require(try JSONValue.parse(response.body)["error"])
        #expect(error["message"] == "Invalid query parameters. Invalid value 'x=y' for system query parameter : callback")
        #expect(error["errors"] == nil)
    }

    @Test(arguments: [("DELETE", ""), ("PUT", ""), ("DELETE", "/values/A1"), ("GET", "/values:batchUpdate"), ("PATCH", "/values/A1:append")])
    func wrongMethodOnAKnownPathIsTheHTML404(_ method: String, _ path: String) throws {
        let harness = try SheetsHarness(fixtures: FixtureSet.defaultFixtures)
        let api = harness.sheets.withGoogleConventions()
        let response = api.handle(HTTPRequest(method: method, target: Self.spreadsheet + path, headers: ["Authorization": "Bearer " + (try harness.token())]))
        #expect(response.status == 404)
        #expect(response.headers["Content-Type"] == "text/html; charset=UTF-8")
    }
}
