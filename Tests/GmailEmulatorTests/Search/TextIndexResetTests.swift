import DrydockCore
import Foundation
@testable import GmailEmulator
import Synchronization
import Testing

/// A reset and the background text index: the loaded mailboxes get back the index built for them
/// (nothing is parsed again, and nothing added since is found), and a build that a reset overtook is
/// dropped, not installed into the mailbox that replaced the one it read.
@Suite struct TextIndexResetTests {
    typealias B = BackgroundTextIndexTests
    static let owner = GmailTestHarness.owner

    func count(_ harness: GmailTestHarness, _ q: String) throws -> JSONValue? {
        let encoded = q.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? q
        return try harness.getJSON("/gmail/v1/users/me/messages?q=\(encoded)&maxResults=100").json["resultSizeEstimate"]
    }

    @Test(.timeLimit(.minutes(1)))
    func aResetPutsBackTheLoadedTextIndexWithoutParsingAgain() async throws {
        let batches = Mutex(0)
        let harness = try GmailTestHarness(
            mailboxes: [Self.owner: B.files()], labels: [Self.owner: B.labels], beforeTextBatch: { _, _ in batches.withLock { $0 += 1 } })
        let gmail = harness.gmail
        #expect(await offPool { gmail.waitForTextIndexer(timeout: 60) })
        #expect(try count(harness, "breeze") == 20)
        let built = batches.withLock { $0 }
        #expect(built == 1)
        #expect(try harness.send("From: \(Self.owner)\nTo: ana@clients.example\nSubject: Breeze\n\nbreeze again\n").status == 200)
        // A loaded message deleted: the reset brings it back.
        let loaded = try harness.getJSON("/gmail/v1/users/me/messages?q=%22sea%20breeze%22&maxResults=1").json
        let first = try #require(loaded["messages"]?.arrayValue?.first?["id"]?.stringValue)
        #expect(try harness.call("DELETE", "/gmail/v1/users/me/messages/\(first)", grant: "full").status == 204)
        #expect(try count(harness, "breeze") == 20)
        #expect(try count(harness, "again") == 1)

        harness.gmail.reset()
        // The text index is there at once: no thread ran, nothing was parsed.
        #expect(harness.gmail.mailbox(Self.owner)?.index.hasText == true)
        #expect(try count(harness, "breeze") == 20)
        #expect(try count(harness, "again") == 0)
        #expect(try count(harness, "\"sea breeze charter number 40\"") == 1)
        #expect(batches.withLock { $0 } == built)
        // Messages added after the reset are indexed as they arrive.
        #expect(try harness.send("From: \(Self.owner)\nTo: ana@clients.example\nSubject: Later\n\nanother breeze\n").status == 200)
        #expect(try count(harness, "breeze") == 21)
        #expect(try count(harness, "another") == 1)
        harness.gmail.reset()
        #expect(try count(harness, "breeze") == 20)
        #expect(try count(harness, "another") == 0)
    }

    /// The indexer is held inside its build of a mailbox created by a send; a reset drops that mailbox
    /// and a send makes a new one, with another message in the same slot. The held build is stale:
    /// installed, it would answer with the first message's words for the second message.
    @Test(.timeLimit(.minutes(1)))
    func aBuildOvertakenByAResetIsDropped() async throws {
        let gate = B.Gate()
        let harness = try GmailTestHarness(textIndexWait: 0, beforeTextBatch: gate.hook)
        defer { gate.open() }
        #expect(try harness.send("From: \(Self.owner)\nTo: ana@clients.example\nSubject: Alpha\n\nalpha charter\n").status == 200)
        // With no wait, this search indexes a copy, and starts the indexer, which stops at the gate.
        #expect(try count(harness, "alpha") == 1)
        #expect(await offPool { gate.reached.wait(timeout: .now() + 60) } == .success)

        harness.gmail.reset()
        #expect(harness.gmail.mailbox(Self.owner) == nil)
        #expect(try harness.send("From: \(Self.owner)\nTo: ana@clients.example\nSubject: Beta\n\nbeta charter\n").status == 200)
        gate.open()
        let gmail = harness.gmail
        #expect(await offPool { gmail.waitForTextIndexer(timeout: 60) })

        let mailbox = try #require(harness.gmail.mailbox(Self.owner))
        #expect(mailbox.index.hasText)
        #expect(try count(harness, "beta") == 1)
        #expect(try count(harness, "alpha") == 0)
        #expect(try count(harness, "charter") == 1)
    }

    /// The same for the other install that overtakes a build: deletes renumbering the mailbox's slots
    /// (`Mailbox.renumberSlots`) while the indexer reads the loaded mailbox. The first loaded message is
    /// deleted, so every other one moves down a slot: the held build would give each the words of the
    /// message before it.
    @Test(.timeLimit(.minutes(1)))
    func aBuildOvertakenByARenumberingIsDropped() async throws {
        let gate = B.Gate()
        let harness = try GmailTestHarness(mailboxes: [Self.owner: B.files()], labels: [Self.owner: B.labels], beforeTextBatch: gate.hook)
        defer { gate.open() }
        #expect(await offPool { gate.reached.wait(timeout: .now() + 60) } == .success)
        let first = MessageID.string(MessageID.forFile("m01.eml"))
        #expect(try harness.call("DELETE", "/gmail/v1/users/me/messages/\(first)", grant: "full").status == 204)
        // With at most 8 dead slots kept, 39 live messages are renumbered at the 40th dead slot.
        harness.gmail.state.withLock { $0.mailboxes[Self.owner]?.deadSlotFloor = 8 }
        let raw = base64url("From: ana@clients.example\r\nTo: owner@harbor.example\r\nSubject: Churn\r\n\r\nchurn")
        for _ in 0..<45 {
            let id = try #require(try harness.call("POST", "/gmail/v1/users/me/messages", body: ["raw": .string(raw)]).json["id"]?.stringValue)
            #expect(try harness.call("DELETE", "/gmail/v1/users/me/messages/\(id)", grant: "full").status == 204)
        }
        #expect(harness.gmail.mailbox(Self.owner)?.index.layout == 1)
        gate.open()
        let gmail = harness.gmail
        #expect(await offPool { gmail.waitForTextIndexer(timeout: 60) })

        #expect(harness.gmail.mailbox(Self.owner)?.index.hasText == true)
        let scan = B()
        for q in ["\"sea breeze\"", "invoice", "number -sea", "\"charter number 2\""] {
            let encoded = q.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? q
            let found = try harness.getJSON("/gmail/v1/users/me/messages?q=\(encoded)&maxResults=100").json
            #expect(scan.ids(found) == (try scan.scanned(harness, q)), "q=\(q)")
        }
        #expect(try count(harness, "invoice") == 19)
    }
}
