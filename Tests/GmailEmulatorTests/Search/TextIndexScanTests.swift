@testable import GmailEmulator
import Foundation
import Testing

/// The compact text index against a brute-force scan (every message parsed and tested by the
/// per-message evaluator) on a generated mailbox: random words from a small vocabulary (so words are
/// common and word pairs rare), a sentence shared by a third of the messages (identical sets, kept
/// once), one rare reference word per message, attachments, labels and dates; queries mixing words,
/// phrases, negation, OR, AROUND, `label:`, dates and `has:attachment`. The index is built in chunks
/// of 32 slots, so merging chunks and lists turning into sets are exercised.
@Suite struct TextIndexScanTests {
    static let now = Date(timeIntervalSince1970: 1_751_700_000)  // 2025-07-05
    static let vocabulary = [
        "sea", "breeze", "yacht", "booking", "confirmation", "cancelled", "invoice", "captain", "marina", "harbor", "sunset",
        "crew", "deck", "anchor", "sail", "port", "storm", "calm", "guest", "party", "dinner", "cruise", "boat", "dock",
    ]
    static let shared = "your charter is confirmed today"
    static let senders = ["Ana Lima <ana@charter.example>", "Bob Reed <bob@crew.example>", "Cy <cy@port.example>", "ops@drydock.example"]
    static let labelSets: [[String]] = [["INBOX"], ["INBOX", "UNREAD"], ["INBOX", "Label_1"], ["SENT"], ["TRASH"], ["INBOX", "Label_2", "UNREAD"]]

    /// A deterministic generator (xorshift64*), so a failure names a reproducible mailbox.
    struct Random {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return Int((state &* 0x2545_F491_4F6C_DD1D) >> 33) % bound
        }
        mutating func words(_ range: ClosedRange<Int>) -> [String] {
            (0..<(range.lowerBound + next(range.count))).map { _ in TextIndexScanTests.vocabulary[next(TextIndexScanTests.vocabulary.count)] }
        }
    }

    static func message(_ number: Int, _ random: inout Random) -> (raw: [UInt8], labels: [String]) {
        var body = random.words(3...30)
        if number % 3 == 0 { body.insert(contentsOf: shared.split(separator: " ").map(String.init), at: random.next(body.count + 1)) }
        body.append("ref\(number)")
        let subject = random.words(1...5).joined(separator: " ")
        let day = 1 + random.next(28), month = 1 + random.next(7)
        let date = "\(day) \(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul"][month - 1]) 2025 10:00:00 +0000"
        var text = "From: \(senders[random.next(senders.count)])\r\nTo: ops@drydock.example\r\nSubject: \(subject)\r\nDate: \(date)\r\n"
            + "Message-ID: <g\(number)@drydock.example>\r\n"
        if random.next(5) == 0 {
            let file = random.words(1...2).joined(separator: "-") + ".pdf"
            text += "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n"
                + body.joined(separator: " ") + "\r\n--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"\(file)\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--b--\r\n"
        } else {
            text += "\r\n" + body.joined(separator: " ") + "\r\n"
        }
        return (Array(text.utf8), labelSets[random.next(labelSets.count)])
    }

    static func add(_ count: Int, from first: Int, to mailbox: inout Mailbox, _ random: inout Random) {
        for number in first..<(first + count) {
            let (raw, labels) = message(number, &random)
            mailbox.apply(.addMessage(NewMessage(
                raw: raw, content: nil, id: UInt64(1_000 + number), threadId: "t\(number)", labelIds: labels,
                internalDate: MessageContent(raw: raw).internalDate)))
        }
    }

    static func emptyMailbox() -> Mailbox {
        Mailbox(address: "ops@drydock.example", userLabels: [GmailLabel(id: "Label_1", name: "Charters"), GmailLabel(id: "Label_2", name: "Partners")],
                messages: [], historyId: 1000)
    }

    /// Random queries over the vocabulary, plus fixed ones for the shared sentence and the rare words.
    static func queries(_ random: inout Random) -> [String] {
        func word() -> String { vocabulary[random.next(vocabulary.count)] }
        var queries = [
            "\"charter is confirmed\"", "\"your charter is confirmed today\"", "-\"charter is\"", "ref7", "ref7 OR ref150", "-ref3",
            "\"is confirmed today\" label:charters", "charter AROUND 2 today", "has:attachment -\"charter is confirmed\"", "filename:pdf ref12",
            "ref499", "{ref1 ref2 ref3} -ref2",
        ]
        for _ in 0..<60 {
            let (a, b, c) = (word(), word(), word())
            let query: String
            switch random.next(19) {
            case 0: query = a
            case 1: query = "-" + a
            case 2: query = a + " " + b
            case 3: query = "\"\(a) \(b)\""
            case 4: query = "\"\(a) \(b) \(c)\""
            case 5: query = "\(a) OR \(b)"
            case 6: query = "{\(a) \(b)} -\(c)"
            case 7: query = "subject:\(a)"
            case 8: query = "subject:\"\(a) \(b)\""
            case 9: query = "from:ana \(a)"
            case 10: query = "label:charters \(a)"
            case 11: query = "is:unread -\"\(a) \(b)\""
            case 12: query = "after:2025/04/01 \(a) before:2025/06/15"
            case 13: query = "(\(a) OR \"\(b) \(c)\") -\(word())"
            case 14: query = "has:attachment \(a)"
            case 15: query = "filename:\(a)"
            case 16: query = "\(a) AROUND 3 \(b)"
            case 17: query = "in:trash \(a)"
            default: query = "-label:partners \"\(a) \(b)\" OR ref\(random.next(500))"
            }
            queries.append(query)
        }
        return queries
    }

    /// Every message parsed once for the brute-force scan, newest first.
    static func parsed(_ mailbox: Mailbox) -> [(id: UInt64, fields: MessageSearchFields)] {
        mailbox.messages.map { message in
            (message.numericID, MessageSearchFields(
                content: MessageContent(raw: message.raw), labelIds: message.labelIds, labelNames: message.labelIds.map(mailbox.labelName),
                internalDate: message.internalDateMilliseconds))
        }
    }

    static func indexed(_ query: GmailQuery, _ mailbox: Mailbox) -> [UInt64] {
        let slots = mailbox.slots(matching: query, now: now)
        return mailbox.messages.filter { slots.contains($0.slot) }.map(\.numericID)
    }

    static func compare(_ queries: [String], _ mailbox: Mailbox, _ stage: String) throws {
        #expect(mailbox.index.hasText, "\(stage): the text is indexed")
        var nonEmpty = 0
        let messages = parsed(mailbox)
        for text in queries {
            let query = try GmailQuery.parse(text, mailboxOwner: mailbox.address)
            let expected = messages.filter { query.matches($0.fields, now: now) }.map(\.id)
            if !expected.isEmpty { nonEmpty += 1 }
            #expect(indexed(query, mailbox) == expected, "\(stage): q=\(text)")
        }
        // The queries must test something: most match some messages.
        #expect(nonEmpty * 2 > queries.count, "\(stage): \(nonEmpty) of \(queries.count) queries match")
    }

    @Test(.timeLimit(.minutes(1)), arguments: [UInt64(1)])
    func theCompactIndexAnswersAsAScanOfEveryMessage(seed: UInt64) throws {
        var random = Random(state: 0x9E37_79B9_7F4A_7C15 &* seed)
        var mailbox = Self.emptyMailbox()
        Self.add(400, from: 0, to: &mailbox, &random)
        let queries = Self.queries(&random)

        // Built in the background's way: from a snapshot, while the mailbox changes.
        let snapshot = mailbox
        var builder = TextIndexBuilder(chunkSize: 32)
        snapshot.collectText(into: &builder, upTo: snapshot.index.slotCount, parallel: false)
        Self.add(40, from: 400, to: &mailbox, &random)
        mailbox.apply(.deleteMessage(id: 1_005))
        mailbox.apply(.setLabels(id: 1_007, labelIds: ["INBOX", "Label_1"]))
        #expect(!mailbox.index.hasText)
        mailbox.installText(builder.finish())
        try Self.compare(queries, mailbox, "installed after changes")

        // Messages added after the index was built go to its small growable table.
        Self.add(60, from: 440, to: &mailbox, &random)
        mailbox.apply(.deleteMessage(id: 1_012))
        try Self.compare(queries, mailbox, "added after")
    }

    @Test func chunksMergeListsBecomeSetsAndIdenticalSetsAreKeptOnce() {
        var builder = TextIndexBuilder(chunkSize: 8)
        // Key 5 in every slot, key 6 in every slot (the same set), key 7 in slots 3 and 90 only.
        for slot in 0..<200 {
            var keys: [UInt64] = [5, 6]
            if slot == 3 || slot == 90 { keys.append(7) }
            builder.add(MessageTerms(keys: keys, hasAttachment: false, shortWords: [], shortEnds: Array(repeating: 0, count: MessageTerms.shortFields.count)))
        }
        let text = builder.finish()
        #expect(text.terms.termCount == 3)
        #expect(text.terms.holders(5)?.count == 200)
        #expect(text.terms.holders(5) == text.terms.holders(6))
        #expect(text.terms.denseCount == 2)
        #expect(text.terms.setCount == 1)
        #expect(text.terms.holders(7) == SlotSet([3, 90]))
        #expect(text.terms.holders(8) == nil)
        #expect(text.shortStarts.count == 200 * (MessageTerms.shortFields.count + 1))
    }
}
