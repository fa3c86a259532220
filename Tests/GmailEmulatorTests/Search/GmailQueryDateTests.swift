import Foundation
import GmailEmulator
import Testing

/// Date operators at the Pacific-midnight boundary, and relative ages against an injected clock.
@Suite struct GmailQueryDateTests {
    static func message(at instant: String) -> FakeSearchMessage {
        FakeSearchMessage(name: instant, internalDate: SearchFixtures.date(instant))
    }

    struct Boundary: CustomTestStringConvertible, Sendable {
        let day: String
        /// The last instant before 00:00 Pacific and 00:00 Pacific itself, in UTC.
        let lastBefore: String
        let midnight: String
        var testDescription: String { "\(day) starts at \(midnight)" }
    }

    static let boundaries: [Boundary] = [
        // A PDT day (UTC−7): midnight is 07:00Z.
        Boundary(day: "2025/07/01", lastBefore: "2025-07-01T06:59:59Z", midnight: "2025-07-01T07:00:00Z"),
        // A PST day (UTC−8): midnight is 08:00Z.
        Boundary(day: "2025/01/15", lastBefore: "2025-01-15T07:59:59Z", midnight: "2025-01-15T08:00:00Z"),
        // Spring forward at 02:00 local: midnight is still PST.
        Boundary(day: "2025-03-09", lastBefore: "2025-03-09T07:59:59Z", midnight: "2025-03-09T08:00:00Z"),
        // Fall back at 02:00 local: midnight is still PDT.
        Boundary(day: "2025-11-02", lastBefore: "2025-11-02T06:59:59Z", midnight: "2025-11-02T07:00:00Z"),
        // Leap day.
        Boundary(day: "2024/02/29", lastBefore: "2024-02-29T07:59:59Z", midnight: "2024-02-29T08:00:00Z"),
    ]

    @Test(arguments: boundaries)
    func datesStartAtPacificMidnight(_ boundary: Boundary) throws {
        let before = Self.message(at: boundary.lastBefore), at = Self.message(at: boundary.midnight)
        let utcMidnight = Self.message(at: boundary.day.replacingOccurrences(of: "/", with: "-") + "T00:00:00Z")
        for op in ["after", "newer"] {
            let query = try GmailQuery.parse("\(op):\(boundary.day)")
            #expect(!query.matches(before, now: SearchFixtures.now))
            #expect(query.matches(at, now: SearchFixtures.now))
            #expect(!query.matches(utcMidnight, now: SearchFixtures.now))
        }
        for op in ["before", "older"] {
            let query = try GmailQuery.parse("\(op):\(boundary.day)")
            #expect(query.matches(before, now: SearchFixtures.now))
            #expect(!query.matches(at, now: SearchFixtures.now))
        }
    }

    /// Epoch seconds are exact instants, not Pacific dates.
    @Test func epochSecondsAreExact() throws {
        let query = try GmailQuery.parse("after:1751328000 before:1751328001")  // 2025-07-01T00:00:00Z, one second
        #expect(query.matches(Self.message(at: "2025-07-01T00:00:00Z"), now: SearchFixtures.now))
        #expect(!query.matches(Self.message(at: "2025-06-30T23:59:59Z"), now: SearchFixtures.now))
        #expect(!query.matches(Self.message(at: "2025-07-01T00:00:01Z"), now: SearchFixtures.now))
    }

    struct Relative: CustomTestStringConvertible, Sendable {
        let query: String
        let now: String
        let matching: String
        let notMatching: String
        var testDescription: String { "\(query) at \(now)" }
    }

    static let relatives: [Relative] = [
        Relative(query: "newer_than:2d", now: "2025-07-05T00:00:00Z", matching: "2025-07-03T00:00:00Z", notMatching: "2025-07-02T23:59:59Z"),
        Relative(query: "older_than:2d", now: "2025-07-05T00:00:00Z", matching: "2025-07-02T23:59:59Z", notMatching: "2025-07-03T00:00:00Z"),
        Relative(query: "newer_than:0d", now: "2025-07-05T00:00:00Z", matching: "2025-07-05T00:00:00Z", notMatching: "2025-07-04T23:59:59Z"),
        // Calendar months, the day clamped: 31 March − 1 month = 28 February.
        Relative(query: "newer_than:1m", now: "2025-03-31T12:00:00Z", matching: "2025-02-28T12:00:00Z", notMatching: "2025-02-28T11:59:59Z"),
        Relative(query: "older_than:13m", now: "2025-03-31T12:00:00Z", matching: "2024-02-29T11:59:59Z", notMatching: "2024-02-29T12:00:00Z"),
        // Calendar years from a leap day: 29 Feb 2024 − 1 year = 28 Feb 2023.
        Relative(query: "newer_than:1y", now: "2024-02-29T00:00:00Z", matching: "2023-02-28T00:00:00Z", notMatching: "2023-02-27T23:59:59Z"),
        Relative(query: "older_than:2y", now: "2025-07-05T00:00:00Z", matching: "2023-07-04T23:59:59Z", notMatching: "2023-07-05T00:00:00Z"),
    ]

    @Test(arguments: relatives)
    func relativeAgesFollowTheInjectedClock(_ relative: Relative) throws {
        let query = try GmailQuery.parse(relative.query)
        let now = SearchFixtures.date(relative.now)
        let matching = Self.message(at: relative.matching), notMatching = Self.message(at: relative.notMatching)
        #expect(query.matches(matching, now: now))
        #expect(!query.matches(notMatching, now: now))
        #expect(query.matches(GmailSearchDocument(matching), now: now))
        #expect(!query.matches(GmailSearchDocument(notMatching), now: now))
    }

    /// The same parsed query answers differently as the virtual clock advances.
    @Test func advancingTheClockAgesMessages() throws {
        let query = try GmailQuery.parse("newer_than:1d")
        let document = GmailSearchDocument(Self.message(at: "2025-07-01T12:00:00Z"))
        #expect(query.matches(document, now: SearchFixtures.date("2025-07-02T12:00:00Z")))
        #expect(!query.matches(document, now: SearchFixtures.date("2025-07-02T12:00:01Z")))
    }
}
