import DrydockCore
import Foundation
@testable import GmailEmulator
import Testing

@Suite struct LabelTests {
    typealias F = MailboxFixture

    @Test func createGetPatchUpdateDelete() throws {
        let harness = try F.harness()
        let (status, created) = try harness.call("POST", "/gmail/v1/users/me/labels", grant: "labels", body: [
            "name": "Partners/CharterHub", "labelListVisibility": "labelShow", "messageListVisibility": "show",
            "color": ["textColor": "#FFFFFF", "backgroundColor": "#4a86e8"],
        ])
        #expect(status == 200)
        #expect(created["id"] == "Label_2")
        #expect(created["color"] == ["textColor": "#ffffff", "backgroundColor": "#4a86e8"])
        #expect(try harness.call("GET", "/gmail/v1/users/me/labels").json["labels"]?.arrayValue?.last?["name"] == "Partners/CharterHub")

        let bookings = try harness.call("GET", "/gmail/v1/users/me/labels/Label_1", grant: "readonly").json
        #expect(bookings["messagesTotal"] == 1)
        #expect(bookings["threadsTotal"] == 1)
        let inbox = try harness.call("GET", "/gmail/v1/users/me/labels/INBOX").json
        #expect(inbox["messagesTotal"] == 2)
        #expect(inbox["messagesUnread"] == 1)
        #expect(inbox["threadsUnread"] == 1)

        let patched = try harness.call("PATCH", "/gmail/v1/users/me/labels/Label_2", body: ["name": "Partners/Hub"]).json
        #expect(patched["name"] == "Partners/Hub")
        #expect(patched["labelListVisibility"] == "labelShow")
        let updated = try harness.call("PUT", "/gmail/v1/users/me/labels/Label_2", body: ["name": "Hub"]).json
        #expect(updated["labelListVisibility"] == nil)
        #expect(updated["color"] == nil)
        #expect(try harness.call("PUT", "/gmail/v1/users/me/labels/Label_2", body: [:]).json.errorMessage == "Invalid label name")

        _ = try harness.call("POST", "/gmail/v1/users/me/messages/\(F.id(F.newsletter))/modify", body: ["addLabelIds": ["Label_2"]])
        #expect(try harness.call("GET", "/gmail/v1/users/me/messages?q=label:hub").json["resultSizeEstimate"] == 1)
        #expect(try harness.call("DELETE", "/gmail/v1/users/me/labels/Label_2").status == 204)
        #expect(try F.labels(harness, F.newsletter) == ["INBOX", "UNREAD", "CATEGORY_UPDATES"])
        #expect(try harness.call("GET", "/gmail/v1/users/me/labels/Label_2").status == 404)
        #expect(try harness.call("DELETE", "/gmail/v1/users/me/labels/INBOX").json.errorMessage == "Invalid label: INBOX")
    }

    @Test func namesAndColorsFollowGmailsRules() throws {
        let harness = try F.harness()
        func create(_ body: JSONValue) throws -> (status: Int, json: JSONValue) {
            try harness.call("POST", "/gmail/v1/users/me/labels", body: body)
        }
        let duplicate = try create(["name": "bookings"])
        #expect(duplicate.status == 409)
        #expect(duplicate.json.errorMessage == "Label name exists or conflicts")
        for name in ["", "  ", "Inbox", "SENT", "Drafts", "a//b", "/a", "a/", "x\u{1}y", String(repeating: "n", count: 226)] {
            let refused = try create(["name": .string(name)])
            #expect(refused.status == 400, "\(name)")
            #expect(refused.json.errorMessage == "Invalid label name")
        }
        #expect(try create([:]).json.errorMessage == "Invalid label name")
        #expect(try create(["name": "Colored", "color": ["textColor": "#123456", "backgroundColor": "#000000"]]).status == 400)
        #expect(try create(["name": "Colored", "color": ["textColor": "#000000"]]).status == 400)
        #expect(try create(["name": "Shown", "messageListVisibility": "sometimes"]).status == 400)
        #expect(try create(["name": "Nested/Child"]).status == 200)
        #expect(try harness.call("POST", "/gmail/v1/users/me/labels", grant: "readonly", body: ["name": "x"]).status == 403)
    }
}
