import DrydockCore
import DrydockTesting
import Foundation
import Testing

/// `drydock bookings` and `drydock sheets read` as child processes against live emulators loaded with the
/// default fixtures.
@Suite("Job commands against live emulators")
struct JobCommandTests {
    static let spreadsheet = "1TrIpShEeTsHaRbOrChArTeRs2026DrYdOcKdEmO0a"

    @Test func bookingsJSONListsTheMonthAndWarnsAboutLookAlikes() throws {
        try withEmulators(.live) { harness in
            let result = try Drydock.run(["bookings", "--month", "2026-09", "--json"], against: harness)
            #expect(result.status == 1, "warnings make the exit code 1: \(result.stderr)")
            let lines = try result.stdout.split(separator: "\n").map { try JSONValue.parse(String($0)) }
            let bookings = lines.filter { $0["type"]?.stringValue == "booking" }
            let warnings = lines.filter { $0["type"]?.stringValue == "warning" }
            #expect(bookings.count == 13)
            #expect(warnings.count == 5)
            let first = try #require(bookings.first)
            #expect(first["bookingId"] == "HC-2026-0148")
            #expect(first["guest"] == "Zoë Müller")
            #expect(first["amount"] == .number("4025.00"))
            #expect(bookings.filter { $0["status"] == "cancelled" }.count == 3)
        }
    }

    @Test func bookingsTableFiltersBySenderAndRejectsABadMonth() throws {
        try withEmulators(.live) { harness in
            let result = try Drydock.run(
                ["bookings", "--month", "2026-08", "--from", "confirmations@charterhub.example"], against: harness)
            #expect(result.status == 0, "\(result.stderr)")
            let rows = result.stdout.split(separator: "\n").filter { $0.hasPrefix("HC-") }
            #expect(rows.count == 4)
            #expect(rows.allSatisfy { $0.contains("confirmations@charterhub.example") })

            let bad = try Drydock.run(["bookings", "--month", "2026-13"], against: harness)
            #expect(bad.status == 64)
            #expect(bad.stderr.contains("--month must be YYYY-MM"))
        }
    }

    @Test func sheetsReadCSVQuotedSheetNameAndBadRange() throws {
        try withEmulators(.live) { harness in
            let csv = try Drydock.run(
                ["sheets", "read", Self.spreadsheet, "August!A1:G2", "--render", "unformatted", "--csv"], against: harness)
            #expect(csv.status == 0, "\(csv.stderr)")
            #expect(csv.stdout == "Date,Booking ID,Boat,Captain,Guest,Party,Revenue\n46239,HC-2026-0119,Osprey,Eli Brooks,Łukasz Wiśniewski,9,1090\n")

            let formatted = try Drydock.run(["sheets", "read", Self.spreadsheet, "'Captain''s Notes'!A1:A2", "--json"], against: harness)
            #expect(formatted.status == 0, "\(formatted.stderr)")
            let json = try JSONValue.parse(formatted.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
            #expect(json["range"] == "'Captain''s Notes'!A1:A2")

            let bad = try Drydock.run(["sheets", "read", Self.spreadsheet, "Nope!!A1"], against: harness)
            #expect(bad.status == 64)
            #expect(bad.stderr.contains("Unable to parse range: Nope!!A1"))

            let unknown = try Drydock.run(["sheets", "read", "no-such-spreadsheet", "A1"], against: harness)
            #expect(unknown.status == 78)
            #expect(unknown.stderr.contains("404"))
        }
    }
}
