import DrydockCore
import DrydockTesting
import Foundation
@testable import GmailEmulator
import Testing

/// A reply stored by `insert`/`import` (no `threadId`) joins the thread of the message it answers with
/// the same subject, found through the mailbox's Message-ID index (`MessageIDIndex`), which follows
/// loads, inserts, deletes, renumberings and restarts.
@Suite struct ReplyThreadingTests {
    typealias F = MailboxFixture

    /// Inserts `headers` + a body; answers the new message's `threadId` and `id`.
    static func insert(_ harness: GmailTestHarness, _ headers: String, to emulator: GmailEmulator? = nil) throws -> (thread: String, id: String) {
        let raw = base64url("From: ana@clients.example\r\nTo: owner@harbor.example\r\nDate: Wed, 3 Jun 2026 10:00:00 +0000\r\n"
            + headers.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n\r\nBody.")
        let answer = try harness.call("POST", "/gmail/v1/users/me/messages", body: ["raw": .string(raw), "labelIds": ["INBOX"]], to: emulator)
        #expect(answer.status == 200)
        return (try #require(answer.json["threadId"]?.stringValue), try #require(answer.json["id"]?.stringValue))
    }

    @Test func repliesJoinTheThreadOfLoadedInsertedAndChainedMessagesButNotOfDeletedOnes() throws {
        let harness = try F.harness()
        // A reply to a loaded message.
        let loaded = try Self.insert(harness, "Subject: Re: Charter request\nIn-Reply-To: <Charter-request@clients.example>")
        #expect(loaded.thread == F.id(F.request))
        // To an inserted one, then a References chain through the reply.
        let crew = try Self.insert(harness, "Subject: Crew list\nMessage-ID: <crew@clients.example>")
        #expect(crew.thread == crew.id)
        let second = try Self.insert(harness, "Subject: RE: crew LIST\nMessage-ID: <crew-2@clients.example>\nIn-Reply-To: <CREW@clients.example>")
        #expect(second.thread == crew.id)
        let third = try Self.insert(harness, "Subject: Re: Re: Crew list\nReferences: <nobody@clients.example> <crew-2@clients.example>")
        #expect(third.thread == crew.id)
        // Another subject: its own thread, though it answers a message of the thread.
        let other = try Self.insert(harness, "Subject: Fuel\nIn-Reply-To: <crew@clients.example>")
        #expect(other.thread == other.id)
        // A reply to a message deleted since: its own thread.
        let gone = try Self.insert(harness, "Subject: Gone\nMessage-ID: <gone@clients.example>")
        #expect(try harness.call("DELETE", "/gmail/v1/users/me/messages/\(gone.id)", grant: "full").status == 204)
        let orphan = try Self.insert(harness, "Subject: Re: Gone\nIn-Reply-To: <gone@clients.example>")
        #expect(orphan.thread == orphan.id)
        // Two messages with one Message-ID (an imported copy): deleting one leaves the other answerable.
        let copy = try Self.insert(harness, "Subject: Crew list\nMessage-ID: <crew@clients.example>")
        #expect(copy.thread == copy.id)
        #expect(try harness.call("DELETE", "/gmail/v1/users/me/messages/\(crew.id)", grant: "full").status == 204)
        let late = try Self.insert(harness, "Subject: Re: Crew list\nIn-Reply-To: <crew@clients.example>")
        #expect(late.thread == copy.id)
        // A send naming the thread joins it through the same lookup.
        let sent = try harness.send(
            "From: owner@harbor.example\nTo: ana@clients.example\nSubject: Re: Crew list\nIn-Reply-To: <crew-2@clients.example>\n\nOn it.",
            threadId: crew.id)
        #expect(sent.json["threadId"]?.stringValue == crew.id)
    }

    @Test(.timeLimit(.minutes(1))) func theMessageIDIndexFollowsARestartFromTheLogAndFromASnapshot() throws {
        let data = try TemporaryDirectory("gmail-threading")
        defer { data.remove() }
        let path = data.appending("dir")
        let harness = try F.harness()
        var crew = (thread: "", id: "")
        // Each emulator holds the directory's lock until the end of its scope.
        do {
            let first = try harness.restarted(dataDirectory: path)
            crew = try Self.insert(harness, "Subject: Crew list\nMessage-ID: <crew@clients.example>", to: first)
        }
        do {
            let replayed = try harness.restarted(dataDirectory: path, compactionThreshold: 1)
            #expect(try Self.insert(harness, "Subject: Re: Crew list\nIn-Reply-To: <crew@clients.example>", to: replayed).thread == crew.id)
            #expect(try Self.insert(harness, "Subject: Re: Charter request\nIn-Reply-To: <Charter-request@clients.example>", to: replayed).thread
                == F.id(F.request))
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: path)
        #expect(names.contains { $0.hasPrefix("generation-") && !$0.hasSuffix(".wal") })
        let fromSnapshot = try harness.restarted(dataDirectory: path)
        #expect(try Self.insert(harness, "Subject: Re: Crew list\nReferences: <crew@clients.example>", to: fromSnapshot).thread == crew.id)
    }

    /// Threading a reply reads only the answered messages, however big the mailbox: loaded ones (the
    /// index's sorted part) and added ones (its table), through deletes and a renumbering.
    @Test func aLookupReadsOnlyTheAnsweredMessages() {
        func raw(_ number: Int) -> [UInt8] { Array("From: a@b.example\r\nSubject: Trip \(number)\r\nMessage-ID: <trip-\(number)@b.example>\r\n\r\nx".utf8) }
        let loaded = (0..<3_000).map { number in
            StoredMessage(raw: raw(number % 2_999), numericID: UInt64(1 + number), slot: UInt32(number), threadId: "t\(number)",
                          labelIds: ["INBOX"], historyId: "1", internalDate: Int64(number) * 1000, fileName: nil)
        }
        var mailbox = Mailbox(address: "ops@drydock.example", userLabels: [], messages: loaded, historyId: 1000)
        for number in 3_000..<3_100 {
            mailbox.apply(.addMessage(NewMessage(raw: raw(number), content: nil, id: UInt64(1 + number), threadId: "t\(number)", labelIds: ["INBOX"],
                                                 internalDate: Int64(number) * 1000)))
        }
        #expect(mailbox.messageIDIndex.count == 3_100)
        // Message 2,999 (id 3,000) is a copy of message 0 (id 1): the same Message-ID.
        #expect(mailbox.messages(withMessageIDs: ["trip-3050@b.example", "trip-0@b.example", "trip-7@b.example", "nope@b.example"])
            .map(\.numericID) == [3_051, 3_000, 8, 1])
        #expect(mailbox.messageIDIndex.candidates("trip-7@b.example") == [8])
        #expect(mailbox.messageIDIndex.candidates("trip-3050@b.example") == [3_051])
        mailbox.apply(.deleteMessage(id: 1))
        #expect(mailbox.messages(withMessageIDs: ["trip-0@b.example"]).map(\.numericID) == [3_000])
        for number in 0..<2_500 { mailbox.apply(.deleteMessage(id: UInt64(1 + number))) }
        for number in 3_000..<3_050 { mailbox.apply(.deleteMessage(id: UInt64(1 + number))) }
        #expect(mailbox.index.layout == 1)
        #expect(mailbox.messageIDIndex.count == 550)
        #expect(mailbox.messages(withMessageIDs: ["trip-7@b.example", "trip-3049@b.example"]).isEmpty)
        #expect(mailbox.messages(withMessageIDs: ["trip-2998@b.example", "trip-3050@b.example"]).map(\.numericID) == [3_051, 2_999])
    }
}
