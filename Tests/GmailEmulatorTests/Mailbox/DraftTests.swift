import DrydockCore
import Foundation
@testable import GmailEmulator
import Testing

@Suite struct DraftTests {
    typealias F = MailboxFixture
    static let draftText = "To: ana@clients.example\r\nSubject: Re: Charter request\r\nIn-Reply-To: <Charter-request@clients.example>\r\n\r\nDraft reply."

    @Test func createGetListUpdateSendDelete() throws {
        let harness = try F.harness()
        let (status, created) = try harness.call("POST", "/gmail/v1/users/me/drafts", grant: "compose", body: [
            "message": ["raw": .string(base64url(Self.draftText)), "threadId": .string(F.id(F.request))],
        ])
        #expect(status == 200)
        let draftID = try #require(created["id"]?.stringValue)
        #expect(draftID.hasPrefix("r"))
        #expect(created["message"]?["labelIds"] == ["DRAFT"])
        #expect(created["message"]?["threadId"]?.stringValue == F.id(F.request))

        let fetched = try harness.call("GET", "/gmail/v1/users/me/drafts/\(draftID)?format=raw", grant: "readonly").json
        #expect(fetched["message"]?["raw"]?.stringValue.flatMap(fromBase64url) == Array(Self.draftText.utf8))
        let listed = try harness.call("GET", "/gmail/v1/users/me/drafts").json
        #expect(F.ids(listed, "drafts") == [draftID])
        #expect(listed["resultSizeEstimate"] == 1)

        let updated = try harness.call("PUT", "/gmail/v1/users/me/drafts/\(draftID)", grant: "compose", body: [
            "message": ["raw": .string(base64url("To: ana@clients.example\r\nSubject: Re: Charter request\r\n\r\nBetter reply."))],
        ]).json
        #expect(updated["id"]?.stringValue == draftID)
        #expect(updated["message"]?["id"] != created["message"]?["id"])
        #expect(try harness.call("GET", "/gmail/v1/users/me/messages/\(created["message"]?["id"]?.stringValue ?? "")").status == 404)

        let sent = try harness.call("POST", "/gmail/v1/users/me/drafts/send", grant: "compose", body: ["id": .string(draftID)])
        #expect(sent.status == 200)
        #expect(sent.json["labelIds"] == ["SENT"])
        #expect(try harness.call("GET", "/gmail/v1/users/me/drafts/\(draftID)").status == 404)
        #expect(try harness.call("GET", "/gmail/v1/users/me/drafts").json["drafts"] == nil)
        #expect(try harness.call("POST", "/gmail/v1/users/me/drafts/send", grant: "compose", body: ["id": .string(draftID)]).status == 404)
        #expect(try harness.call("POST", "/gmail/v1/users/me/drafts/send", grant: "compose", body: [:]).status == 400)

        let other = try harness.call("POST", "/gmail/v1/users/me/drafts", grant: "compose", body: ["message": ["raw": .string(base64url("Subject: x\r\n\r\ny"))]]).json
        let otherID = try #require(other["id"]?.stringValue)
        let noRecipient = try harness.call("POST", "/gmail/v1/users/me/drafts/send", grant: "compose", body: ["id": .string(otherID)])
        #expect(noRecipient.json.errorMessage == "Recipient address required")
        #expect(try harness.call("DELETE", "/gmail/v1/users/me/drafts/\(otherID)", grant: "compose").status == 204)
        #expect(try harness.call("GET", "/gmail/v1/users/me/messages/\(other["message"]?["id"]?.stringValue ?? "")").status == 404)
        #expect(try harness.call("POST", "/gmail/v1/users/me/drafts", grant: "readonly", body: [:]).status == 403)
        #expect(try harness.call("POST", "/gmail/v1/users/me/drafts", grant: "compose", body: ["message": ["bogus": 1]]).status == 400)
    }
}
