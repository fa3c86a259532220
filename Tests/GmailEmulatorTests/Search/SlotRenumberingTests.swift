@testable import GmailEmulator
import Foundation
import Testing

/// Deleted messages' index slots are dropped once they outnumber the live ones (`Mailbox.renumberSlots`):
/// an insert/delete loop leaves the index the size of the mailbox, and every query answers as the
/// per-message evaluator does before, between and after renumberings.
@Suite struct SlotRenumberingTests {
    /// The dead slots a mailbox keeps regardless of its size, lowered from 1,024 so a few dozen deletes
    /// renumber (each round parses a message: thousands would hold a test thread for seconds).
    static let floor = 40

    static func churn(_ round: Int) -> NewMessage {
        let raw = MailboxIndexTests.eml(
            1_000 + round, from: "Carla Mendes <carla@charter.example>", subject: "Churn \(round) booking",
            body: "booking churn \(round) on the sea breeze yacht", date: "Thu, 03 Jul 2025 10:00:00 +0000",
            attachment: round % 2 == 0 ? "churn\(round).pdf" : nil)
        return NewMessage(raw: raw, content: nil, id: UInt64(10_000 + round), threadId: "c\(round)", labelIds: ["INBOX", "UNREAD"],
                          internalDate: MessageContent(raw: raw).internalDate)
    }

    /// The most term holders one churn message adds.
    static var holdersPerMessage: Int {
        [99_998, 99_999].map { round in
            let message = churn(round)
            return Set(MessageTerms(content: MessageContent(raw: message.raw), labelIds: [], internalDate: message.internalDate).keys).count
        }.max() ?? 0
    }

    static func answers(_ mailbox: Mailbox) throws -> [[UInt64]] {
        try MailboxIndexTests.queries.map { try MailboxIndexTests.indexed(GmailQuery.parse($0, mailboxOwner: mailbox.address), mailbox) }
    }

    /// `textFirst`: the text indexed before the loop (its terms renumbered too), else indexed at the end.
    @Test(arguments: [false, true])
    func anInsertDeleteLoopLeavesTheIndexTheSizeOfTheMailbox(textFirst: Bool) throws {
        var mailbox = MailboxIndexTests.mailbox()
        mailbox.deadSlotFloor = Self.floor
        if textFirst { mailbox.buildTextIndex() }
        let before = try Self.answers(mailbox)
        let start = mailbox.index.footprint
        let rounds = 3 * Self.floor
        var layout = mailbox.index.layout
        for round in 0..<rounds {
            mailbox.apply(.addMessage(Self.churn(round)))
            mailbox.apply(.deleteMessage(id: UInt64(10_000 + round)))
            if mailbox.index.layout != layout {
                layout = mailbox.index.layout
                try MailboxIndexTests.checkEveryQuery(mailbox, "renumbered at round \(round)")
            }
        }
        #expect(mailbox.index.layout >= 2)
        #expect(mailbox.index.liveCount == 4)
        #expect(mailbox.index.slotCount <= 4 + Self.floor + 1)
        #expect(mailbox.index.footprint.termHolders <= start.termHolders + (Self.floor + 1) * Self.holdersPerMessage)
        if !textFirst { mailbox.buildTextIndex() }
        #expect(try Self.answers(mailbox) == before)
        try MailboxIndexTests.checkEveryQuery(mailbox, "after the loop")
    }

    /// Renumbering with new messages kept among the deleted ones, relabelled, and deleted from the
    /// fixtures too; then more messages added after it (in the new numbering).
    @Test func renumberingKeepsLiveMessagesAndTheirLabels() throws {
        var mailbox = MailboxIndexTests.mailbox()
        mailbox.deadSlotFloor = Self.floor
        mailbox.buildTextIndex()
        for round in 0..<(Self.floor + 100) {
            mailbox.apply(.addMessage(Self.churn(round)))
            if round % 50 == 0 {
                mailbox.apply(.setLabels(id: UInt64(10_000 + round), labelIds: ["INBOX", "Label_1"]))
            } else {
                mailbox.apply(.deleteMessage(id: UInt64(10_000 + round)))
            }
            if round == 10 { mailbox.apply(.deleteMessage(id: 101)) }
        }
        #expect(mailbox.index.layout >= 1)
        #expect(mailbox.index.liveCount == mailbox.messages.count)
        #expect(mailbox.messages.allSatisfy { mailbox.message(inSlot: $0.slot)?.numericID == $0.numericID })
        try MailboxIndexTests.checkEveryQuery(mailbox, "renumbered")
        let kept = mailbox.messages.filter { $0.numericID >= 10_000 }.map(\.numericID)
        #expect(kept.count == 3)
        let charters = MailboxIndexTests.indexed(try GmailQuery.parse("label:charters churn"), mailbox)
        #expect(charters == kept)
        mailbox.apply(.addMessage(Self.churn(50_000)))
        try MailboxIndexTests.checkEveryQuery(mailbox, "added after renumbering")
        #expect(MailboxIndexTests.indexed(try GmailQuery.parse("\"churn 50000\""), mailbox) == [60_000])
    }
}
