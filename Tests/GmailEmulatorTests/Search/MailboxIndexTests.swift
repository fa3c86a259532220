@testable import GmailEmulator
import Foundation
import Testing

/// The mailbox's search index against the per-message evaluator, through the changes a mailbox goes
/// through: messages added, relabelled, deleted, labels renamed. Every query must match exactly the
/// messages the per-message path matches.
@Suite struct MailboxIndexTests {
    static let now = Date(timeIntervalSince1970: 1_751_700_000)  // 2025-07-05

    static let queries = [
        "booking", "\"booking confirmation\"", "\"booking confirmation for\"", "\"confirmation booking\"", "\"hc 2025 0042\"",
        "HC-2025-0042", "subject:\"sea breeze\"", "from:ana", "from:\"ana lima\"", "to:ops@drydock.example", "cc:bob",
        "is:unread", "-is:unread", "label:charters", "label:partners-charterhub", "label:Label_1", "has:userlabels",
        "has:nouserlabels", "in:inbox", "in:trash", "has:attachment", "filename:pdf", "filename:\"invoice pdf\"",
        "after:2025/06/01", "before:2025/06/01", "newer_than:10d", "larger:2K", "smaller:2K",
        "sea AROUND 2 breeze", "confirmation AROUND 1 yacht", "{ana bob} -cancelled", "(booking OR invoice) is:unread",
        "-booking", "in:anywhere", "\"breeze yacht\"", "from:\"ana lima charter\" subject:booking", "\"the sea breeze yacht\" -invoice",
        "is:unread \"hc 2025 0042\" after:2025/06/15", "-\"booking confirmation for\" from:ana", "(sea AROUND 2 breeze) label:charters",
    ]

    static func eml(_ index: Int, from: String, subject: String, body: String, date: String, attachment: String? = nil) -> [UInt8] {
        var text = "From: \(from)\r\nTo: ops@drydock.example\r\nCc: Bob <bob@crew.example>\r\nSubject: \(subject)\r\n"
            + "Date: \(date)\r\nMessage-ID: <m\(index)@drydock.example>\r\n"
        if let attachment {
            text += "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n\(body)\r\n"
                + "--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"\(attachment)\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--b--\r\n"
        } else {
            text += "\r\n\(body)\r\n"
        }
        return Array(text.utf8)
    }

    static func mailbox() -> Mailbox {
        var mailbox = Mailbox(address: "ops@drydock.example", userLabels: [GmailLabel(id: "Label_1", name: "Charters")], messages: [],
                              historyId: 1000)
        let messages: [(String, String, String, String, String?)] = [
            ("Ana Lima <ana@charter.example>", "Booking confirmation HC-2025-0042", "Your booking confirmation for the Sea Breeze yacht",
             "Tue, 01 Jul 2025 10:00:00 +0000", nil),
            ("Bob <bob@crew.example>", "Invoice", "Invoice attached, booking cancelled", "Sun, 01 Jun 2025 10:00:00 +0000", "invoice.pdf"),
            ("Ana Lima <ana@charter.example>", "Sea breeze", "The sea was calm and the breeze strong; confirmation follows yacht",
             "Mon, 10 Mar 2025 10:00:00 +0000", nil),
            ("ops@drydock.example", "Re: Booking confirmation", String(repeating: "booking confirmation ", count: 200),
             "Wed, 02 Jul 2025 10:00:00 +0000", "notes.txt"),
        ]
        for (index, message) in messages.enumerated() {
            let raw = eml(index, from: message.0, subject: message.1, body: message.2, date: message.3, attachment: message.4)
            let content = MessageContent(raw: raw)
            mailbox.apply(.addMessage(NewMessage(
                raw: raw, content: nil, id: UInt64(100 + index), threadId: "t\(index)", labelIds: index == 3 ? ["SENT"] : ["INBOX", "UNREAD"],
                internalDate: content.internalDate)))
        }
        return mailbox
    }

    /// The names (numeric ids) the per-message path matches, newest first.
    static func expected(_ query: GmailQuery, _ mailbox: Mailbox) -> [UInt64] {
        mailbox.messages.filter { message in
            query.matches(MessageSearchFields(
                content: MessageContent(raw: message.raw), labelIds: message.labelIds, labelNames: message.labelIds.map(mailbox.labelName),
                internalDate: message.internalDateMilliseconds), now: now)
        }.map(\.numericID)
    }

    static func indexed(_ query: GmailQuery, _ mailbox: Mailbox) -> [UInt64] {
        let slots = mailbox.slots(matching: query, now: now)
        return mailbox.messages.filter { slots.contains($0.slot) }.map(\.numericID)
    }

    static func checkEveryQuery(_ mailbox: Mailbox, _ stage: String) throws {
        for text in queries {
            let query = try GmailQuery.parse(text, mailboxOwner: mailbox.address)
            #expect(indexed(query, mailbox) == expected(query, mailbox), "\(stage): q=\(text)")
        }
    }

    /// `textFirst`: the text indexed before the changes (else every search indexes a copy).
    @Test(arguments: [false, true])
    func theIndexAnswersAsEveryMessageWouldThroughChanges(textFirst: Bool) throws {
        var mailbox = Self.mailbox()
        if textFirst { mailbox.buildTextIndex() }
        #expect(mailbox.index.hasText == textFirst)
        try Self.checkEveryQuery(mailbox, "loaded")
        #expect(Self.indexed(try GmailQuery.parse("\"booking confirmation\""), mailbox) == [103, 100])

        mailbox.apply(.setLabels(id: 100, labelIds: ["INBOX", "Label_1"]))
        mailbox.apply(.setLabels(id: 101, labelIds: ["TRASH", "UNREAD"]))
        try Self.checkEveryQuery(mailbox, "relabelled")
        #expect(Self.indexed(try GmailQuery.parse("label:charters"), mailbox) == [100])

        mailbox.apply(.putLabel(GmailLabel(id: "Label_1", name: "Partners/CharterHub")))
        try Self.checkEveryQuery(mailbox, "renamed")
        #expect(Self.indexed(try GmailQuery.parse("label:partners-charterhub"), mailbox) == [100])
        #expect(Self.indexed(try GmailQuery.parse("label:charters"), mailbox) == [])

        let raw = Self.eml(9, from: "Ana Lima <ana@charter.example>", subject: "Booking confirmation", body: "Sea breeze yacht booking",
                           date: "Thu, 03 Jul 2025 10:00:00 +0000", attachment: "invoice.pdf")
        mailbox.apply(.addMessage(NewMessage(
            raw: raw, content: nil, id: 109, threadId: "t9", labelIds: ["INBOX", "Label_1"], internalDate: MessageContent(raw: raw).internalDate)))
        try Self.checkEveryQuery(mailbox, "added")
        #expect(Self.indexed(try GmailQuery.parse("\"booking confirmation\" has:attachment"), mailbox) == [109, 103])

        mailbox.apply(.deleteMessage(id: 102))
        mailbox.apply(.deleteLabel(id: "Label_1"))
        try Self.checkEveryQuery(mailbox, "deleted")
        #expect(Self.indexed(try GmailQuery.parse("-booking"), mailbox) == [])
        #expect(mailbox.index.hasText == textFirst)
    }

    @Test func labelDateAndSizeSearchesLeaveTheTextUnindexed() throws {
        let mailbox = Self.mailbox()
        for text in ["is:unread", "label:charters after:2025/06/01", "larger:1K -in:inbox"] {
            let query = try GmailQuery.parse(text)
            #expect(!query.readsText)
            #expect(Self.indexed(query, mailbox) == Self.expected(query, mailbox))
        }
        #expect(try GmailQuery.parse("has:attachment").readsText)
        #expect(!mailbox.index.hasText)
    }

    @Test func listingsHideSpamAndTrashAndRequireLabels() throws {
        var mailbox = Self.mailbox()
        mailbox.apply(.setLabels(id: 101, labelIds: ["TRASH"]))
        let ids = { (set: SlotSet) in mailbox.messages.filter { set.contains($0.slot) }.map(\.numericID) }
        #expect(ids(mailbox.listing(query: nil, required: [], hidden: ["SPAM", "TRASH"], now: Self.now)) == [103, 100, 102])
        #expect(ids(mailbox.listing(query: nil, required: ["TRASH"], hidden: ["SPAM"], now: Self.now)) == [101])
        #expect(ids(mailbox.listing(query: nil, required: ["INBOX", "UNREAD"], hidden: [], now: Self.now)) == [100, 102])
        let page = mailbox.store.page(mailbox.listing(query: nil, required: [], hidden: [], now: Self.now), after: mailbox.message(100), size: 1)
        #expect(page.items.map(\.numericID) == [101])
        #expect(page.more)
    }

    @Test func commonTermsBecomeBitSetsAndRareOnesStayLists() {
        var postings = TermPostings()
        for slot in 0..<200 { postings.append(7, UInt32(slot)) }
        postings.append(7, 199)
        for slot in [3, 90, 5_000] { postings.append(9, UInt32(slot)) }
        #expect(postings.posting(7)?.dense?.count == 200)
        #expect(postings.posting(7)?.sparse == [])
        #expect(postings.posting(9)?.sparse == [3, 90, 5_000])
        #expect(postings.posting(11) == nil)
        var many = TermPostings()
        for key in 1...5_000 { many.append(UInt64(key) << 20, UInt32(key)) }
        #expect((1...5_000).allSatisfy { many.posting(UInt64($0) << 20)?.sparse == [UInt32($0)] })
    }
}
