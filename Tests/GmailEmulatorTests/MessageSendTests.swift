import Foundation
import DrydockCore
import DrydockHTTP
@testable import GmailEmulator
import Testing

@Suite struct MessageSendTests {
    static let owner = GmailTestHarness.owner

    func harness() throws -> GmailTestHarness {
        try GmailTestHarness(mailboxes: [Self.owner: [
            "0001-request.eml": MailFixtures.plain(subject: "Charter request", date: "Mon, 1 Jun 2026 08:00:00 +0000"),
        ]])
    }

    @Test func aSentMessageIsReadableThroughGetAndList() throws {
        let harness = try harness()
        let (status, sent) = try harness.send("""
        From: owner@harbor.example
        To: Ana Lima <ana@clients.example>
        Subject: Confirmation
        Content-Type: text/plain; charset=utf-8

        Your charter is confirmed.
        """)
        #expect(status == 200)
        #expect(sent.objectValue?.map(\.0) == ["id", "threadId", "labelIds"])
        #expect(sent["labelIds"] == ["SENT"])
        let id = try #require(sent["id"]?.stringValue)
        #expect(id.count == 16)
        #expect(sent["threadId"]?.stringValue == id)

        let message = try harness.getJSON("/gmail/v1/users/me/messages/\(id)", grant: "readonly").json
        #expect(message["labelIds"] == ["SENT"])
        #expect(message["snippet"] == "Your charter is confirmed.")
        #expect(message["internalDate"] == "1800000000000")
        let headers = try #require(message["payload"]?["headers"]?.arrayValue)
        #expect(headers.map { $0["name"]?.stringValue ?? "" } == ["Date", "Message-ID", "From", "To", "Subject", "Content-Type"])
        #expect(headers[0]["value"] == "Fri, 15 Jan 2027 08:00:00 +0000")
        #expect(headers[1]["value"]?.stringValue?.hasSuffix("@mail.gmail.com>") == true)

        let list = try harness.getJSON("/gmail/v1/users/me/messages?labelIds=SENT").json
        #expect(list["messages"]?.arrayValue?.map { $0["id"] } == [.string(id)])
        let search = try harness.getJSON("/gmail/v1/users/me/messages?q=in:sent+to:ana").json
        #expect(search["messages"]?.arrayValue?.count == 1)
        let profile = try harness.getJSON("/gmail/v1/users/me/profile").json
        #expect(profile["messagesTotal"] == 2)
        #expect(profile["threadsTotal"] == 2)

        harness.gmail.reset()
        #expect(try harness.getJSON("/gmail/v1/users/me/messages/\(id)").status == 404)
        #expect(try harness.getJSON("/gmail/v1/users/me/profile").json["messagesTotal"] == 1)
    }

    @Test func aMissingFromIsTheSendersAddressAndSelfAddressedMailComesBack() throws {
        let harness = try harness()
        let (status, sent) = try harness.send("To: owner@harbor.example\nSubject: note to self\n\nremember")
        #expect(status == 200)
        #expect(sent["labelIds"] == ["UNREAD", "SENT", "INBOX"])
        let id = try #require(sent["id"]?.stringValue)
        let raw = try #require(harness.getJSON("/gmail/v1/users/me/messages/\(id)?format=raw").json["raw"]?.stringValue)
        let text = String(decoding: fromBase64url(raw) ?? [], as: UTF8.self)
        #expect(text.hasPrefix("From: owner@harbor.example\r\nDate: "))
        #expect(text.hasSuffix("To: owner@harbor.example\r\nSubject: note to self\r\n\r\nremember"))
    }

    @Test func aReplyJoinsTheThreadOnlyWhenGmailsRulesHold() throws {
        let harness = try harness()
        let original = try #require(harness.getJSON("/gmail/v1/users/me/messages").json["messages"]?.arrayValue?.first)
        let threadId = try #require(original["threadId"]?.stringValue)
        let reply = """
        To: ana@clients.example
        Subject: Re: Charter request
        In-Reply-To: <Charter-request@clients.example>
        References: <Charter-request@clients.example>

        Yes.
        """
        #expect(try harness.send(reply, threadId: threadId).json["threadId"]?.stringValue == threadId)
        // Without threadId, or with another subject, Gmail starts a new thread.
        let alone = try harness.send(reply).json
        #expect(alone["threadId"] == alone["id"])
        let otherSubject = try harness.send(reply.replacingOccurrences(of: "Re: Charter request", with: "Something else"), threadId: threadId).json
        #expect(otherSubject["threadId"] == otherSubject["id"])
        let unknown = try harness.send(reply, threadId: "1234567890abcdef")
        #expect(unknown.status == 404)
        #expect(try harness.getJSON("/gmail/v1/users/me/profile").json["threadsTotal"] == 3)
    }

    @Test func mediaUploadSendsTheBodyAsTheMessage() throws {
        let harness = try harness()
        let raw = Array("To: ana@clients.example\r\nSubject: uploaded\r\n\r\nbody".utf8)
        let response = harness.post("/upload/gmail/v1/users/me/messages/send?uploadType=media", token: try harness.token("send"),
                                    body: raw, contentType: "message/rfc822")
        #expect(response.status == 200)
        #expect(harness.gmail.operation(for: HTTPRequest(method: "POST", target: "/upload/gmail/v1/users/me/messages/send?uploadType=media")) == "users.messages.send")
        let id = try #require(try JSONValue.parse(response.body)["id"]?.stringValue)
        #expect(try harness.getJSON("/gmail/v1/users/me/messages/\(id)?format=minimal").json["snippet"] == "body")

        let multipart = """
        --xyz\r
        Content-Type: application/json; charset=UTF-8\r
        \r
        {}\r
        --xyz\r
        Content-Type: message/rfc822\r
        \r
        To: ana@clients.example\r
        Subject: multipart upload\r
        \r
        hello\r
        --xyz--\r

        """
        let second = harness.post("/upload/gmail/v1/users/me/messages/send?uploadType=multipart", token: try harness.token("send"),
                                  body: Array(multipart.utf8), contentType: "multipart/related; boundary=xyz")
        #expect(second.status == 200)
    }

    @Test(arguments: [
        ("Subject: nobody\n\nhi", "Recipient address required"),
        ("To: \nSubject: empty\n\nhi", "Recipient address required"),
        ("To: not an address\nSubject: bad\n\nhi", "Invalid To header"),
        ("To: ana@clients.example\nCc: broken@\nSubject: bad cc\n\nhi", "Invalid Cc header"),
    ])
    func badRecipientsAreGmails400(message: String, error: String) throws {
        let harness = try harness()
        let (status, json) = try harness.send(message)
        #expect(status == 400)
        #expect(json["error"] == .object([
            ("code", 400), ("message", .string(error)),
            ("errors", [.object([("message", .string(error)), ("domain", "global"), ("reason", "invalidArgument")])]),
            ("status", "INVALID_ARGUMENT"),
        ]))
        #expect(try harness.getJSON("/gmail/v1/users/me/profile").json["messagesTotal"] == 1)
    }

    @Test(arguments: [
        ("{}", "'raw' RFC822 payload message string or uploading message via /upload/* URL required"),
        ("", "'raw' RFC822 payload message string or uploading message via /upload/* URL required"),
        ("{\"raw\": \"\"}", "'raw' RFC822 payload message string or uploading message via /upload/* URL required"),
        ("{\"raw\": \"@@@\"}", "Invalid value at 'message.raw' (TYPE_BYTES), Base64 decoding failed for \"@@@\""),
        ("{\"raw\": \"VG86IGFAYi5leGFtcGxl\", \"bogus\": 1}", "Invalid JSON payload received. Unknown name \"bogus\": Cannot find field."),
        ("not json", "Invalid JSON payload received. Unexpected token."),
    ])
    func badBodiesAre400(body: String, error: String) throws {
        let harness = try harness()
        let response = harness.post("/gmail/v1/users/me/messages/send", token: try harness.token("send"), body: Array(body.utf8))
        #expect(response.status == 400)
        #expect(try JSONValue.parse(response.body).errorMessage == error)
    }

    @Test func standardBase64IsAcceptedToo() throws {
        let harness = try harness()
        let standard = Data("To: a@b.example\r\nSubject: ??>>\r\n\r\n?>".utf8).base64EncodedString()
        let response = harness.post("/gmail/v1/users/me/messages/send", token: try harness.token("send"),
                                    body: JSONValue.object([("raw", .string(standard))]).bytes)
        #expect(response.status == 200)
    }
}
