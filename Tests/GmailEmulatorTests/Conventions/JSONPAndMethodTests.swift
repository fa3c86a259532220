import DrydockCore
import DrydockHTTP
import EmulatorKit
@testable import GmailEmulator
import GoogleOAuthEmulator
import Testing

/// The `callback` (JSONP) system parameter and a wrong HTTP method on a known path, on Gmail (the same
/// checks run on Sheets in `SheetsConventionsTests`).
@Suite struct GmailJSONPAndMethodTests {
    func harness() throws -> (GmailTestHarness, GoogleAPIEmulator) {
        let files = ["m1.eml": MailFixtures.plain(subject: "Message 1", date: "Mon, 01 Jun 2026 08:00:00 +0000", body: "charter 1")]
        let harness = try GmailTestHarness(mailboxes: [GmailTestHarness.owner: files])
        return (harness, harness.gmail.withGoogleConventions())
    }

    func request(_ target: String, method: String = "GET", token: String) -> HTTPRequest {
        HTTPRequest(method: method, target: target, headers: ["Authorization": "Bearer " + token])
    }

    @Test func callbackWrapsTheAnswerAsJSONP() throws {
        let (harness, api) = try harness()
        let response = api.handle(request("/gmail/v1/users/me/profile?fields=emailAddress&prettyPrint=false&callback=google.handle_1", token: try harness.token()))
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"] == "text/javascript; charset=UTF-8")
        #expect(response.bodyText == "// API callback\ngoogle.handle_1({\"emailAddress\":\"\(GmailTestHarness.owner)\"});\n")
    }

    @Test func callbackWrapsErrorsKeepingTheirStatus() throws {
        let (harness, api) = try harness()
        let response = api.handle(request("/gmail/v1/users/me/messages/0123456789abcdef?callback=cb", token: try harness.token()))
        #expect(response.status == 404)
        #expect(response.bodyText.hasPrefix("// API callback\ncb({"))
        #expect(response.bodyText.hasSuffix("});\n"))
    }

    @Test(arguments: ["alert(1)", "a..b", "1abc", "x;y", String(repeating: "a", count: 257)])
    func callbackThatIsNoIdentifierIs400(_ name: String) throws {
        let (harness, api) = try harness()
        let encoded = PercentEncoding.encode(name)
        let response = api.handle(request("/gmail/v1/users/me/profile?callback=" + encoded, token: try harness.token()))
        #expect(response.status == 400)
        #expect(response.headers["Content-Type"]?.hasPrefix("application/json") == true)
        #expect(try JSONValue.parse(response.body)["error"]?["message"]?.stringValue
            == "Invalid query parameters. Invalid value '\(name)' for system query parameter : callback")
    }

    @Test(arguments: [("DELETE", "/gmail/v1/users/me/profile"), ("PUT", "/gmail/v1/users/me/messages"), ("GET", "/gmail/v1/users/me/messages/abc/modify"), ("PUT", "/gmail/v1/users/me/labels")])
    func wrongMethodOnAKnownPathIsTheHTML404(_ method: String, _ path: String) throws {
        let (harness, api) = try harness()
        let response = api.handle(request(path, method: method, token: try harness.token()))
        #expect(response.status == 404)
        #expect(response.headers["Content-Type"] == "text/html; charset=UTF-8")
    }
}
