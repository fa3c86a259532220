import DrydockJobs
import DrydockServices
import Foundation
import Testing

@Suite struct ConfirmationParserTests {
    let received = Date(timeIntervalSince1970: 1_786_000_000)

    func parse(_ text: String) -> ConfirmationParser.Outcome {
        ConfirmationParser.parse(text: text, messageID: "m1", sender: "noreply@bookings.example", receivedAt: received)
    }

    @Test func plainTextConfirmation() throws {
        let outcome = parse("""
            Thank you for booking with Harbor Charters!

            Booking ID: HC-2026-0142
            Charter date: 2026-08-14
            Guest: José Álvarez
            Party size: 6
            Total: $1,250.00
            """)
        guard case .confirmation(let booking) = outcome else { Issue.record("not parsed: \(outcome)"); return }
        #expect(booking.bookingID == "HC-2026-0142")
        #expect(booking.charterDateText == "2026-08-14")
        #expect(booking.guest == "José Álvarez")
        #expect(booking.partySize == 6)
        #expect(booking.amountText == "1250.00")
        #expect(booking.currency == "USD")
    }

    @Test func htmlTableFlattenedWithEuroDecimalComma() throws {
        let text = HTMLText.plain("""
            <table><tr><td>Booking reference</td><td>HC-2026-0007</td></tr>
            <tr><td>Departure date</td><td>Friday, September 4, 2026</td></tr>
            <tr><td>Lead guest</td><td>Zo&euml; M&uuml;ller</td></tr>
            <tr><td>Guests</td><td>4 adults</td></tr>
            <tr><td>Total paid</td><td>1.980,50 €</td></tr></table>
            """)
        guard case .confirmation(let booking) = parse(text) else { Issue.record("not parsed: \(text)"); return }
        #expect(booking.bookingID == "HC-2026-0007")
        #expect(booking.charterDateText == "2026-09-04")
        #expect(booking.partySize == 4)
        #expect(booking.amountText == "1980.50")
        #expect(booking.currency == "EUR")
    }

    @Test func longestLabelWins() {
        guard case .confirmation(let booking) = parse("Booking ID: HC-2026-0001\nDate: 08/30/2026\nName: A B\nPax: 2\nTotal paid: CAD 900\nTotal: $1") else {
            Issue.record("not parsed"); return
        }
        #expect(booking.amountText == "900.00")
        #expect(booking.currency == "CAD")
        #expect(booking.charterDateText == "2026-08-30")
    }

    @Test(arguments: [
        ("Booking ID: HC-2026-0142\nCharter date: 2026-08-14\nGuest: A\nParty size: 2", ["has no amount"]),
        ("Booking ID: HC-2026-0142\nCharter date: 2026-02-30\nGuest: A\nParty size: 2\nTotal: $5", ["has an unreadable charter date '2026-02-30'"]),
        ("Charter date: 2026-08-14\nGuest: A\nParty size: 2\nTotal: $5", ["has no booking id"]),
        ("Booking ID: HC-2026-0142\nCharter date: soon\nGuest: A\nParty size: many\nTotal: lots", [
            "has an unreadable charter date 'soon'", "has an unreadable party size 'many'", "has an unreadable amount 'lots'",
        ]),
    ])
    func incompleteConfirmationsListEveryProblem(text: String, problems: [String]) {
        #expect(parse(text) == .unreadable(problems))
    }

    @Test(arguments: [
        ("Booking Confirmation HC-2026-0142", true), ("Your charter is confirmed", true),
        ("Re: Booking Confirmation HC-2026-0142", false), ("Booking cancelled — confirmation", false), ("Fwd: Booking Confirmation HC-2026-0172", true),
        ("Harbor Charters newsletter", false),
    ])
    func subjects(subject: String, expected: Bool) {
        #expect(ConfirmationParser.looksLikeConfirmation(subject: subject) == expected)
    }

    @Test func monthQueryWindows() throws {
        let month = try #require(BookingSearch.Month("2026-01"))
        #expect(BookingSearch.query(month: month, selection: .received, from: "a@b.example", extra: "x") ==
            "after:2026/01/01 before:2026/02/01 from:a@b.example x")
        #expect(BookingSearch.query(month: month, selection: .charter, from: nil, extra: "x") == "after:2025/01/01 before:2026/02/01 x")
        for bad in ["2026-13", "2026-1", "26-01", "2026/01", ""] { #expect(BookingSearch.Month(bad) == nil) }
    }

    @Test func tableAlignsWideCharacters() {
        let table = TextTable.render(headers: ["NAME", "N"], rows: [["山田 太郎", "1"], ["Zoë", "2"]])
        let lines = table.split(separator: "\n").map(String.init)
        #expect(lines[2] == "山田 太郎  1")
        #expect(lines[3] == "Zoë        2")
        #expect(CSVText.line(["a", "b,c", "d\"e"]) == "a,\"b,c\",\"d\"\"e\"")
    }
}
