import DrydockCore
import DrydockHTTP
import EmulatorKit
@testable import GmailEmulator
import GoogleOAuthEmulator
import Testing

/// Google's API conventions (`GoogleAPIEmulator`) around the Gmail emulator: what every method gets
/// without code of its own.
@Suite struct GoogleConventionsTests {
    static let owner = GmailTestHarness.owner

    func harness() throws -> (GmailTestHarness, GoogleAPIEmulator) {
        var files: [String: String] = [:]
        for day in 1...3 {
            files["m\(day).eml"] = MailFixtures.plain(subject: "Message \(day)", date: "Mon, 0\(day) Jun 2026 08:00:00 +0000", body: "charter \(day)")
        }
        let harness = try GmailTestHarness(mailboxes: [Self.owner: files])
        return (harness, harness.gmail.withGoogleConventions())
    }

    func request(_ target: String, method: String = "GET", token: String?, headers: HTTPHeaders = [:], body: [UInt8] = []) -> HTTPRequest {
        var all = headers
        if let token { all.set("Authorization", "Bearer " + token) }
        return HTTPRequest(method: method, target: target, headers: all, body: body)
    }

    func json(_ response: HTTPResponse) throws -> JSONValue { try JSONValue.parse(response.body) }

    @Test func fieldsCutsSuccessBodies() throws {
        let (harness, api) = try harness()
        let token = try harness.token()
        let response = api.handle(request("/gmail/v1/users/me/messages?fields=messages(id),resultSizeEstimate&prettyPrint=false", token: token))
        #expect(response.status == 200)
        let body = try json(response)
        #expect(body.objectValue?.map(\.0) == ["messages", "resultSizeEstimate"])
        #expect(body["messages"]?.arrayValue?.allSatisfy { $0.objectValue?.map(\.0) == ["id"] } == true)
        #expect(!response.bodyText.contains("\n"))
        let profile = api.handle(request("/gmail/v1/users/me/profile?fields=emailAddress", token: token))
        #expect(profile.bodyText == "{\n  \"emailAddress\": \"\(Self.owner)\"\n}\n")
    }

    @Test func fieldsNeverCutsErrors() throws {
        let (harness, api) = try harness()
        let response = api.handle(request("/gmail/v1/users/me/messages/0123456789abcdef?fields=id", token: try harness.token()))
        #expect(response.status == 404)
        #expect(try json(response)["error"]?["message"] != nil)
    }

    @Test func malformedFieldsIs400WithGooglesDetail() throws {
        let (harness, api) = try harness()
        let response = api.handle(request("/gmail/v1/users/me/messages?fields=messages(id", token: try harness.token()))
        #expect(response.status == 400)
        let error = try #require(try json(response)["error"])
        #expect(error["message"] == "Request contains an invalid argument.")
        #expect(error["status"] == "INVALID_ARGUMENT")
        #expect(error["errors"]?.arrayValue?.first?["reason"] == "badRequest")
        let violation = error["details"]?.arrayValue?.first?["fieldViolations"]?.arrayValue?.first
        #expect(violation?["field"] == "messages(id")
        #expect(violation?["description"] == "Error expanding 'fields' parameter. Cannot find matching fields for path 'messages.'.")
    }

    @Test(arguments: [
        ("emailAddres", "emailAddres"), ("messagesTotal,historyId/x", "historyId.x"),
    ])
    func fieldsNamingWhatTheProfileCannotHaveIs400(_ mask: String, _ path: String) throws {
        let (harness, api) = try harness()
        let response = api.handle(request("/gmail/v1/users/me/profile?fields=\(mask)", token: try harness.token()))
        #expect(response.status == 400)
        let violation = try json(response)["error"]?["details"]?.arrayValue?.first?["fieldViolations"]?.arrayValue?.first
        #expect(violation?["field"] == .string(mask))
        #expect(violation?["description"] == .string("Error expanding 'fields' parameter. Cannot find matching fields for path '\(path)'."))
    }

    @Test func fieldsAreCheckedAgainstTheResponseSchemaNotTheAnswer() throws {
        let (harness, api) = try harness()
        // nextPageToken is in ListMessagesResponse although this answer has none; payload/headers nests.
        let listing = api.handle(request("/gmail/v1/users/me/messages?fields=nextPageToken,messages/payload/headers/name", token: try harness.token()))
        #expect(listing.status == 200)
        let typo = api.handle(request("/gmail/v1/users/me/messages?fields=messages(id,threadID)", token: try harness.token()))
        #expect(typo.status == 400)
        #expect(typo.bodyText.contains("Cannot find matching fields for path 'messages.threadID'."))
    }

    @Test func unknownQueryParameterIsCannotBind() throws {
        let (harness, api) = try harness()
        let response = api.handle(request("/gmail/v1/users/me/labels?xyz=1", token: try harness.token()))
        #expect(response.status == 400)
        let error = try #require(try json(response)["error"])
        #expect(error["message"] == #"Invalid JSON payload received. Unknown name "xyz": Cannot bind query parameter. Field 'xyz' could not be found in request message."#)
        #expect(error["errors"]?.arrayValue?.first?["reason"] == "invalid")
    }

    @Test func systemAndOwnParametersAreAccepted() throws {
        let (harness, api) = try harness()
        let target = "/gmail/v1/users/me/messages?quotaUser=ops&key=k&alt=JSON&$.xgafv=2&upload_protocol=raw&max_results=2&includeSpamTrash=false&callback="
        let response = api.handle(request(target, token: try harness.token()))
        #expect(response.status == 200)
    }

    @Test func xgafv2LeavesTheLegacyErrorsListOut() throws {
        let (harness, api) = try harness()
        let token = try harness.token()
        let v2 = api.handle(request("/gmail/v1/users/me/labels?xyz=1&%24.xgafv=1&%24.xgafv=2", token: token))
        #expect(v2.status == 400)
        #expect(try json(v2)["error"]?["errors"] == nil)
        let v1 = api.handle(request("/gmail/v1/users/me/labels?xyz=1&%24.xgafv=2&%24.xgafv=1", token: token))
        #expect(try json(v1)["error"]?["errors"]?.arrayValue?.count == 1)
    }

    @Test func unauthenticatedCallerGetsTheAuthErrorFirst() throws {
        let (_, api) = try harness()
        #expect(api.handle(request("/gmail/v1/users/me/labels?xyz=1", token: nil)).status == 401)
    }

    @Test(arguments: [("media", #"Unsupported alt type "media" for non byte stream request."#), ("proto", #"Invalid value "proto" for query parameter 'alt'"#)])
    func altOtherThanJSONIs400(_ alt: String, _ message: String) throws {
        let (harness, api) = try harness()
        let response = api.handle(request("/gmail/v1/users/me/profile?alt=\(alt)", token: try harness.token()))
        #expect(response.status == 400)
        #expect(try json(response)["error"]?["message"] == .string(message))
    }

    @Test func badXgafvIs400() throws {
        let (harness, api) = try harness()
        let response = api.handle(request("/gmail/v1/users/me/profile?%24.xgafv=3", token: try harness.token()))
        #expect(response.status == 400)
        #expect(try json(response)["error"]?["message"] == "Invalid query parameters. Invalid value '3' for system query parameter : $.xgafv")
    }

    @Test func headIsServedWhereGetIs() throws {
        let (harness, api) = try harness()
        let token = try harness.token()
        let head = api.handle(request("/gmail/v1/users/me/profile", method: "HEAD", token: token))
        let get = api.handle(request("/gmail/v1/users/me/profile", token: token))
        #expect(head.status == 200)
        #expect(head.body == get.body)  // the transport leaves the body out
        #expect(api.operation(for: request("/gmail/v1/users/me/profile", method: "HEAD", token: nil)) == "users.getProfile")
        let unknown = api.handle(request("/gmail/v1/users/me/nowhere", method: "HEAD", token: token))
        #expect(unknown.status == 404)
        #expect(unknown.headers["Content-Type"] == "text/html; charset=UTF-8")
    }

    @Test func gzipOnGooglesTwoConditions() throws {
        let (harness, api) = try harness()
        let token = try harness.token()
        let plain = api.handle(request("/gmail/v1/users/me/labels", token: token))
        let compressed = api.handle(request("/gmail/v1/users/me/labels", token: token,
                                            headers: ["Accept-Encoding": "gzip, deflate", "User-Agent": "ops-script (gzip)"]))
        #expect(compressed.headers["Content-Encoding"] == "gzip")
        #expect(compressed.headers["Vary"] == plain.headers["Vary"])
        #expect(try Zlib.inflate(compressed.body, maximumBytes: 1 << 20).get() == plain.body)
        // Without "gzip" in the User-Agent, or with q=0, Google sends it plain.
        let noAgent = api.handle(request("/gmail/v1/users/me/labels", token: token, headers: ["Accept-Encoding": "gzip"]))
        #expect(noAgent.headers["Content-Encoding"] == nil)
        let refused = api.handle(request("/gmail/v1/users/me/labels", token: token, headers: ["Accept-Encoding": "gzip;q=0", "User-Agent": "x (gzip)"]))
        #expect(refused.headers["Content-Encoding"] == nil)
    }
}
