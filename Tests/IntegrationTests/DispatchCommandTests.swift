import DrydockCore
import DrydockFixtures
import DrydockTesting
import Foundation
import Testing

/// `drydock dispatch` as a child process against live emulators (IMDS credentials only, DynamoDB in two
/// regions loaded from the default fixtures).
@Suite("dispatch against live emulators")
struct DispatchCommandTests {
    /// Booking ids of the ledger's charters departing in [from, to] (UTC days).
    static func ledgerBookings(from: String, to: String) throws -> Set<String> {
        let data = try #require(FileManager.default.contents(atPath: DrydockFixtures.defaultDirectory + "/ledger.json"))
        let charters = try #require(try JSONValue.parse(Array(data))["charters"]?.arrayValue)
        let start = try #require(RFC3339.date(from: from + "T00:00:00Z"))
        let end = try #require(RFC3339.date(from: to + "T23:59:59Z"))
        return Set(charters.compactMap { charter -> String? in
            guard let departs = charter["departs_at"]?.stringValue.flatMap(RFC3339.date(from:)),
                  departs >= start, departs <= end else { return nil }
            return charter["booking_id"]?.stringValue
        })
    }

    @Test func mergesBothRegionsWithoutDuplicates() throws {
        let fixtures = DrydockFixtures.defaultDirectory + "/dynamodb"
        try #require(FileManager.default.fileExists(atPath: fixtures), "no DynamoDB fixtures at \(fixtures)")
        let expected = try Self.ledgerBookings(from: "2026-09-01", to: "2026-09-30")
        try withEmulators(.live) { harness in
            let result = try Drydock.run(["dispatch", "--from", "2026-09-01", "--to", "2026-09-30", "--json"], against: harness)
            #expect(result.status == 0, "\(result.stderr)")
            let lines = try result.stdout.split(separator: "\n").map { try JSONValue.parse(String($0)) }
            let ids = lines.compactMap { $0["bookingId"]?.stringValue }
            #expect(ids.count == Set(ids).count, "a booking listed twice")
            #expect(Set(ids) == expected)
            #expect(Set(lines.compactMap { $0["region"]?.stringValue }) == ["us-east-1", "us-west-2"])
            #expect(lines.contains { ($0["chats"]?.arrayValue?.count ?? 0) > 0 })
        }
    }

    @Test func aFailingRegionMakesThePartialExitCode() throws {
        try withEmulators(.live) { harness in
            try harness.addFault(#"{"service":"dynamodb","header":{"name":"Authorization","value":"*/us-west-2/*"},"action":{"type":"status","status":500}}"#)
            let result = try Drydock.run(
                ["dispatch", "--from", "2026-09-01", "--to", "2026-09-30"], against: harness,
                extra: ["AWS_MAX_ATTEMPTS": "1"])
            #expect(result.status == 2, "\(result.stderr)")
            #expect(result.stderr.contains("region us-west-2 failed"))
            #expect(result.stdout.contains("in us-east-1 (missing: us-west-2)"), "\(result.stdout)")
            #expect(result.stdout.contains("us-east-1"))
        }
    }

    @Test func rejectsBadDates() throws {
        try withEmulators(.live) { harness in
            let result = try Drydock.run(["dispatch", "--from", "2026-09-31", "--to", "2026-09-01"], against: harness)
            #expect(result.status == 64)
            #expect(result.stderr.contains("--from must be a date YYYY-MM-DD"))
        }
    }
}
