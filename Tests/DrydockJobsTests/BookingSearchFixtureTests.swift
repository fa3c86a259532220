import DrydockCore
import DrydockFixtures
import DrydockJobs
import DrydockTesting
import Foundation
import Testing

/// `drydock bookings` over the default mailbox must find exactly the charters the fixture ledger says
/// were confirmed by mail, with the right fields, and warn about every look-alike.
@Suite struct BookingSearchFixtureTests {
    struct Charter {
        let id, date, guest, amount, currency, status: String
        let party: Int
    }

    static func ledger() throws -> [Charter] {
        let data = try #require(FileManager.default.contents(atPath: DrydockFixtures.defaultDirectory + "/ledger.json"))
        let json = try JSONValue.parse(Array(data))
        return try #require(json["charters"]?.arrayValue).map { charter in
            Charter(
                id: charter["booking_id"]?.stringValue ?? "", date: charter["charter_date"]?.stringValue ?? "",
                guest: charter["guest"]?["name"]?.stringValue ?? "", amount: charter["amount"]?.stringValue ?? "",
                currency: charter["currency"]?.stringValue ?? "", status: charter["status"]?.stringValue ?? "",
                party: charter["party_size"]?.intValue ?? 0)
        }
    }

    @Test(arguments: ["2026-08", "2026-09", "2026-10"])
    func findsEveryConfirmedCharterOfTheMonth(month: String) throws {
        let expected = try Self.ledger().filter { $0.date.hasPrefix(month) }.sorted { ($0.date, $0.id) < ($1.date, $1.id) }
        try withEmulators(.inProcess) { harness in
            let session = try GoogleSession(environment: harness.environment, transport: harness.transport)
            let result = try BookingSearch(gmail: session.gmail).run(month: try #require(BookingSearch.Month(month)))
            #expect(result.confirmations.map(\.bookingID) == expected.map(\.id))
            for (found, charter) in zip(result.confirmations, expected) {
                #expect(found.charterDateText == charter.date, "\(charter.id)")
                #expect(found.guest == charter.guest, "\(charter.id)")
                #expect(found.partySize == charter.party, "\(charter.id)")
                #expect(found.amountText == charter.amount, "\(charter.id)")
                #expect(found.currency == charter.currency, "\(charter.id)")
                #expect(found.status == charter.status, "\(charter.id)")
            }
        }
    }

    @Test func warnsAboutLookAlikesOnceInTheMonthTheyArrived() throws {
        try withEmulators(.inProcess) { harness in
            let session = try GoogleSession(environment: harness.environment, transport: harness.transport)
            let search = BookingSearch(gmail: session.gmail)
            let september = try search.run(month: try #require(BookingSearch.Month("2026-09")))
            // The no-amount resend, the staging template, the captain's forward, the hotel, the garbled date.
            #expect(september.warnings.count == 5)
            let corrected = september.warnings.filter(\.confirmedElsewhere).compactMap(\.bookingID).sorted()
            #expect(corrected == ["HC-2026-0159", "HC-2026-0172", "HC-2026-0181"])
            #expect(september.warnings.allSatisfy { !$0.problems.isEmpty })
            let october = try search.run(month: try #require(BookingSearch.Month("2026-10")))
            #expect(october.warnings.isEmpty)
        }
    }
}
