import DrydockCore
import DrydockTesting
import Foundation
@testable import GmailEmulator
import Testing

@Suite struct PersistenceTests {
    typealias F = MailboxFixture

    @Test(.timeLimit(.minutes(1))) func aRestartOnTheSameDataDirectoryKeepsEveryAcknowledgedWrite() throws {
        let data = try TemporaryDirectory("gmail-data")
        defer { data.remove() }
        let path = data.appending("dir")
        let harness = try F.harness()
        var draftID = "", sentID = "", labelID = ""
        var before: JSONValue = .null
        do {
            // Each emulator holds the directory's lock until it is released at the end of its scope.
            let first = try harness.restarted(dataDirectory: path)
            _ = try harness.call("POST", "/gmail/v1/users/me/messages/\(F.id(F.newsletter))/modify", body: ["removeLabelIds": ["UNREAD"]], to: first)
            labelID = try harness.call("POST", "/gmail/v1/users/me/labels", body: ["name": "Kept"], to: first).json["id"]?.stringValue ?? ""
            draftID = try harness.call("POST", "/gmail/v1/users/me/drafts", grant: "compose",
                                       body: ["message": ["raw": .string(base64url("To: a@b.example\r\n\r\nx"))]], to: first).json["id"]?.stringValue ?? ""
            sentID = try harness.call("POST", "/gmail/v1/users/me/messages/send", grant: "send",
                                      body: ["raw": .string(base64url("To: ana@clients.example\r\nSubject: Persisted\r\n\r\nStill here."))], to: first).json["id"]?.stringValue ?? ""
            #expect(try harness.call("DELETE", "/gmail/v1/users/me/messages/\(F.id(F.request))", grant: "full", to: first).status == 204)
            before = try harness.call("GET", "/gmail/v1/users/me/profile", to: first).json
        }
        do {
            let second = try harness.restarted(dataDirectory: path)
            #expect(try harness.call("GET", "/gmail/v1/users/me/profile", to: second).json == before)
            #expect(try harness.call("GET", "/gmail/v1/users/me/messages/\(F.id(F.newsletter))?format=minimal", to: second).json["labelIds"] == ["INBOX", "CATEGORY_UPDATES"])
            #expect(try harness.call("GET", "/gmail/v1/users/me/messages/\(F.id(F.request))", to: second).status == 404)
            #expect(try harness.call("GET", "/gmail/v1/users/me/labels/\(labelID)", to: second).json["name"] == "Kept")
            #expect(try harness.call("GET", "/gmail/v1/users/me/drafts/\(draftID)", to: second).status == 200)
            #expect(try harness.call("GET", "/gmail/v1/users/me/messages/\(sentID)?format=minimal", to: second).json["snippet"] == "Still here.")
            #expect(try harness.call("GET", "/gmail/v1/users/me/history?startHistoryId=5000", to: second).json["history"]?.arrayValue?.count == 4)

            // reset() goes back to the state the emulator started from and makes it the new snapshot.
            _ = try harness.call("POST", "/gmail/v1/users/me/labels", body: ["name": "Dropped"], to: second)
            second.reset()
            _ = try harness.call("POST", "/gmail/v1/users/me/messages/\(F.id(F.newsletter))/modify", body: ["addLabelIds": ["STARRED"]], to: second)
        }
        let third = try harness.restarted(dataDirectory: path)
        #expect(try harness.call("GET", "/gmail/v1/users/me/messages/\(F.id(F.newsletter))?format=minimal", to: third).json["labelIds"] == ["INBOX", "CATEGORY_UPDATES", "STARRED"])
        #expect(try harness.call("GET", "/gmail/v1/users/me/profile", to: third).json["messagesTotal"] == 4)
        #expect(try harness.call("GET", "/gmail/v1/users/me/labels", to: third).json["labels"]?.arrayValue?.compactMap { $0["name"]?.stringValue }.suffix(2) == ["Bookings", "Kept"])
        #expect(try harness.call("GET", "/gmail/v1/users/me/drafts/\(draftID)", to: third).status == 200)
    }

    @Test func pastTheThresholdTheStateBecomesASnapshotAndTheLogRestarts() throws {
        let data = try TemporaryDirectory("gmail-data")
        defer { data.remove() }
        let path = data.appending("dir")
        let harness = try F.harness()
        var draftID = ""
        do {
            let first = try harness.restarted(dataDirectory: path, compactionThreshold: 1)
            _ = try harness.call("POST", "/gmail/v1/users/me/labels", body: ["name": "Snap", "color": ["textColor": "#000000", "backgroundColor": "#ffffff"]], to: first)
            _ = try harness.call("POST", "/gmail/v1/users/me/messages/\(F.id(F.newsletter))/modify", body: ["addLabelIds": ["Label_2"]], to: first)
            draftID = try harness.call("POST", "/gmail/v1/users/me/drafts", grant: "compose",
                                       body: ["message": ["raw": .string(base64url("To: a@b.example\r\n\r\nx"))]], to: first).json["id"]?.stringValue ?? ""
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
        #expect(names == ["generation-000003", "generation-000003.wal", "lock"])
        #expect(FileManager.default.fileExists(atPath: path + "/generation-000003/gmail/owner@harbor.example.json"))
        let second = try harness.restarted(dataDirectory: path)
        #expect(try harness.call("GET", "/gmail/v1/users/me/labels/Label_2", to: second).json["color"] == ["textColor": "#000000", "backgroundColor": "#ffffff"])
        #expect(try F.labels(harness, F.newsletter, in: second) == ["INBOX", "UNREAD", "CATEGORY_UPDATES", "Label_2"])
        #expect(try harness.call("GET", "/gmail/v1/users/me/drafts/\(draftID)", to: second).status == 200)
        #expect(try harness.call("GET", "/gmail/v1/users/me/messages?q=label:snap", to: second).json["resultSizeEstimate"] == 1)
    }

    @Test func historySurvivesARestartFromASnapshot() throws {
        let data = try TemporaryDirectory("gmail-data")
        defer { data.remove() }
        let path = data.appending("dir")
        let harness = try F.harness()
        var start = ""
        var before: JSONValue?
        do {
            let first = try harness.restarted(dataDirectory: path, compactionThreshold: 1)
            start = try harness.call("GET", "/gmail/v1/users/me/profile", to: first).json["historyId"]?.stringValue ?? ""
            _ = try harness.call("POST", "/gmail/v1/users/me/messages/\(F.id(F.newsletter))/modify", body: ["addLabelIds": ["STARRED"]], to: first)
            _ = try harness.call("POST", "/gmail/v1/users/me/messages/\(F.id(F.newsletter))/modify", body: ["removeLabelIds": ["UNREAD"]], to: first)
            before = try harness.call("GET", "/gmail/v1/users/me/history?startHistoryId=\(start)", to: first).json
        }
        #expect(FileManager.default.fileExists(atPath: path + "/generation-000002/gmail/owner@harbor.example.json"))
        let second = try harness.restarted(dataDirectory: path)
        let after = try harness.call("GET", "/gmail/v1/users/me/history?startHistoryId=\(start)", to: second)
        #expect(after.status == 200)
        #expect(after.json["history"]?.arrayValue?.count == 2)
        #expect(after.json == before)
    }

    @Test func aDamagedLogIsRefusedWithThePath() throws {
        let data = try TemporaryDirectory("gmail-data")
        defer { data.remove() }
        let path = data.appending("dir")
        let harness = try F.harness()
        do {
            let first = try harness.restarted(dataDirectory: path)
            _ = try harness.call("POST", "/gmail/v1/users/me/labels", body: ["name": "One"], to: first)
            _ = try harness.call("POST", "/gmail/v1/users/me/labels", body: ["name": "Two"], to: first)
        }
        let log = path + "/generation-000000.wal"
        var bytes = try #require(FileManager.default.contents(atPath: log))
        bytes[12] ^= 0x20
        try bytes.write(to: URL(fileURLWithPath: log))
        #expect(throws: (any Error).self) { try harness.restarted(dataDirectory: path) }
    }
}
