import DrydockCore
import Foundation
@testable import GmailEmulator
import Testing

@Suite struct HistoryTests {
    typealias F = MailboxFixture

    @Test func everyChangeIsARecordWithItsOwnHistoryId() throws {
        let harness = try F.harness()
        let start = try #require(harness.call("GET", "/gmail/v1/users/me/profile").json["historyId"]?.stringValue)
        #expect(start == "5000")
        _ = try harness.call("POST", "/gmail/v1/users/me/messages/\(F.id(F.newsletter))/modify", body: ["removeLabelIds": ["UNREAD"], "addLabelIds": ["STARRED"]])
        let (_, sent) = try harness.send("To: ana@clients.example\nSubject: Hello\n\nHi")
        _ = try harness.call("DELETE", "/gmail/v1/users/me/messages/\(F.id(F.request))", grant: "full")

        let (status, history) = try harness.call("GET", "/gmail/v1/users/me/history?startHistoryId=\(start)", grant: "readonly")
        #expect(status == 200)
        let records = try #require(history["history"]?.arrayValue)
        #expect(records.map { $0["id"] } == ["5001", "5002", "5003"])
        #expect(records[0]["labelsAdded"] == [["message": ["id": .string(F.id(F.newsletter)), "threadId": .string(F.id(F.newsletter)), "labelIds": ["INBOX", "CATEGORY_UPDATES", "STARRED"]], "labelIds": ["STARRED"]]])
        #expect(records[0]["labelsRemoved"]?.arrayValue?.first?["labelIds"] == ["UNREAD"])
        #expect(records[1]["messagesAdded"]?.arrayValue?.first?["message"]?["id"] == sent["id"])
        #expect(records[2]["messagesDeleted"]?.arrayValue?.first?["message"]?["id"]?.stringValue == F.id(F.request))
        #expect(history["historyId"] == "5003")
        #expect(try harness.call("GET", "/gmail/v1/users/me/profile").json["historyId"] == "5003")
        let message = try harness.call("GET", "/gmail/v1/users/me/messages/\(F.id(F.newsletter))?format=minimal").json
        #expect(message["historyId"] == "5001")

        let added = try harness.call("GET", "/gmail/v1/users/me/history?startHistoryId=\(start)&historyTypes=messageAdded").json
        #expect(added["history"]?.arrayValue?.map { $0["id"] } == ["5002"])
        #expect(added["history"]?.arrayValue?.first?["labelsAdded"] == nil)
        let starred = try harness.call("GET", "/gmail/v1/users/me/history?startHistoryId=\(start)&labelId=STARRED").json
        #expect(starred["history"]?.arrayValue?.map { $0["id"] } == ["5001"])
        let page = try harness.call("GET", "/gmail/v1/users/me/history?startHistoryId=\(start)&maxResults=2").json
        #expect(page["history"]?.arrayValue?.count == 2)
        let token = try #require(page["nextPageToken"]?.stringValue)
        let rest = try harness.call("GET", "/gmail/v1/users/me/history?startHistoryId=\(start)&maxResults=2&pageToken=\(token)").json
        #expect(rest["history"]?.arrayValue?.map { $0["id"] } == ["5003"])
        #expect(rest["nextPageToken"] == nil)
        let none = try harness.call("GET", "/gmail/v1/users/me/history?startHistoryId=5003").json
        #expect(none.objectValue?.map(\.0) == ["historyId"])
    }

    @Test func badAndExpiredStartsAreRefusedAsGmailDoes() throws {
        let harness = try F.harness()
        let missing = try harness.call("GET", "/gmail/v1/users/me/history")
        #expect(missing.status == 400)
        #expect(missing.json.errorMessage == "Missing/invalid parameter: startHistoryId")
        #expect(try harness.call("GET", "/gmail/v1/users/me/history?startHistoryId=abc").status == 400)
        let old = try harness.call("GET", "/gmail/v1/users/me/history?startHistoryId=4000")
        #expect(old.status == 404)
        #expect(old.json.errorMessage == "Requested entity was not found.")
        #expect(try harness.call("GET", "/gmail/v1/users/me/history?startHistoryId=5000&historyTypes=everything").status == 400)
    }

    @Test func theLogKeepsABoundedNumberOfRecords() {
        var history = MailboxHistory(floor: 10)
        for id in 11...UInt64(10 + MailboxHistory.retention + 1) {
            history.append(HistoryRecord(id: id, messageID: "1", threadId: "1", labelIds: [], event: .added))
        }
        #expect(history.records.count == MailboxHistory.retention + 1 - MailboxHistory.retention / 10)
        #expect(history.after(10) == nil)
        #expect(history.after(history.floor)?.first?.id == history.floor + 1)
    }

    @Test func watchAnswersHistoryIdAndExpirationAndStopIsEmpty() throws {
        let harness = try F.harness()
        let (status, watch) = try harness.call("POST", "/gmail/v1/users/me/watch", grant: "readonly", body: ["topicName": "projects/harbor/topics/mail", "labelIds": ["INBOX"]])
        #expect(status == 200)
        #expect(watch["historyId"] == "5000")
        #expect(watch["expiration"] == "1800604800000")
        #expect(try harness.call("POST", "/gmail/v1/users/me/watch", body: ["topicName": "mail"]).status == 400)
        #expect(try harness.call("POST", "/gmail/v1/users/me/stop", grant: "readonly").status == 204)
    }
}
