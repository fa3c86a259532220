import DrydockCore
@testable import GmailEmulator
import Testing

@Suite struct MessageGetTests {
    static let owner = GmailTestHarness.owner

    func harness() throws -> GmailTestHarness {
        try GmailTestHarness(mailboxes: [Self.owner: [
            "0001-booking.eml": MailFixtures.booking,
            "0002-plain.eml": MailFixtures.plain(subject: "Quote", date: "Wed, 15 Jul 2026 10:00:00 +0000",
                                                 body: "I'm asking <politely> for a \"quote\" & more."),
        ]])
    }

    func id(_ harness: GmailTestHarness, subject: String) throws -> String {
        let list = try harness.getJSON("/gmail/v1/users/me/messages?q=" + subject)
        return try #require(list.json["messages"]?.arrayValue?.first?["id"]?.stringValue)
    }

    @Test func fullFormatIsGmailsPayloadTree() throws {
        let harness = try harness()
        let id = try id(harness, subject: "subject:reserva")
        let (status, message) = try harness.getJSON("/gmail/v1/users/me/messages/\(id)")
        #expect(status == 200)
        #expect(message.objectValue?.map(\.0) == ["id", "threadId", "labelIds", "snippet", "payload", "sizeEstimate", "historyId", "internalDate"])
        #expect(message["id"]?.stringValue == id)
        #expect(message["threadId"]?.stringValue == id)
        #expect(message["labelIds"] == ["INBOX"])
        #expect(message["internalDate"] == "1784014200000")
        #expect(message["snippet"] == "Café booking for 6 guests, it&#39;s confirmed &amp; paid. This line is soft broken.")
        #expect(message["sizeEstimate"]?.intValue == MailFixtures.booking.replacingOccurrences(of: "\n", with: "\r\n").utf8.count)

        let payload = try #require(message["payload"])
        #expect(payload.objectValue?.map(\.0) == ["partId", "mimeType", "filename", "headers", "body", "parts"])
        #expect(payload["partId"] == "")
        #expect(payload["mimeType"] == "multipart/mixed")
        #expect(payload["body"] == ["size": 0])
        let headers = try #require(payload["headers"]?.arrayValue)
        #expect(headers.first == ["name": "From", "value": "José Álvarez <jose@clients.example>"])
        #expect(headers.contains(["name": "Subject", "value": "Reserva confirmada — Saturday charter"]))
        #expect(headers.contains(["name": "X-Long-Header", "value": "first part\tsecond part"]))

        let parts = try #require(payload["parts"]?.arrayValue)
        #expect(parts.map { $0["partId"] } == ["0", "1"])
        let alternative = try #require(parts[0]["parts"]?.arrayValue)
        #expect(alternative.map { $0["partId"] } == ["0.0", "0.1"])
        #expect(alternative[0]["mimeType"] == "text/plain")
        #expect(alternative[0]["filename"] == "")
        let plainBody = try #require(alternative[0]["body"])
        #expect(plainBody.objectValue?.map(\.0) == ["size", "data"])
        let text = try #require(fromBase64url(plainBody["data"]?.stringValue ?? ""))
        #expect(String(decoding: text, as: UTF8.self) == "Café booking for 6 guests, it's confirmed & paid. This line is soft broken.")
        #expect(plainBody["size"]?.intValue == text.count)
        #expect(alternative[1]["headers"] == [["name": "Content-Type", "value": "text/html; charset=utf-8"],
                                              ["name": "Content-Transfer-Encoding", "value": "base64"]])

        let attachment = parts[1]
        #expect(attachment["filename"] == "Reçu nº1.pdf")
        #expect(attachment["mimeType"] == "application/pdf")
        let body = try #require(attachment["body"])
        #expect(body.objectValue?.map(\.0) == ["attachmentId", "size"])
        #expect(body["size"]?.intValue == Array("%PDF-1.4\n%äüöß\n".utf8).count)
        #expect(body["attachmentId"]?.stringValue?.hasPrefix("ANGjdJ") == true)
    }

    @Test func snippetIsEscapedLikeGmails() throws {
        let harness = try harness()
        let id = try id(harness, subject: "subject:quote")
        let (_, message) = try harness.getJSON("/gmail/v1/users/me/messages/\(id)?format=minimal")
        #expect(message["snippet"] == "I&#39;m asking &lt;politely&gt; for a &quot;quote&quot; &amp; more.")
    }

    @Test func metadataFormatKeepsOnlyTheAskedHeaders() throws {
        let harness = try harness()
        let id = try id(harness, subject: "subject:reserva")
        let (status, message) = try harness.getJSON("/gmail/v1/users/me/messages/\(id)?format=metadata&metadataHeaders=subject&metadataHeaders=From&metadataHeaders=X-Missing")
        #expect(status == 200)
        #expect(message.objectValue?.map(\.0) == ["id", "threadId", "labelIds", "snippet", "payload", "sizeEstimate", "historyId", "internalDate"])
        #expect(message["payload"] == .object([
            ("mimeType", "multipart/mixed"),
            ("headers", [["name": "From", "value": "José Álvarez <jose@clients.example>"],
                         ["name": "Subject", "value": "Reserva confirmada — Saturday charter"]]),
        ]))
        let all = try harness.getJSON("/gmail/v1/users/me/messages/\(id)?format=METADATA").json
        #expect(all["payload"]?["headers"]?.arrayValue?.count == 9)
    }

    @Test func minimalFormatHasNoPayload() throws {
        let harness = try harness()
        let id = try id(harness, subject: "subject:quote")
        let (_, message) = try harness.getJSON("/gmail/v1/users/me/messages/\(id)?format=minimal")
        #expect(message.objectValue?.map(\.0) == ["id", "threadId", "labelIds", "snippet", "sizeEstimate", "historyId", "internalDate"])
    }

    @Test func rawFormatIsTheExactBytes() throws {
        let harness = try harness()
        let id = try id(harness, subject: "subject:reserva")
        let (_, message) = try harness.getJSON("/gmail/v1/users/me/messages/\(id)?format=raw")
        #expect(message.objectValue?.map(\.0) == ["id", "threadId", "labelIds", "snippet", "sizeEstimate", "raw", "historyId", "internalDate"])
        let raw = try #require(message["raw"]?.stringValue)
        #expect(!raw.contains("+") && !raw.contains("/"))
        #expect(fromBase64url(raw) == Array(MailFixtures.booking.replacingOccurrences(of: "\n", with: "\r\n").utf8))
    }

    @Test func attachmentsGetServesTheDecodedBytes() throws {
        let harness = try harness()
        let id = try id(harness, subject: "subject:reserva")
        let payload = try #require(try harness.getJSON("/gmail/v1/users/me/messages/\(id)").json["payload"])
        let attachmentID = try #require(payload["parts"]?.arrayValue?[1]["body"]?["attachmentId"]?.stringValue)
        let (status, attachment) = try harness.getJSON("/gmail/v1/users/me/messages/\(id)/attachments/\(attachmentID)")
        #expect(status == 200)
        #expect(attachment.objectValue?.map(\.0) == ["attachmentId", "size", "data"])
        #expect(attachment["size"]?.intValue == 19)
        #expect(fromBase64url(attachment["data"]?.stringValue ?? "") == Array("%PDF-1.4\n%äüöß\n".utf8))

        let bad = try harness.getJSON("/gmail/v1/users/me/messages/\(id)/attachments/ANGjdJnope")
        #expect(bad.status == 400)
        let missing = try harness.getJSON("/gmail/v1/users/me/messages/1234567890abcdef/attachments/\(attachmentID)")
        #expect(missing.status == 404)
    }

    @Test func largeBodiesAreServedAsAttachments() throws {
        let big = String(repeating: "x", count: 300)
        let harness = try GmailTestHarness(mailboxes: [Self.owner: [
            "big.eml": MailFixtures.plain(subject: "Big", date: "Wed, 15 Jul 2026 10:00:00 +0000", body: big),
        ]], inlineLimit: 100)
        let id = try id(harness, subject: "subject:big")
        let body = try #require(try harness.getJSON("/gmail/v1/users/me/messages/\(id)").json["payload"]?["body"])
        let attachmentID = try #require(body["attachmentId"]?.stringValue)
        let data = try harness.getJSON("/gmail/v1/users/me/messages/\(id)/attachments/\(attachmentID)").json["data"]?.stringValue
        #expect(fromBase64url(data ?? "") == Array(big.utf8))
    }

    @Test func unknownIdsAreGmails404() throws {
        let harness = try harness()
        let response = harness.get("/gmail/v1/users/me/messages/1234567890abcdef", token: try harness.token())
        #expect(response.status == 404)
        #expect(response.bodyText == """
        {
          "error": {
            "code": 404,
            "message": "Requested entity was not found.",
            "errors": [
              {
                "message": "Requested entity was not found.",
                "domain": "global",
                "reason": "notFound"
              }
            ],
            "status": "NOT_FOUND"
          }
        }

        """)
    }

    @Test(arguments: ["nosuchmessage", "ffffffffffffffff", "18c9a1b2c3d4e5f6aa", "+1234", "send"])
    func unparsableIdsAre400(id: String) throws {
        let harness = try harness()
        let (status, body) = try harness.getJSON("/gmail/v1/users/me/messages/\(id)")
        #expect(status == 400)
        #expect(body["error"] == .object([
            ("code", 400), ("message", "Invalid id value"),
            ("errors", [["message": "Invalid id value", "domain": "global", "reason": "invalidArgument"]]),
            ("status", "INVALID_ARGUMENT"),
        ]))
    }

    @Test func anInvalidFormatIs400() throws {
        let harness = try harness()
        let id = try id(harness, subject: "subject:quote")
        let (status, body) = try harness.getJSON("/gmail/v1/users/me/messages/\(id)?format=compact")
        #expect(status == 400)
        #expect(body.errorMessage == "Invalid value at 'format' (TYPE_ENUM), \"compact\"")
        #expect(body["error"]?["status"] == "INVALID_ARGUMENT")
        #expect(body["error"]?["details"]?.arrayValue?.first?["fieldViolations"] == [["field": "format", "description": "Invalid value at 'format' (TYPE_ENUM), \"compact\""]])
    }

    @Test func prettyPrintFalseIsCompact() throws {
        let harness = try harness()
        let id = try id(harness, subject: "subject:quote")
        let response = harness.get("/gmail/v1/users/me/messages/\(id)?format=minimal&prettyPrint=false", token: try harness.token())
        #expect(!response.bodyText.contains("\n"))
        #expect(response.headers["Content-Type"] == "application/json; charset=UTF-8")
    }
}
