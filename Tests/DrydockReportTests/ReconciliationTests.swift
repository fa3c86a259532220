import DrydockReport
import Foundation
import Testing

/// Each mismatch kind on its own, against a charter that agrees everywhere.
@Suite("reconciliation")
struct ReconciliationTests {
    static let settings = ReconciliationSettings(ownDomain: "harbor-charters.example")
    static let day = CalendarDay(year: 2026, month: 9, day: 5)!

    static func mail(_ id: String = "HC-1", amount: Decimal = Decimal(string: "1250.00")!, currency: String = "USD", party: Int = 6,
                     cancelled: Bool = false, sender: String = "noreply@bookings.harbor-charters.example") -> MailBooking {
        MailBooking(bookingID: id, date: day, guest: "Zoë Müller", party: party, amount: amount, currency: currency, cancelled: cancelled,
                    sender: sender, messageID: "m-\(id)")
    }

    static func row(_ id: String = "HC-1", row: Int = 2, revenue: Decimal? = Decimal(1250), party: Int = 6, boat: String = "Osprey",
                    captain: String = "Eli Brooks", date: CalendarDay? = day, notes: String = "") -> TripSheet.Row {
        TripSheet.Row(row: row, date: date, bookingID: id, boat: boat, captain: captain, guest: "Zoë Müller", party: party, revenue: revenue,
                      fuel: Decimal(string: "100.10"), notes: notes)
    }

    static func crew(_ id: String = "HC-1", departs: String = "2026-09-05T12:30:00Z", boat: String = "Osprey", captain: String = "Eli Brooks",
                     status: String = "scheduled", region: String = "us-east-1", readFrom: String? = nil, updated: String = "2026-08-29T08:25:28Z",
                     party: Int? = 6) -> DispatchRecord {
        DispatchRecord(bookingID: id, departsAt: departs, boat: boat, captain: captain, status: status, region: region, readFrom: readFrom,
                       updatedAt: updated, party: party)
    }

    static func reconcile(mail: [MailBooking]? = [mail()], sheet: [TripSheet.Row]? = [row()], dispatch: [DispatchRecord]? = [crew()],
                          superseded: [DispatchRecord] = [], complete: Bool = true) -> Reconciliation {
        Reconciliation(mail: mail, sheet: sheet, dispatch: dispatch, superseded: superseded, dispatchComplete: complete, settings: settings)
    }

    static func kinds(_ r: Reconciliation) -> [String] { r.findings.map { "\($0.kind.rawValue) \($0.bookingID)" } }

    @Test func aCharterThatAgreesEverywhereIsOK() {
        let r = Self.reconcile()
        #expect(r.findings.isEmpty)
        #expect(r.lines.count == 1)
        #expect(r.lines[0].status == "OK")
        #expect(r.lines[0].source == "direct")
        #expect(r.lines[0].net == Decimal(string: "1149.90"))
    }

    @Test func amountMismatch() {
        let r = Self.reconcile(sheet: [Self.row(revenue: Decimal(1090))])
        #expect(Self.kinds(r) == ["amount_mismatch HC-1"])
        #expect(r.findings[0].mail == "1250.00 USD" && r.findings[0].sheet == "1090.00 USD")
        #expect(r.findings[0].location == "sheet row 2; message m-HC-1")
        #expect(r.lines[0].status == "amount_mismatch")
    }

    @Test func aBlankRevenueIsAnAmountMismatch() {
        #expect(Self.kinds(Self.reconcile(sheet: [Self.row(revenue: nil)])) == ["amount_mismatch HC-1"])
    }

    @Test func currencyMismatchFromThePaidInNote() {
        let r = Self.reconcile(sheet: [Self.row(notes: "Paid in EUR; calm seas")])
        #expect(Self.kinds(r) == ["currency_mismatch HC-1"])
        let agreeing = Self.reconcile(mail: [Self.mail(currency: "EUR")], sheet: [Self.row(notes: "Paid in EUR")])
        #expect(agreeing.findings.isEmpty)
        #expect(agreeing.lines[0].currency == "EUR")
    }

    @Test func missingFromSheet() {
        let r = Self.reconcile(sheet: [])
        #expect(Self.kinds(r) == ["missing_from_sheet HC-1"])
        #expect(r.lines[0].revenue == nil && r.lines[0].net == nil)
    }

    @Test func extraInSheetAndNothingElseForIt() {
        let r = Self.reconcile(mail: [], sheet: [Self.row("HC-9", notes: "Walk-up, paid cash")], dispatch: [])
        #expect(Self.kinds(r) == ["extra_in_sheet HC-9"])
        #expect(r.lines[0].booking == "none" && r.lines[0].source == "sheet only" && r.lines[0].currency == "USD")
    }

    @Test func duplicateInSheet() {
        let r = Self.reconcile(sheet: [Self.row(row: 2), Self.row(row: 7)])
        #expect(Self.kinds(r) == ["duplicate_in_sheet HC-1"])
        #expect(r.findings[0].location == "sheet row 7")
    }

    @Test func cancelledInMailButScheduledInDispatch() {
        let r = Self.reconcile(mail: [Self.mail(cancelled: true)], sheet: [])
        #expect(Self.kinds(r) == ["cancelled_but_scheduled HC-1"])
        #expect(r.lines[0].counted == false)
        let consistent = Self.reconcile(mail: [Self.mail(cancelled: true)], sheet: [], dispatch: [Self.crew(status: "cancelled")])
        #expect(consistent.findings.isEmpty)
    }

    @Test func cancelledInDispatchButConfirmedInMail() {
        #expect(Self.kinds(Self.reconcile(dispatch: [Self.crew(status: "cancelled")])) == ["cancelled_in_dispatch HC-1"])
    }

    @Test func cancelledButLoggedInTheSheet() {
        let r = Self.reconcile(mail: [Self.mail(cancelled: true)], dispatch: [Self.crew(status: "cancelled")])
        #expect(Self.kinds(r) == ["cancelled_but_in_sheet HC-1"])
    }

    @Test func missingFromDispatchOnlyWhenEveryRegionAnswered() {
        #expect(Self.kinds(Self.reconcile(dispatch: [])) == ["missing_from_dispatch HC-1"])
        #expect(Self.reconcile(dispatch: [], complete: false).findings.isEmpty)
    }

    @Test func dispatchWithoutBooking() {
        #expect(Self.kinds(Self.reconcile(mail: [], sheet: [])) == ["dispatch_without_booking HC-1"])
    }

    @Test func dateBoatAndCaptainDifferences() {
        let r = Self.reconcile(dispatch: [Self.crew(departs: "2026-09-06T12:30:00Z", boat: "Sea Lark", captain: "Maria Santos")])
        #expect(Set(Self.kinds(r)) == ["date_mismatch HC-1", "boat_mismatch HC-1", "captain_mismatch HC-1"])
        #expect(r.lines[0].status.contains("date_mismatch"))
    }

    @Test func anEveningDepartureIsTheLocalDayNotTheUTCDay() {
        // 18:30 in Seattle on 2026-08-22 is 01:30Z on the 23rd.
        let day = CalendarDay(year: 2026, month: 8, day: 22)!
        let r = Self.reconcile(
            mail: [MailBooking(bookingID: "HC-1", date: day, party: 6, amount: 1250, currency: "USD", sender: "a@harbor-charters.example")],
            sheet: [Self.row(date: day)], dispatch: [Self.crew(departs: "2026-08-23T01:30:00Z", region: "us-west-2")])
        #expect(r.findings.isEmpty)
    }

    @Test func partyMismatchNamesEverySource() {
        let r = Self.reconcile(sheet: [Self.row(party: 5)], dispatch: [Self.crew(party: 7)])
        #expect(Self.kinds(r) == ["party_mismatch HC-1"])
        #expect(r.findings[0].mail == "6" && r.findings[0].sheet == "5" && r.findings[0].dispatch == "7")
    }

    @Test func aStaleCrossRegionReplicaIsListedButTheCharterStaysOK() {
        let replica = Self.crew(readFrom: "us-west-2", updated: "2026-08-29T00:19:17Z", party: 21)
        let r = Self.reconcile(superseded: [replica])
        #expect(Self.kinds(r) == ["stale_replica HC-1"])
        #expect(r.findings[0].dispatch.contains("us-west-2 copy updated 2026-08-29T00:19:17Z: party_size 21 (newest 6)"))
        #expect(r.findings[0].location.hasPrefix("us-west-2 crew-dispatch 2026-09"))
        #expect(r.lines[0].status == "OK")
    }

    @Test func partnerBookingsComeFromOtherDomains() {
        let r = Self.reconcile(mail: [Self.mail(sender: "CharterHub <confirmations@charterhub.example>")])
        #expect(r.lines[0].source == "partner")
        let lookalike = Self.reconcile(mail: [Self.mail(sender: "x@notharbor-charters.example")])
        #expect(lookalike.lines[0].source == "partner")
    }

    @Test func aFailedSourceMakesNoChecksThatNeedIt() {
        #expect(Self.reconcile(sheet: nil).findings.isEmpty)
        #expect(Self.reconcile(dispatch: nil).findings.isEmpty)
        let noMail = Self.reconcile(mail: nil)
        #expect(noMail.findings.isEmpty, "a sheet row is not 'extra' when the mail could not be read")
    }

    @Test func linesAreSortedByDateThenBookingAndFindingsFollowThem() {
        let early = CalendarDay(year: 2026, month: 9, day: 1)!
        let r = Self.reconcile(
            mail: [Self.mail("HC-2"), MailBooking(bookingID: "HC-3", date: early, party: 2, amount: 10, currency: "USD")],
            sheet: [Self.row("HC-2"), Self.row("HC-1", row: 3)], dispatch: [])
        #expect(r.lines.map(\.bookingID) == ["HC-3", "HC-1", "HC-2"])
        #expect(r.findings.first?.bookingID == "HC-3")
    }
}
