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
    func aResetPutsBackTheLoadedTextIndexWithoutParsingAgain() throws {
        let batches = Mutex(0)
        let harness = try GmailTestHarness(
            mailboxes: [Self.owner: B.files()], labels: [Self.owner: B.labels], beforeTextBatch: { _, _ in batches.withLock { $0 += 1 } })
        #expect(try count(harness, "breeze") == 20)
        #expect(harness.gmail.waitForTextIndexer(timeout: 30))
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
}
