import DrydockJobs
import DrydockServices
import DrydockTesting
import GmailEmulator
import Foundation
import Testing

/// Confirmations in shapes the built-in formats do not know, read through a formats file written here —
/// the user's path (a file, not code): a marketplace "Booking Confirmed … #ID" mail, a prose one-liner
/// from a person, an HTML-table reservation system with its own id scheme, a European-locale total.
@Suite struct BookingFormatsFixtureTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/formats").path

    /// The formats file of the README's "Your own confirmation formats".
    static let formatsFile = #"""
        version: 1
        formats:
          - name: sailmarket
            match:
              from: sailmarket.example
              subject: '(?i)^booking confirmed'
            dates: ['EEE, MMM d', 'MMM d']
            fields:
              bookingId: {regex: '#(?<bookingId>[A-Z]{2}-\d{4})', in: [subject]}
              charterDate: {labels: [Trip date]}
              guest: {labels: [Guest]}
              partySize: {labels: [Guests]}
              amount: {labels: [Payout total]}
              status: {labels: [Status]}
          - name: marta
            match:
              from: marta.q@mail.example
              body: just confirming
            dates: ['d MMMM yyyy']
            fields:
              # One regex reads four fields of a one-line message.
              guest:
                regex: 'confirming:\s*(?<guest>[^,]+),\s*party of (?<partySize>\w+),\s*on (?<charterDate>\d{1,2} \w+ \d{4}),\s*we agreed (?<amount>€\s?[\d.,]+)'
              bookingId: {regex: 'ref (?<bookingId>[A-Z]{2}-\d+)'}
          - name: bluewave
            match:
              from: bluewave.example
              listId: partners.bluewave.example
            dates: ['dd/MM/yyyy']
            fields:
              bookingId: {labels: [Reservation], regex: '(?<bookingId>R-\d{5})', in: [html]}
              charterDate: {labels: [Excursion date], in: [html]}
              guest: {labels: [Lead traveller], in: [html]}
              partySize: {labels: [Travellers], in: [html]}
              amount: {labels: [Amount charged], in: [html]}
          - name: segeltoern
            locale: de_DE
            match:
              from: segeltoern.example
              body: Buchungsnummer
            dates: ['d. MMMM yyyy']
            fields:
              bookingId: {labels: [Buchungsnummer]}
              charterDate: {labels: [Törndatum]}
              guest: {labels: [Gast]}
              partySize: {labels: [Personen]}
              amount: {labels: [Gesamtbetrag]}
        """#

    static func formats() throws -> BookingFormats {
        let directory = try TemporaryDirectory("formats")
        defer { directory.remove() }
        let path = directory.path + "/formats.yaml"
        try formatsFile.write(toFile: path, atomically: true, encoding: .utf8)
        return try BookingFormats.loading(file: path)
    }

    /// The file as `drydock bookings parse` reads it: the Gmail emulator's MIME parser, then the
    /// production client's `GmailMessage`.
    static func message(_ name: String) throws -> BookingMessage {
        let data = try #require(FileManager.default.contents(atPath: fixtures + "/" + name))
        let resource = try #require(MessageFile.fullResource(raw: Array(data), name: name))
        return BookingMessage(try GmailMessage(json: resource))
    }

    @Test(arguments: [
        ("marketplace-hx-7001.eml", "sailmarket", "HX-7001", "2026-10-10", "Priya Natarajan", 5, "1480.00", "USD"),
        ("prose-marta-tb-12.eml", "marta", "TB-12", "2026-09-13", "Tom Becker", 4, "850.00", "EUR"),
        ("html-bluewave-r-55123.eml", "bluewave", "R-55123", "2026-09-19", "Kenji Watanabe", 3, "1100.00", "CAD"),
        ("european-st-2026-318.eml", "segeltoern", "ST-2026-318", "2026-10-09", "Lena Hoffmann", 6, "1125.00", "EUR"),
    ])
    func newShapesParseThroughAFormatsFile(
        file: String, format: String, id: String, date: String, guest: String, party: Int, amount: String, currency: String
    ) throws {
        let message = try Self.message(file)
        let (verdict, _) = try Self.formats().evaluate(message)
        guard case .confirmation(let booking, let matched) = verdict else { Issue.record("\(file): \(verdict)"); return }
        #expect(matched == format)
        #expect(booking.bookingID == id)
        #expect(booking.charterDateText == date)
        #expect(booking.guest == guest)
        #expect(booking.partySize == party)
        #expect(booking.amountText == amount)
        #expect(booking.currency == currency)
    }

    @Test(arguments: ["marketplace-hx-7001.eml", "prose-marta-tb-12.eml", "html-bluewave-r-55123.eml", "european-st-2026-318.eml"])
    func theBuiltInFormatsAloneDoNotParseThem(file: String) throws {
        let (verdict, _) = BookingFormats.builtIn.evaluate(try Self.message(file))
        if case .confirmation = verdict { Issue.record("\(file) parsed without the formats file") }
    }

    @Test func explainNamesTheRulesTheFieldsAndWhatWasTried() throws {
        let explanation = BookingExplanation(message: try Self.message("marketplace-hx-7001.eml"), label: "hx.eml", formats: try Self.formats())
        #expect(explanation.isParsed)
        let sailmarket = try #require(explanation.trials.first { $0.format == "sailmarket" })
        #expect(sailmarket.rules.map(\.rule) == ["from", "subject"])
        #expect(sailmarket.rules.allSatisfy { $0.passed })
        let date = try #require(sailmarket.fields.first { $0.field == .charterDate })
        #expect(date.value == "2026-10-10")
        #expect(date.raw == "Sat, Oct 10")
        #expect(date.foundIn == "text line 6, label \"Trip date\"")
        // The built-in format matches the subject too, and says what it could not find.
        let labelled = try #require(explanation.trials.first { $0.format == "labelled" })
        #expect(labelled.matched)
        let amount = try #require(labelled.fields.first { $0.field == .amount })
        #expect(amount.value == nil)
        #expect(amount.tried.contains { $0.hasPrefix("labels \"total paid\"") && $0.hasSuffix("in text: not found") })
        let json = explanation.json
        #expect(json["result"] == "confirmation")
        #expect(json["format"] == "sailmarket")
        #expect(json["booking"]?["bookingId"] == "HX-7001")
    }

    @Test func aMissingFieldIsAWarningNamingTheNearestFormat() throws {
        let text = "Hi! Just confirming: Tom Becker, party of four, on 13 September 2026 - my ref TB-12."
        let message = BookingMessage(id: "m1", subject: "Sunday sail", sender: "marta.q@mail.example",
                                     receivedAt: Date(timeIntervalSince1970: 1_788_000_000), plainText: text)
        let (verdict, _) = try Self.formats().evaluate(message)
        guard case .incomplete(let nearest) = verdict else { Issue.record("\(verdict)"); return }
        #expect(nearest.format == "marta")
        #expect(nearest.problems == ["has no charter date", "has no guest name", "has no party size", "has no amount"])
        #expect(nearest.bookingID == "TB-12")
    }

    @Test func aUserFormatReplacesABuiltInOneByName() throws {
        let user = try BookingFormatsFile.parse(text: """
            version: 1
            formats:
              - name: cancellation
                kind: cancellation
                match: {subject: '(?i)storniert'}
                fields:
                  bookingId: {regex: '(?<bookingId>ST-\\d{4}-\\d+)', in: [subject]}
            """, file: "user.yaml")
        let formats = BookingFormats.builtIn.extended(with: user)
        #expect(formats.formats.map(\.name) == ["cancellation", "labelled"])
        #expect(formats.formats[0].origin == "user.yaml:3")
        let message = BookingMessage(id: "m", subject: "Storniert: ST-2026-318", sender: "a@b.example", receivedAt: Date(), plainText: "")
        guard case .cancellation(let id, _) = formats.evaluate(message, kinds: [.cancellation]).verdict else { Issue.record("not a cancellation"); return }
        #expect(id == "ST-2026-318")
    }

    @Test(arguments: [
        ("USD 1,480.00", "1480.00", "USD"), ("$1,480", "1480.00", "USD"), ("1 480,00 EUR", "1480.00", "EUR"),
        ("480 euros", "480.00", "EUR"), ("1.125,00 €", "1125.00", "EUR"), ("CA$ 1,100.00", "1100.00", "CAD"),
    ])
    func amountsFromSymbolsCodesAndWords(total: String, amount: String, currency: String) {
        let text = "Booking ID: HC-2026-0001\nCharter date: 9 August 2026\nGuest: A B\nParty size: 2\nTotal: \(total)"
        guard case .confirmation(let booking) = ConfirmationParser.parse(text: text, messageID: "m", sender: "s", receivedAt: Date()) else {
            Issue.record("not parsed: \(total)"); return
        }
        #expect(booking.amountText == amount)
        #expect(booking.currency == currency)
        #expect(booking.charterDateText == "2026-08-09")
    }

    @Test func aJSONFormatsFileIsAccepted() throws {
        let formats = try BookingFormatsFile.parse(text: """
            {"version": 1, "formats": [{"name": "j", "kind": "cancellation", "match": {"subject": "(?i)storno"},
              "fields": {"bookingId": {"regex": "(?<bookingId>[A-Z]+-\\\\d+)", "in": ["subject"]}}}]}
            """, file: "formats.json")
        #expect(formats.map(\.name) == ["j"])
        #expect(formats[0].kind == .cancellation)
        #expect(formats[0].origin == "formats.json:1")
    }

    @Test func theBuiltInFileIsPrintableAndLoadsBackAsAUserFile() throws {
        let text = BookingFormats.builtInText
        #expect(text.contains("version: 1"))
        let reloaded = try BookingFormatsFile.parse(text: text, file: "copy.yaml")
        #expect(reloaded.map(\.name) == BookingFormats.builtIn.formats.map(\.name))
    }
}
