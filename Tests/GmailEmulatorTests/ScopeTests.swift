import DrydockCore
import DrydockHTTP
@testable import GmailEmulator
import Testing

@Suite struct ScopeTests {
    static let owner = GmailTestHarness.owner

    func harness() throws -> GmailTestHarness {
        try GmailTestHarness(mailboxes: [Self.owner: ["a.eml": MailFixtures.booking]])
    }

    func messageID(_ harness: GmailTestHarness) throws -> String {
        try #require(harness.getJSON("/gmail/v1/users/me/messages").json["messages"]?.arrayValue?.first?["id"]?.stringValue)
    }

    /// (method, request, grant) → status.
    static let matrix: [(String, String, Int)] = [
        ("profile", "readonly", 200), ("profile", "metadata", 200), ("profile", "compose", 200), ("profile", "send", 403), ("profile", "labels", 403),
        ("labels", "readonly", 200), ("labels", "labels", 200), ("labels", "metadata", 200), ("labels", "send", 403),
        ("list", "readonly", 200), ("list", "modify", 200), ("list", "full", 200), ("list", "metadata", 200), ("list", "send", 403), ("list", "compose", 403),
        ("get", "readonly", 200), ("get", "metadata", 403), ("get", "send", 403), ("get", "labels", 403),
        ("attachment", "readonly", 200), ("attachment", "metadata", 403), ("attachment", "send", 403),
        ("send", "send", 200), ("send", "compose", 200), ("send", "modify", 200), ("send", "full", 200), ("send", "readonly", 403), ("send", "metadata", 403),
        ("profile", "sheets", 403), ("send", "sheets", 403),
    ]

    @Test(arguments: ["access_token", "oauth_token"])
    func aTokenInTheQueryIsACredential(parameter: String) throws {
        let harness = try harness()
        let token = try harness.token("readonly")
        let response = harness.get("/gmail/v1/users/me/profile?\(parameter)=" + token, token: nil)
        #expect(response.status == 200)
        #expect(try JSONValue.parse(response.body)["emailAddress"]?.stringValue == Self.owner)
        #expect(harness.get("/gmail/v1/users/me/profile?\(parameter)=ya29.forged", token: nil).status == 401)
    }

    @Test(arguments: matrix)
    func eachMethodAcceptsItsScopes(method: String, grant: String, status: Int) throws {
        let harness = try harness()
        let id = try messageID(harness)
        let payload = try #require(harness.getJSON("/gmail/v1/users/me/messages/\(id)").json["payload"])
        let attachmentID = try #require(payload["parts"]?.arrayValue?[1]["body"]?["attachmentId"]?.stringValue)
        let token = try harness.token(grant)
        let response: HTTPResponse
        switch method {
        case "profile": response = harness.get("/gmail/v1/users/me/profile", token: token)
        case "labels": response = harness.get("/gmail/v1/users/me/labels", token: token)
        case "list": response = harness.get("/gmail/v1/users/me/messages", token: token)
        case "get": response = harness.get("/gmail/v1/users/me/messages/\(id)", token: token)
        case "attachment": response = harness.get("/gmail/v1/users/me/messages/\(id)/attachments/\(attachmentID)", token: token)
        default:
            response = harness.post("/gmail/v1/users/me/messages/send", token: token,
                                    body: JSONValue.object([("raw", .string(base64url("To: a@b.example\r\n\r\nx")))]).bytes)
        }
        #expect(response.status == status, "\(method) with \(grant): \(response.bodyText)")
        if status == 403, grant != "metadata" || method == "attachment" || method == "send" {
            let error = try JSONValue.parse(response.body)["error"]
            #expect(error?["message"] == "Request had insufficient authentication scopes.")
            #expect(error?["status"] == "PERMISSION_DENIED")
            #expect(response.headers["WWW-Authenticate"]?.hasPrefix("Bearer realm=\"https://accounts.google.com/\", error=insufficient_scope, scope=\"") == true)
        }
    }

    @Test func insufficientScopeNamesTheMethodAndItsScopes() throws {
        let harness = try harness()
        let response = harness.get("/gmail/v1/users/me/messages", token: try harness.token("send"))
        #expect(response.status == 403)
        #expect(response.headers["WWW-Authenticate"] == "Bearer realm=\"https://accounts.google.com/\", error=insufficient_scope, scope=\"https://mail.google.com/ https://www.googleapis.com/auth/gmail.modify https://www.googleapis.com/auth/gmail.readonly https://www.googleapis.com/auth/gmail.metadata\"")
        let error = try #require(try JSONValue.parse(response.body)["error"])
        #expect(error["errors"] == [["message": "Insufficient Permission", "domain": "global", "reason": "insufficientPermissions"]])
        #expect(error["details"]?.arrayValue?.first?["metadata"] == .object([
            ("method", "caribou.api.proto.MailboxService.ListMessages"), ("service", "gmail.googleapis.com"),
        ]))
    }

    @Test func theMetadataScopeAllowsOnlyMetadata() throws {
        let harness = try harness()
        let id = try messageID(harness)
        for grant in ["metadata", "metadata+readonly"] {
            let token = try harness.token(grant)
            for (format, name) in [("", "FULL"), ("?format=full", "FULL"), ("?format=raw", "RAW")] {
                let response = harness.get("/gmail/v1/users/me/messages/\(id)\(format)", token: token)
                #expect(response.status == 403)
                #expect(try JSONValue.parse(response.body)["error"] == .object([
                    ("code", 403), ("message", .string("Metadata scope doesn't allow format \(name)")),
                    ("errors", [.object([("message", .string("Metadata scope doesn't allow format \(name)")), ("domain", "global"), ("reason", "forbidden")])]),
                    ("status", "PERMISSION_DENIED"),
                ]))
            }
            #expect(harness.get("/gmail/v1/users/me/messages/\(id)?format=metadata", token: token).status == 200)
            #expect(harness.get("/gmail/v1/users/me/messages/\(id)?format=minimal", token: token).status == 200)
            for query in ["?q=charter", "?q="] {
                let response = harness.get("/gmail/v1/users/me/messages\(query)", token: token)
                #expect(response.status == 403)
                #expect(try JSONValue.parse(response.body).errorMessage == "Metadata scope does not support 'q' parameter")
            }
            #expect(harness.get("/gmail/v1/users/me/messages?labelIds=INBOX", token: token).status == 200)
        }
    }

    @Test func unknownAndMissingCredentialsAre401() throws {
        let harness = try harness()
        for path in ["/gmail/v1/users/me/messages", "/gmail/v1/users/me/labels", "/gmail/v1/users/me/messages/1234567890abcdef"] {
            let forged = harness.get(path, token: "ya29.forged")
            #expect(forged.status == 401)
            #expect(forged.headers["WWW-Authenticate"] == "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\"")
            let missing = harness.get(path, token: nil)
            #expect(missing.status == 401)
            #expect(try JSONValue.parse(missing.body)["error"]?["details"]?.arrayValue?.first?["reason"] == "CREDENTIALS_MISSING")
        }
        let token = try harness.token()
        harness.clock.advance(seconds: 7200)
        #expect(harness.get("/gmail/v1/users/me/messages", token: token).status == 401)
    }

    @Test(arguments: ["/gmail/v1/users/other@harbor.example/messages", "/gmail/v1/users/other@harbor.example/labels",
                      "/gmail/v1/users/someone/messages/1234567890abcdef"])
    func anotherUsersMailboxIsDelegationDenied(path: String) throws {
        let harness = try harness()
        let (status, json) = try harness.getJSON(path)
        #expect(status == 403)
        #expect(json.errorMessage == "Delegation denied for owner@harbor.example")
        #expect(try harness.getJSON("/gmail/v1/users/Owner@Harbor.example/messages").status == 200)
    }

    @Test func operationsAreGooglesMethodIDs() throws {
        let harness = try harness()
        let gmail = harness.gmail
        func operation(_ method: String, _ target: String) -> String { gmail.operation(for: HTTPRequest(method: method, target: target)) }
        #expect(operation("GET", "/gmail/v1/users/me/messages") == "users.messages.list")
        #expect(operation("GET", "/gmail/v1/users/me/messages/abc") == "users.messages.get")
        #expect(operation("GET", "/gmail/v1/users/me/messages/abc/attachments/def") == "users.messages.attachments.get")
        #expect(operation("POST", "/gmail/v1/users/me/messages/send") == "users.messages.send")
        #expect(operation("GET", "/gmail/v1/users/me/labels") == "users.labels.list")
        #expect(operation("GET", "/gmail/v1/users/me/profile") == "users.getProfile")
        #expect(operation("DELETE", "/gmail/v1/users/me/messages/abc") == "users.messages.delete")
        #expect(operation("PUT", "/upload/gmail/v1/users/me/messages/send?uploadType=resumable&upload_id=x") == "users.messages.send")
        #expect(operation("PATCH", "/gmail/v1/users/me/messages/abc") == "unknown")
        // Every method of Gmail's discovery document but settings.* and cse.*.
        #expect(Set(gmail.knownOperations) == [
            "users.getProfile", "users.watch", "users.stop",
            "users.labels.list", "users.labels.get", "users.labels.create", "users.labels.update", "users.labels.patch", "users.labels.delete",
            "users.messages.list", "users.messages.get", "users.messages.send", "users.messages.insert", "users.messages.import",
            "users.messages.modify", "users.messages.batchModify", "users.messages.trash", "users.messages.untrash",
            "users.messages.delete", "users.messages.batchDelete", "users.messages.attachments.get",
            "users.threads.list", "users.threads.get", "users.threads.modify", "users.threads.trash", "users.threads.untrash", "users.threads.delete",
            "users.drafts.list", "users.drafts.get", "users.drafts.create", "users.drafts.update", "users.drafts.send", "users.drafts.delete",
            "users.history.list",
        ])
        #expect(gmail.knownOperations.count == 34)
        #expect(gmail.claims(HTTPRequest(method: "POST", target: "/upload/gmail/v1/users/me/messages/send")))
        #expect(!gmail.claims(HTTPRequest(method: "GET", target: "/v4/spreadsheets/x")))
        let unknown = harness.get("/gmail/v1/users/me/settings/filters", token: try harness.token())
        #expect(unknown.status == 404)
        #expect(unknown.headers["Content-Type"] == "text/html; charset=UTF-8")
    }
}
