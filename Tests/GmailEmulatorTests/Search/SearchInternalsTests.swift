import Foundation
@testable import GmailEmulator
import Testing

/// The pieces under the query language: word folding, calendar arithmetic, the Pacific-time fallback.
@Suite struct SearchInternalsTests {
    @Test(arguments: [
        ("José Álvarez <jose@example.com>", ["jose", "alvarez", "jose", "example", "com"]),
        ("Anna MÜLLER", ["anna", "muller"]),
        ("Straße", ["strasse"]),
        ("Re: Booking #4411 (confirmed)", ["re", "booking", "4411", "confirmed"]),
        ("  ", []),
        ("Invoice-4411.PDF", ["invoice", "4411", "pdf"]),
        ("ＡＢＣ full-width", ["abc", "full", "width"]),
    ])
    func foldsAndSplitsWords(text: String, words: [String]) {
        #expect(SearchText.words(text) == words)
    }

    @Test(arguments: [("Partners/CharterHub", "partners-charterhub"), ("partners charterhub", "partners-charterhub"),
                      ("Partners - CharterHub", "partners-charterhub"), ("CATEGORY_SOCIAL", "category-social"),
                      ("Über/Größe", "uber-grosse")])
    func labelKeysTreatSeparatorsAlike(name: String, key: String) {
        #expect(SearchText.labelKey(name) == key)
    }

    @Test func civilDatesRoundTrip() {
        for days in stride(from: -800_000, through: 3_000_000, by: 997) {
            #expect(CalendarDay(daysSinceEpoch: days).daysSinceEpoch == days)
        }
        #expect(CalendarDay(daysSinceEpoch: 0) == CalendarDay(year: 1970, month: 1, day: 1))
        #expect(CalendarDay(year: 2025, month: 7, day: 1).daysSinceEpoch == 20_270)
        #expect(CalendarDay(year: 2025, month: 7, day: 6).weekday == 0)  // a Sunday
        #expect(CalendarDay(year: 2025, month: 3, day: 31).adding(months: -1) == CalendarDay(year: 2025, month: 2, day: 28))
        #expect(CalendarDay(year: 2025, month: 1, day: 15).adding(months: -13) == CalendarDay(year: 2023, month: 12, day: 15))
        #expect(!CalendarDay(year: 2025, month: 2, day: 29).isValid)
        #expect(CalendarDay(year: 2000, month: 2, day: 29).isValid)
        #expect(!CalendarDay(year: 1900, month: 2, day: 29).isValid)
    }

    /// Without a tz database the built-in US rules give the same midnights as America/Los_Angeles.
    @Test func fallbackRulesAgreeWithTheTimeZoneDatabase() throws {
        let zone = try #require(TimeZone(identifier: "America/Los_Angeles"))
        let database = PacificMidnight(zone: zone), rules = PacificMidnight(zone: nil)
        let first = CalendarDay(year: 2007, month: 1, day: 1).daysSinceEpoch, last = CalendarDay(year: 2030, month: 12, day: 31).daysSinceEpoch
        for days in first...last {
            let date = CalendarDay(daysSinceEpoch: days)
            #expect(database.milliseconds(at: date) == rules.milliseconds(at: date), "\(date)")
        }
    }

    @Test func operatorsApplyToEachTermOfAGroup() throws {
        var parser = QueryParser(tokens: try QueryLexer.tokens("from:(amy -david) b"), mailboxOwner: nil)
        let node = try parser.parse()
        // Conjunctions test cheap terms first: the from: group (headers) before the free word (body).
        guard case .and(let items) = node, items.count == 2, case .and(let inner) = items[0],
              case .phrase(["b"], .anywhere) = items[1],
              case .phrase(["amy"], let fields) = inner[0], fields == .from,
              case .not(.phrase(["david"], let negatedFields)) = inner[1], negatedFields == .from
        else {
            Issue.record("unexpected tree \(node)")
            return
        }
    }

    @Test func lexerMarksNegationAndAdjacency() throws {
        let tokens = try QueryLexer.tokens("-(a) -\"b c\" x-y from:(z)")
        #expect(tokens.map(\.kind) == [.minus, .open, .word, .close, .minus, .quoted, .word, .word, .open, .word, .close])
        #expect(tokens.map(\.position) == [1, 2, 3, 4, 6, 7, 13, 17, 22, 23, 24])
        #expect(tokens.map(\.joined) == [false, true, true, true, false, true, false, false, true, true, true])
    }
}
