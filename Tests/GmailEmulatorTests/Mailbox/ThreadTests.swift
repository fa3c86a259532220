import DrydockCore
import Foundation
@testable import GmailEmulator
import Testing

@Suite struct ThreadTests {
    typealias F = MailboxFixture

    @Test func listGivesEachThreadOnceNewestFirstAndPages() throws {
        let harness = try F.harness()
        let all = try harness.call("GET", "/gmail/v1/users/me/threads", grant: "readonly").json
        #expect(F.ids(all, "threads") == [F.id(F.newsletter), F.id(F.request)])
        #expect(all["resultSizeEstimate"] == 2)
        let first = try #require(all["threads"]?.arrayValue?.first)
        #expect(first.objectValue?.map(\.0) == ["id", "snippet", "historyId"])
        let page = try harness.call("GET", "/gmail/v1/users/me/threads?maxResults=1").json
        #expect(F.ids(page, "threads") == [F.id(F.newsletter)])
        let token = try #require(page["nextPageToken"]?.stringValue)
        let next = try harness.call("GET", "/gmail/v1/users/me/threads?maxResults=1&pageToken=\(token)").json
        #expect(F.ids(next, "threads") == [F.id(F.request)])
        #expect(next["nextPageToken"] == nil)
        #expect(F.ids(try harness.call("GET", "/gmail/v1/users/me/threads?q=confirmed").json, "threads") == [F.id(F.request)])
        #expect(F.ids(try harness.call("GET", "/gmail/v1/users/me/threads?labelIds=UNREAD").json, "threads") == [F.id(F.newsletter)])
        #expect(try harness.call("GET", "/gmail/v1/users/me/threads?pageToken=123").status == 400)
    }

    @Test func getReturnsEveryMessageOldestFirstInTheAskedFormat() throws {
        let harness = try F.harness()
        let (status, thread) = try harness.call("GET", "/gmail/v1/users/me/threads/\(F.id(F.request))?format=metadata&metadataHeaders=Subject", grant: "readonly")
        #expect(status == 200)
        #expect(thread.objectValue?.map(\.0) == ["id", "historyId", "messages"])
        #expect(F.ids(thread, "messages") == [F.id(F.request), F.id(F.reply)])
        #expect(thread["messages"]?.arrayValue?.first?["payload"]?["headers"] == [["name": "Subject", "value": "Charter request"]])
        #expect(try harness.call("GET", "/gmail/v1/users/me/threads/\(F.id(F.request))?format=raw").status == 400)
        #expect(try harness.call("GET", "/gmail/v1/users/me/threads/1234").status == 404)
        #expect(try harness.call("GET", "/gmail/v1/users/me/threads/xyz").json.errorMessage == "Invalid id value")
    }

    @Test func modifyTrashUntrashAndDeleteApplyToEveryMessage() throws {
        let harness = try F.harness()
        let target = "/gmail/v1/users/me/threads/\(F.id(F.request))"
        let modified = try harness.call("POST", target + "/modify", body: ["addLabelIds": ["STARRED"]])
        #expect(modified.status == 200)
        #expect(modified.json["messages"]?.arrayValue?.map { $0["labelIds"] } == [["INBOX", "Label_1", "STARRED"], ["SENT", "STARRED"]])
        #expect(try harness.call("POST", target + "/modify", body: ["removeLabelIds": ["SENT"]]).json.errorMessage == "Invalid label: SENT")
        #expect(try F.labels(harness, F.reply) == ["SENT", "STARRED"])
        _ = try harness.call("POST", target + "/trash")
        #expect(try F.labels(harness, F.reply) == ["SENT", "STARRED", "TRASH"])
        #expect(F.ids(try harness.call("GET", "/gmail/v1/users/me/threads").json, "threads") == [F.id(F.newsletter)])
        _ = try harness.call("POST", target + "/untrash")
        #expect(try F.labels(harness, F.request) == ["INBOX", "Label_1", "STARRED"])
        #expect(try harness.call("DELETE", target, grant: "modify").status == 403)
        #expect(try harness.call("DELETE", target, grant: "full").status == 204)
        #expect(try harness.call("GET", target).status == 404)
        #expect(try harness.call("GET", "/gmail/v1/users/me/profile").json["threadsTotal"] == 1)
    }
}
