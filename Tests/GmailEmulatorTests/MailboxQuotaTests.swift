import DrydockCore
@testable import GmailEmulator
import Testing

/// The per-mailbox storage quota, and the ids and history ids sends mint however many there are.
@Suite struct MailboxQuotaTests {
    static let owner = GmailTestHarness.owner

    /// A ~1 KB message to `ana@clients.example`.
    static let kilobyte = "From: owner@harbor.example\nTo: ana@clients.example\nSubject: filler\n\n" + String(repeating: "charter ", count: 118)

    static let quotaBody: JSONValue = ["error": .object([
        ("code", 403),
        ("message", "The user's Drive storage quota has been exceeded."),
        ("errors", [["message": "The user's Drive storage quota has been exceeded.", "domain": "global", "reason": "storageQuotaExceeded"]]),
        ("status", "PERMISSION_DENIED"),
    ])]

    @Test func aSendPastTheQuotaIsRefusedAndStoresNothing() throws {
        let harness = try GmailTestHarness(mailboxes: [Self.owner: [:]], mailboxQuotaBytes: 4_000)
        var accepted = 0
        var refusal: (status: Int, json: JSONValue)?
        for _ in 0..<10 {
            let result = try harness.send(Self.kilobyte)
            if result.status != 200 { refusal = result; break }
            accepted += 1
        }
        // Each stored message is ~1,100 bytes (Gmail adds Date and Message-ID): three fit in 4,000.
        #expect(accepted == 3)
        let refused = try #require(refusal)
        #expect(refused.status == 403)
        #expect(refused.json == Self.quotaBody)
        #expect(refused.json.serialized().contains("\"errors\":[{\"message\""))
        #expect(try harness.getJSON("/gmail/v1/users/me/profile").json["messagesTotal"] == 3)
        #expect(try harness.getJSON("/gmail/v1/users/me/messages").json["resultSizeEstimate"] == 3)

        // A smaller message that still fits is accepted.
        #expect(try harness.send("To: ana@clients.example\n\nhi").status == 200)

        // Reset empties the mailbox of sent mail, and sends work again.
        harness.gmail.reset()
        #expect(try harness.send(Self.kilobyte).status == 200)
    }

    /// Fixture messages count toward the quota: a mailbox loaded at its quota accepts no send.
    @Test func fixtureMessagesCount() throws {
        let fixture = MailFixtures.plain(subject: "Loaded", date: "Mon, 01 Jun 2026 08:00:00 +0000")
        let size = fixture.replacingOccurrences(of: "\n", with: "\r\n").utf8.count
        let harness = try GmailTestHarness(mailboxes: [Self.owner: ["a.eml": fixture]], mailboxQuotaBytes: size + 10)
        let result = try harness.send(Self.kilobyte)
        #expect(result.status == 403)
        #expect(result.json.errorReason == "storageQuotaExceeded")
        #expect(try harness.getJSON("/gmail/v1/users/me/profile").json["messagesTotal"] == 1)
    }

    /// An account with no mailbox gets none from a refused send (its profile stays the fixture's).
    @Test func aRefusedFirstSendCreatesNoMailbox() throws {
        let harness = try GmailTestHarness(mailboxes: [:], mailboxQuotaBytes: 10)
        #expect(try harness.send(Self.kilobyte).status == 403)
        #expect(harness.gmail.mailbox(Self.owner) == nil)
    }

    @Test func theDefaultQuotaIs32MiB() {
        #expect(GmailEmulator.defaultMailboxQuotaBytes == 33_554_432)
    }

    // MARK: Ids and history ids

    /// More than 2²⁰ sends in one millisecond run into the next millisecond's ids; the old masking
    /// reused the millisecond's own ids, and once all 2²⁰ were taken the send looped forever.
    @Test func sequencesPastTwentyBitsCarryIntoTheTime() {
        let ms: Int64 = 1_800_000_000_000
        #expect(MessageID.forSend(milliseconds: ms, sequence: 0x10_0001) == MessageID.forSend(milliseconds: ms + 1, sequence: 1))
        #expect(MessageID.forSend(milliseconds: ms, sequence: 5) == UInt64(ms) << 20 | 5)
    }

    /// However far the virtual clock is advanced, sent ids stay ids Gmail can parse.
    @Test func idsStayBelowTwoToThe63() {
        let id = MessageID.forSend(milliseconds: 95_000_000_000_000, sequence: 1)  // year ~5000
        #expect(MessageID.parse(MessageID.string(id)) == id)
    }

    @Test func mintingSkipsTakenIds() throws {
        let harness = try GmailTestHarness(mailboxes: [Self.owner: [:]])
        let first = try harness.send(Self.kilobyte)
        let mailbox = try #require(harness.gmail.mailbox(Self.owner))
        var sequence: UInt64 = 0
        let taken = try #require(first.json["id"]?.stringValue.flatMap(MessageID.parse))
        // The clock has not moved: sequence 1 gives the id already taken, so 2 is used.
        #expect(GmailEmulator.mintID(milliseconds: 1_800_000_000_000, sequence: &sequence, in: mailbox) != taken)
        #expect(sequence == 2)
    }

    @Test func historyIdsBeyondTwoToThe63AreRefusedAtLoad() throws {
        let profiles = #"{"profiles": [{"email": "owner@harbor.example", "history_id": "18446744073709551615"}]}"#
        #expect { try GmailTestHarness(mailboxes: [Self.owner: [:]], profiles: profiles) } throws: { error in
            "\(error)".contains("profiles[0].history_id: 18446744073709551615 is too large (at most 9223372036854775807)")
        }
    }

    /// At the largest history id allowed, sends still work (the counter stops rather than trap).
    @Test func sendsAtTheLargestHistoryIdWork() throws {
        let profiles = #"{"profiles": [{"email": "owner@harbor.example", "history_id": "9223372036854775807"}]}"#
        let harness = try GmailTestHarness(mailboxes: [Self.owner: [:]], profiles: profiles)
        #expect(try harness.send(Self.kilobyte).status == 200)
        var mailbox = Mailbox(address: "x@y.example", userLabels: [], messages: [], historyId: .max)
        #expect(mailbox.nextHistoryId() == .max)
    }
}
