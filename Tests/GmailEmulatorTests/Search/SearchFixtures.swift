import Foundation
@testable import GmailEmulator

/// A message for search tests: only the fields `SearchableMessage` asks for.
struct FakeSearchMessage: SearchableMessage, Sendable {
    var name: String
    var from: [String] = []
    var to: [String] = []
    var cc: [String] = []
    var bcc: [String] = []
    var subject = ""
    var bodyText = ""
    var labelIds: [String] = []
    var labelNames: [String] = []
    var internalDate = SearchFixtures.date("2025-07-01T12:00:00Z")
    var attachmentFilenames: [String] = []
    var hasAttachment: Bool { !attachmentFilenames.isEmpty }
    var sizeEstimate = 1000
}

/// A small mailbox covering every operator.
enum SearchFixtures {
    static func date(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)!
    }

    static let now = date("2025-07-05T00:00:00Z")

    static let messages: [FakeSearchMessage] = [
        FakeSearchMessage(
            name: "booking",
            from: ["José Álvarez <jose@charterhub.example>"], to: ["ops@drydock.example"],
            cc: ["Anna Müller <anna@partners.example>"],
            subject: "Booking confirmation #4411",
            bodyText: "Your booking for the yacht Sea Breeze is confirmed. Dinner on Friday at the marina.",
            labelIds: ["INBOX", "UNREAD", "IMPORTANT", "CATEGORY_UPDATES", "Label_1"], labelNames: ["Partners/CharterHub"],
            internalDate: date("2025-07-01T07:00:00Z"), attachmentFilenames: ["Invoice-4411.pdf"], sizeEstimate: 250_000),
        FakeSearchMessage(
            name: "newsletter",
            from: ["Deals <deals@shop.example>"], to: ["ops@drydock.example"],
            subject: "Summer sale", bodyText: "Books and booking tips for the season",
            labelIds: ["INBOX", "CATEGORY_PROMOTIONS"], internalDate: date("2025-06-15T12:00:00Z"), sizeEstimate: 40_000),
        FakeSearchMessage(
            name: "sent",
            from: ["ops@drydock.example"], to: ["jose@charterhub.example"], bcc: ["audit@drydock.example"],
            subject: "Re: Booking confirmation #4411", bodyText: "Thanks José, see you Friday for dinner.",
            labelIds: ["SENT"], internalDate: date("2025-07-02T16:00:00Z"), sizeEstimate: 5_000),
        FakeSearchMessage(
            name: "spam",
            from: ["Prince <prince@scam.example>"], to: ["ops@drydock.example"],
            subject: "You won", bodyText: "Claim your prize now",
            labelIds: ["SPAM", "UNREAD"], internalDate: date("2025-07-03T09:00:00Z"), sizeEstimate: 2_000),
        FakeSearchMessage(
            name: "trash",
            from: ["old@partners.example"], to: ["ops@drydock.example"],
            subject: "Old itinerary", bodyText: "Itinerary attached",
            labelIds: ["TRASH", "STARRED", "CATEGORY_PERSONAL"], internalDate: date("2025-01-10T10:00:00Z"),
            attachmentFilenames: ["itinerary.docx"], sizeEstimate: 3 * 1024 * 1024 + 1),
        FakeSearchMessage(
            name: "draft",
            from: ["ops@drydock.example"], to: ["crew@drydock.example"],
            subject: "Crew schedule", bodyText: "Schedule draft for the crew",
            labelIds: ["DRAFT"], internalDate: date("2025-07-04T20:00:00Z"), sizeEstimate: 800),
        FakeSearchMessage(
            name: "social",
            from: ["Friend <friend@social.example>"], to: ["ops@drydock.example"],
            subject: "Photos from the regatta", bodyText: "Dinner was great; Friday again?",
            labelIds: ["INBOX", "CATEGORY_SOCIAL", "STARRED", "Label_2"], labelNames: ["Family Trips"],
            internalDate: date("2024-12-24T18:00:00Z"), attachmentFilenames: ["regatta photo.JPG"],
            sizeEstimate: 1024 * 1024 + 1),
        FakeSearchMessage(
            name: "forum",
            from: ["Forum Digest <list@forums.example>"], to: ["ops@drydock.example"],
            subject: "Weekly digest", bodyText: "dinner one two three four five six friday",
            labelIds: ["CATEGORY_FORUMS", "UNREAD"], internalDate: date("2025-03-09T08:30:00Z"), sizeEstimate: 12_000),
    ]

    static var names: [String] { messages.map(\.name) }

    /// Names of the fixture messages `query` matches, in fixture order, through the lazy path.
    static func matching(_ query: GmailQuery, now: Date = now) -> [String] {
        messages.filter { query.matches($0, now: now) }.map(\.name)
    }

    /// The same through a `MailboxIndex` of the fixtures (sets of slots; long phrases and AROUND checked
    /// message by message through the lazy path).
    static func matchingMailboxIndex(_ query: GmailQuery, now: Date = now) -> [String] {
        let stored = messages.enumerated().map { slot, message in
            StoredMessage(
                raw: [UInt8](repeating: 0x20, count: message.sizeEstimate), numericID: UInt64(slot + 1), slot: UInt32(slot),
                threadId: "t\(slot)", labelIds: message.labelIds, historyId: "1", internalDate: message.internalDate.searchMilliseconds,
                fileName: nil)
        }
        let index = MailboxIndex(messages: stored, terms: messages.map { MessageTerms($0) })
        var names: [String: String] = [:]
        for message in messages {
            for (id, name) in zip(message.labelIds.filter { SystemLabels.bit(for: $0) == nil }, message.labelNames) { names[id] = name }
        }
        let slots = IndexEvaluator.slots(
            query.program, in: index, now: now.searchMilliseconds, labelName: { names[$0] ?? $0 },
            bodyContains: { slot, phrase in
                SearchText.fingerprints(messages[Int(slot)].bodyText).withUnsafeBufferPointer { WordSequence.contains($0, phrase) }
            }
        ) { slot, operation in
            query.matches(operation: operation, of: messages[Int(slot)], now: now)
        }
        return messages.indices.filter { slots.contains(UInt32($0)) }.map { messages[$0].name }
    }

    /// The same through precomputed documents.
    static func matchingIndexed(_ query: GmailQuery, now: Date = now) -> [String] {
        messages.filter { query.matches(GmailSearchDocument($0), now: now) }.map(\.name)
    }
}
