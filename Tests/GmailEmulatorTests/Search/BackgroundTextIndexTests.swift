import DrydockCore
import Foundation
@testable import GmailEmulator
import Synchronization
import Testing

/// The text index is built in the background (`GmailEmulator+TextIndex.swift`): the indexer is held at
/// its first batch through the injected hook, and calls that need no body text must be answered
/// meanwhile; a text search waits for the index (or, past `textIndexWait`, indexes a copy) and is exact
/// either way, including for a message sent while the index was being built.
@Suite struct BackgroundTextIndexTests {
    static let owner = GmailTestHarness.owner

    /// Holds the indexer at its first batch until `open()`; later batches pass.
    final class Gate: Sendable {
        let reached = DispatchSemaphore(value: 0)
        private let opened = DispatchSemaphore(value: 0)
        private let calls = Mutex(0)

        func hook(_ email: String, _ slot: Int) {
            let first = calls.withLock { count in
                count += 1
                return count == 1
            }
            guard first else { return }
            reached.signal()
            opened.wait()
        }

        func open() { opened.signal() }
    }

    /// 40 messages: even ones are about a "sea breeze" charter, odd ones about an invoice; the first
    /// five unread.
    static func files() -> [String: String] {
        var files: [String: String] = [:]
        for day in 1...40 {
            files[String(format: "m%02d.eml", day)] = MailFixtures.plain(
                subject: "Message \(day)", date: String(format: "Mon, %02d Jun 2026 08:00:00 +0000", (day - 1) % 28 + 1),
                body: day % 2 == 0 ? "the sea breeze charter number \(day)" : "invoice number \(day) is attached")
        }
        return files
    }

    static let labels = """
    {"labels": [], "messages": {"m01.eml": ["INBOX", "UNREAD"], "m02.eml": ["INBOX", "UNREAD"], "m03.eml": ["INBOX", "UNREAD"],
     "m04.eml": ["INBOX", "UNREAD"], "m05.eml": ["INBOX", "UNREAD"]}}
    """

    func ids(_ json: JSONValue) -> [String] { (json["messages"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue } }

    /// The ids of `q`'s matches, from a scan of every message of the mailbox as it is now.
    func scanned(_ harness: GmailTestHarness, _ q: String) throws -> [String] {
        let mailbox = try #require(harness.gmail.mailbox(Self.owner))
        let query = try GmailQuery.parse(q, mailboxOwner: Self.owner)
        return mailbox.messages.filter { message in
            !message.inSpamOrTrash && query.matches(MessageSearchFields(
                content: MessageContent(raw: message.raw), labelIds: message.labelIds, labelNames: message.labelIds,
                internalDate: message.internalDateMilliseconds), now: harness.clock.now())
        }.map(\.id)
    }

    @Test(.timeLimit(.minutes(1)))
    func callsWithoutTextAreAnsweredWhileTheIndexIsBuiltAndTextSearchesWaitForIt() async throws {
        let gate = Gate()
        let harness = try GmailTestHarness(mailboxes: [Self.owner: Self.files()], labels: [Self.owner: Self.labels], beforeTextBatch: gate.hook)
        defer { gate.open() }
        #expect(await offPool { gate.reached.wait(timeout: .now() + 60) } == .success)

        // The indexer is inside its first batch, holding nothing: every call below needs no body text.
        let all = try harness.getJSON("/gmail/v1/users/me/messages?maxResults=100")
        #expect(all.status == 200)
        #expect(ids(all.json).count == 40)
        let unread = try harness.getJSON("/gmail/v1/users/me/messages?q=is:unread")
        #expect(unread.status == 200)
        #expect(ids(unread.json).count == 5)
        let recent = try harness.getJSON("/gmail/v1/users/me/messages?q=after:2026/06/20")
        #expect(recent.json["resultSizeEstimate"] == 9)
        #expect(ids(recent.json) == (try scanned(harness, "after:2026/06/20")))
        let first = try #require(ids(all.json).first)
        #expect(try harness.getJSON("/gmail/v1/users/me/messages/\(first)").status == 200)
        #expect(try harness.getJSON("/gmail/v1/users/me/profile").json["messagesTotal"] == 40)
        #expect(try harness.call("POST", "/gmail/v1/users/me/messages/\(first)/modify", body: ["addLabelIds": ["STARRED"]]).status == 200)
        // A message sent while the index is built: the index must catch up with it.
        let sent = try harness.send("From: \(Self.owner)\nTo: ana@clients.example\nSubject: Sea breeze\n\nA sea breeze charter, sent late\n")
        #expect(sent.status == 200)
        #expect(harness.gmail.mailbox(Self.owner)?.index.hasText == false)

        // A text search now waits for the index, on its own thread; the gate opens and it answers.
        let answer = Mutex<(status: Int, json: JSONValue)?>(nil)
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) let searching = harness
        DispatchQueue.global().async {
            let result = try? searching.getJSON("/gmail/v1/users/me/messages?q=%22sea%20breeze%22&maxResults=100")
            answer.withLock { $0 = result }
            done.signal()
        }
        gate.open()
        #expect(await offPool { done.wait(timeout: .now() + 60) } == .success)
        let search = try #require(answer.withLock { $0 })
        #expect(search.status == 200)
        #expect(harness.gmail.mailbox(Self.owner)?.index.hasText == true)
        let expected = try scanned(harness, "\"sea breeze\"")
        #expect(expected.count == 21)
        #expect(ids(search.json) == expected)
        let odd = try harness.getJSON("/gmail/v1/users/me/messages?q=number%20-sea&maxResults=100")
        #expect(ids(odd.json).count == 20)
        #expect(ids(odd.json) == (try scanned(harness, "number -sea")))
    }

    @Test(.timeLimit(.minutes(1)))
    func aTextSearchThatCannotWaitIndexesACopyAndIsExact() async throws {
        let gate = Gate()
        let harness = try GmailTestHarness(
            mailboxes: [Self.owner: Self.files()], labels: [Self.owner: Self.labels], textIndexWait: 0, beforeTextBatch: gate.hook)
        defer { gate.open() }
        #expect(await offPool { gate.reached.wait(timeout: .now() + 60) } == .success)
        let search = try harness.getJSON("/gmail/v1/users/me/messages?q=invoice%20OR%20%22breeze%20charter%20number%204%22&maxResults=100")
        #expect(search.status == 200)
        #expect(ids(search.json) == (try scanned(harness, "invoice OR \"breeze charter number 4\"")))
        #expect(ids(search.json).count == 21)
        // The indexer is still held: the search indexed a copy, the mailbox's own index is not there yet.
        #expect(harness.gmail.mailbox(Self.owner)?.index.hasText == false)
    }

    @Test(.timeLimit(.minutes(1)))
    func aResetGivesBackTheLoadedMailboxesSearch() async throws {
        let harness = try GmailTestHarness(mailboxes: [Self.owner: Self.files()], labels: [Self.owner: Self.labels])
        let gmail = harness.gmail
        #expect(await offPool { gmail.waitForTextIndexer(timeout: 60) })
        #expect(try harness.getJSON("/gmail/v1/users/me/messages?q=breeze&maxResults=100").json["resultSizeEstimate"] == 20)
        #expect(try harness.send("From: \(Self.owner)\nTo: ana@clients.example\nSubject: Breeze\n\nbreeze\n").status == 200)
        #expect(try harness.getJSON("/gmail/v1/users/me/messages?q=breeze&maxResults=100").json["resultSizeEstimate"] == 21)
        harness.gmail.reset()
        #expect(try harness.getJSON("/gmail/v1/users/me/messages?q=breeze&maxResults=100").json["resultSizeEstimate"] == 20)
        #expect(harness.gmail.mailbox(Self.owner)?.index.hasText == true)
    }
}
