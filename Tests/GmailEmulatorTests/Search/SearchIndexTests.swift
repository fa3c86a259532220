@testable import GmailEmulator
import Testing

/// The compact search index: a table sized for the distinct words only, every field's words as slots
/// into it, and the same answers as the lazy path.
@Suite struct SearchIndexTests {
    static let now = SearchFixtures.now

    @Test func theTableIsSizedForDistinctWords() {
        let body = Array(repeating: "alpha beta gamma", count: 400).joined(separator: " ")
        let document = GmailSearchDocument(FakeSearchMessage(name: "repeat", subject: "delta", bodyText: body))
        #expect(document.text.sequence.count == 1_201)
        #expect(document.text.table.count == 8)  // 4 distinct words, at most half full
        #expect(document.text.table.filter { $0 != 0 }.count == 4)
    }

    @Test(arguments: [
        ("\"gamma alpha\"", true), ("\"alpha gamma\"", false), ("subject:delta", true), ("subject:alpha", false),
        ("alpha AROUND 0 beta", true), ("delta AROUND 5 alpha", false), ("\"beta gamma alpha beta\"", true), ("epsilon", false),
        ("from:\"ana lima\"", true), ("from:\"lima bob\"", false), ("lima AROUND 1 bob", false), ("ana AROUND 0 lima", true),
    ])
    func slotsAnswerAsFingerprintsDo(query: String, matches: Bool) throws {
        let body = Array(repeating: "alpha beta gamma", count: 400).joined(separator: " ")
        let message = FakeSearchMessage(name: "repeat", from: ["Ana Lima <ana@x.example>", "Bob <bob@y.example>"], subject: "delta", bodyText: body)
        let parsed = try GmailQuery.parse(query)
        #expect(parsed.matches(GmailSearchDocument(message), now: Self.now) == matches)
        #expect(parsed.matches(message, now: Self.now) == matches)
    }
}
