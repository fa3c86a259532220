import DrydockCore
import Foundation
@testable import GmailEmulator
import Testing

@Suite struct MessageModifyTests {
    typealias F = MailboxFixture

    @Test func modifyAddsAndRemovesLabelsAndSearchFollows() throws {
        let harness = try F.harness()
        let (status, json) = try harness.call(
            "POST", "/gmail/v1/users/me/messages/\(F.id(F.newsletter))/modify", body: ["addLabelIds": ["STARRED", "Label_1"], "removeLabelIds": ["UNREAD"]])
        #expect(status == 200)
        #expect(json.objectValue?.map(\.0) == ["id", "threadId", "labelIds"])
        #expect(json["labelIds"] == ["INBOX", "CATEGORY_UPDATES", "STARRED", "Label_1"])
        #expect(try harness.call("GET", "/gmail/v1/users/me/messages?q=is:unread").json["resultSizeEstimate"] == 0)
        let bookings = try harness.call("GET", "/gmail/v1/users/me/messages?q=label:bookings").json
        #expect(Set(F.ids(bookings, "messages")) == [F.id(F.request), F.id(F.newsletter)])
        #expect(try harness.call("GET", "/gmail/v1/users/me/messages?labelIds=STARRED").json["messages"]?.arrayValue?.count == 1)
    }

    @Test func modifyRefusesWhatGmailRefuses() throws {
        let harness = try F.harness()
        let target = "/gmail/v1/users/me/messages/\(F.id(F.reply))/modify"
        let sent = try harness.call("POST", target, body: ["removeLabelIds": ["SENT"]])
        #expect(sent.status == 400)
        #expect(sent.json.errorMessage == "Invalid label: SENT")
        #expect(try harness.call("POST", target, body: ["addLabelIds": ["DRAFT"]]).json.errorMessage == "Invalid label: DRAFT")
        #expect(try harness.call("POST", target, body: ["addLabelIds": ["Label_99"]]).json.errorMessage == "Invalid label: Label_99")
        let empty = try harness.call("POST", target, body: [:])
        #expect(empty.status == 400)
        #expect(empty.json.errorMessage == "No label add or removes specified")
        #expect(try harness.call("POST", target, body: ["addLabelIds": "INBOX"]).status == 400)
        #expect(try harness.call("POST", target, body: ["bogus": 1]).json.errorMessage == "Invalid JSON payload received. Unknown name \"bogus\": Cannot find field.")
        #expect(try harness.call("POST", "/gmail/v1/users/me/messages/zz/modify", body: ["addLabelIds": ["STARRED"]]).json.errorMessage == "Invalid id value")
        #expect(try harness.call("POST", "/gmail/v1/users/me/messages/1234/modify", body: ["addLabelIds": ["STARRED"]]).status == 404)
        #expect(try harness.call("POST", target, grant: "readonly", body: ["addLabelIds": ["STARRED"]]).status == 403)
        #expect(try F.labels(harness, F.reply) == ["SENT"])
    }

    @Test func trashAndSpamExcludeEachOtherAndUntrashRestores() throws {
        let harness = try F.harness()
        let id = F.id(F.request)
        let trashed = try harness.call("POST", "/gmail/v1/users/me/messages/\(id)/trash")
        #expect(trashed.json["labelIds"] == ["INBOX", "Label_1", "TRASH"])
        #expect(!F.ids(try harness.call("GET", "/gmail/v1/users/me/messages").json, "messages").contains(id))
        #expect(F.ids(try harness.call("GET", "/gmail/v1/users/me/messages?includeSpamTrash=true").json, "messages").contains(id))
        let spam = try harness.call("POST", "/gmail/v1/users/me/messages/\(id)/modify", body: ["addLabelIds": ["SPAM"]])
        #expect(spam.json["labelIds"] == ["Label_1", "SPAM"])
        _ = try harness.call("POST", "/gmail/v1/users/me/messages/\(id)/trash")
        #expect(try F.labels(harness, F.request) == ["Label_1", "TRASH"])
        let restored = try harness.call("POST", "/gmail/v1/users/me/messages/\(id)/untrash")
        #expect(restored.json["labelIds"] == ["Label_1"])
    }

    @Test func batchModifyChangesEveryListedMessage() throws {
        let harness = try F.harness()
        let ids = [F.id(F.request), F.id(F.newsletter), "1fffffffffffffff"]
        let (status, json) = try harness.call(
            "POST", "/gmail/v1/users/me/messages/batchModify", body: ["ids": .array(ids.map(JSONValue.string)), "removeLabelIds": ["INBOX"]])
        #expect(status == 204)
        #expect(json == .null)
        #expect(try F.labels(harness, F.request) == ["Label_1"])
        #expect(try F.labels(harness, F.newsletter) == ["UNREAD", "CATEGORY_UPDATES"])
        let tooMany = JSONValue.array((0..<1001).map { _ in .string(F.id(F.request)) })
        #expect(try harness.call("POST", "/gmail/v1/users/me/messages/batchModify", body: ["ids": tooMany, "addLabelIds": ["STARRED"]]).status == 400)
        #expect(try harness.call("POST", "/gmail/v1/users/me/messages/batchModify", body: ["ids": ["xyz"], "addLabelIds": ["STARRED"]]).json.errorMessage == "Invalid id value")
    }

    @Test func deleteAndBatchDeleteNeedTheFullScopeAndUpdateTheProfile() throws {
        let harness = try F.harness()
        let target = "/gmail/v1/users/me/messages/\(F.id(F.newsletter))"
        #expect(try harness.call("DELETE", target, grant: "modify").status == 403)
        #expect(try harness.call("DELETE", target, grant: "full").status == 204)
        #expect(try harness.call("GET", target).status == 404)
        #expect(try harness.call("GET", "/gmail/v1/users/me/profile").json["messagesTotal"] == 2)
        let batch = try harness.call(
            "POST", "/gmail/v1/users/me/messages/batchDelete", grant: "full", body: ["ids": [.string(F.id(F.request)), .string(F.id(F.reply))]])
        #expect(batch.status == 204)
        let profile = try harness.call("GET", "/gmail/v1/users/me/profile").json
        #expect(profile["messagesTotal"] == 0)
        #expect(profile["threadsTotal"] == 0)
    }

    @Test func insertAndImportStoreWithTheGivenLabels() throws {
        let harness = try F.harness()
        let raw = base64url("From: ana@clients.example\r\nTo: owner@harbor.example\r\nSubject: Re: Charter request\r\nDate: Wed, 3 Jun 2026 10:00:00 +0000\r\nIn-Reply-To: <Charter-request@clients.example>\r\n\r\nSee you.")
        let inserted = try harness.call("POST", "/gmail/v1/users/me/messages", grant: "modify", body: ["raw": .string(raw), "labelIds": ["INBOX", "UNREAD"]])
        #expect(inserted.status == 200)
        #expect(inserted.json["labelIds"] == ["INBOX", "UNREAD"])
        #expect(inserted.json["threadId"]?.stringValue == F.id(F.request))
        let id = try #require(inserted.json["id"]?.stringValue)
        let message = try harness.call("GET", "/gmail/v1/users/me/messages/\(id)?format=minimal").json
        #expect(message["internalDate"] == "1800000000000")

        let imported = try harness.call("POST", "/gmail/v1/users/me/messages/import", body: ["raw": .string(raw)])
        #expect(imported.status == 200)
        #expect(imported.json["labelIds"] == nil)
        let importedID = try #require(imported.json["id"]?.stringValue)
        let dated = try harness.call("GET", "/gmail/v1/users/me/messages/\(importedID)?format=minimal").json
        #expect(dated["internalDate"] == "1780480800000")

        #expect(try harness.call("POST", "/gmail/v1/users/me/messages", body: ["raw": .string(raw), "labelIds": ["NOPE"]]).json.errorMessage == "Invalid label: NOPE")
        #expect(try harness.call("POST", "/gmail/v1/users/me/messages?internalDateSource=never", body: ["raw": .string(raw)]).status == 400)
        #expect(try harness.call("POST", "/gmail/v1/users/me/messages", grant: "readonly", body: ["raw": .string(raw)]).status == 403)
    }
}
