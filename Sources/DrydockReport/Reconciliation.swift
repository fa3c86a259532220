import Foundation

/// Reconciles one month per booking id across the mail, the trip sheet and crew dispatch: one
/// `CharterLine` per charter and a `Finding` per discrepancy. A source that could not be read is `nil`,
/// and no check that needs it is made (the report then says it is partial).
public struct Reconciliation: Sendable {
    /// One charter, as the `Charters` sheet shows it.
    public struct CharterLine: Sendable, Equatable {
        public var date: CalendarDay?
        public var bookingID: String
        public var boat = ""
        public var captain = ""
        public var guest = ""
        public var party: Int?
        public var currency: String
        /// The confirmation's amount.
        public var amount: Decimal?
        /// The sheet's revenue.
        public var revenue: Decimal?
        public var fuel: Decimal?
        /// `confirmed`, `cancelled` or `none` (no confirmation).
        public var booking: String
        /// The dispatch status (`scheduled`, `cancelled`) or empty.
        public var dispatch = ""
        public var region = ""
        /// `direct`, `partner`, or `sheet only`.
        public var source: String
        public var sheetRow: Int?
        public var findings: [Finding.Kind] = []

        /// `OK` or the mismatch kinds.
        public var status: String {
            let kinds = findings.filter(\.flagsCharter)
            return kinds.isEmpty ? "OK" : kinds.map(\.rawValue).joined(separator: ", ")
        }

        /// Counted in totals: everything but cancelled bookings.
        public var counted: Bool { booking != "cancelled" }

        /// Revenue less fuel, when the sheet has revenue.
        public var net: Decimal? { revenue.map { $0 - (fuel ?? 0) } }
    }

    public let lines: [CharterLine]
    public let findings: [Finding]

    public init(
        mail: [MailBooking]?, sheet: [TripSheet.Row]?, dispatch: [DispatchRecord]?, superseded: [DispatchRecord] = [],
        dispatchComplete: Bool = true, settings: ReconciliationSettings
    ) {
        var builder = Builder(settings: settings, mail: mail, sheet: sheet, dispatch: dispatch)
        builder.dispatchComplete = dispatchComplete
        builder.run(superseded: superseded)
        lines = builder.lines
        findings = builder.findings
    }
}

/// The reconciliation's working state (kept out of the public type so each check reads on its own).
private struct Builder {
    let settings: ReconciliationSettings
    let mail: [String: MailBooking]?
    let sheet: [String: [TripSheet.Row]]?
    let dispatch: [String: DispatchRecord]?
    var lines: [Reconciliation.CharterLine] = []
    var findings: [Finding] = []
    /// Whether every region answered (else a charter absent from dispatch is not flagged).
    var dispatchComplete = true

    init(settings: ReconciliationSettings, mail: [MailBooking]?, sheet: [TripSheet.Row]?, dispatch: [DispatchRecord]?) {
        self.settings = settings
        self.mail = mail.map { Dictionary($0.map { ($0.bookingID, $0) }, uniquingKeysWith: { first, _ in first }) }
        self.sheet = sheet.map { rows in
            Dictionary(grouping: rows, by: { $0.bookingID.isEmpty ? "(sheet row \($0.row))" : $0.bookingID })
        }
        self.dispatch = dispatch.map { Dictionary($0.map { ($0.bookingID, $0) }, uniquingKeysWith: { a, b in a.updatedAt >= b.updatedAt ? a : b }) }
    }

    mutating func run(superseded: [DispatchRecord]) {
        let ids = Set(mail?.keys.map { $0 } ?? []).union(sheet?.keys.map { $0 } ?? []).union(dispatch?.keys.map { $0 } ?? [])
        var unsorted: [Reconciliation.CharterLine] = []
        for id in ids {
            var line = reconcile(id)
            for replica in superseded where replica.bookingID == id { staleReplica(replica, line: &line) }
            unsorted.append(line)
        }
        // By date (undated last), then booking id; the keys are made once, not per comparison.
        lines = unsorted.map { (key: $0.date.map { $0.year * 10_000 + $0.month * 100 + $0.day } ?? Int.max, line: $0) }
            .sorted { ($0.key, $0.line.bookingID) < ($1.key, $1.line.bookingID) }
            .map(\.line)
        let order = Dictionary(uniqueKeysWithValues: lines.enumerated().map { ($1.bookingID, $0) })
        findings.sort { (order[$0.bookingID] ?? 0, $0.kind.rawValue) < (order[$1.bookingID] ?? 0, $1.kind.rawValue) }
    }

    private mutating func flag(_ finding: Finding, _ line: inout Reconciliation.CharterLine) {
        findings.append(finding)
        line.findings.append(finding.kind)
    }

    private func localDay(_ record: DispatchRecord) -> CalendarDay? {
        let zone = settings.regionTimeZones[record.region].flatMap(TimeZone.init(identifier:)) ?? .gmt
        return CalendarDay(instant: record.departsAt, zone: zone)
    }

    private func money(_ value: Decimal?, _ currency: String) -> String {
        value.map { "\(DecimalText.plain($0)) \(currency)" } ?? "(blank)"
    }

    private mutating func reconcile(_ id: String) -> Reconciliation.CharterLine {
        let booking = mail?[id]
        let rows = sheet?[id] ?? []
        let row = rows.first
        let crew = dispatch?[id]
        let currency = booking?.currency ?? row?.currencyNote ?? settings.sheetCurrency
        var line = Reconciliation.CharterLine(
            date: booking?.date ?? row?.date ?? crew.flatMap(localDay), bookingID: id, currency: currency,
            booking: booking.map { $0.cancelled ? "cancelled" : "confirmed" } ?? "none",
            source: booking.map { settings.source(of: $0.sender) } ?? "sheet only")
        line.boat = row?.boat ?? crew?.boat ?? ""
        line.captain = row?.captain ?? crew?.captain ?? ""
        line.guest = booking?.guest ?? row?.guest ?? ""
        line.party = booking?.party ?? row?.party ?? crew?.party
        line.amount = booking?.amount
        line.revenue = row?.revenue
        line.fuel = row?.fuel
        line.dispatch = crew?.status ?? ""
        line.region = crew?.region ?? ""
        line.sheetRow = row?.row
        if line.source == "sheet only", row == nil { line.source = "dispatch only" }

        let sheetWhere = { (r: TripSheet.Row) in "sheet row \(r.row)" }
        let mailWhere = booking.map { "message \($0.messageID)" } ?? ""

        for duplicate in rows.dropFirst() {
            flag(Finding(.duplicateInSheet, id, sheet: "rows \(rows.map { String($0.row) }.joined(separator: ", "))",
                         location: sheetWhere(duplicate)), &line)
        }
        if let booking, !booking.cancelled {
            if sheet != nil {
                if let row {
                    if let note = row.currencyNote, note != booking.currency {
                        flag(Finding(.currencyMismatch, id, mail: money(booking.amount, booking.currency), sheet: money(row.revenue, note),
                                     location: "\(sheetWhere(row)); \(mailWhere)"), &line)
                    } else if row.revenue != booking.amount {
                        flag(Finding(.amountMismatch, id, mail: money(booking.amount, booking.currency), sheet: money(row.revenue, booking.currency),
                                     location: "\(sheetWhere(row)); \(mailWhere)"), &line)
                    }
                } else {
                    flag(Finding(.missingFromSheet, id, mail: "\(money(booking.amount, booking.currency)), \(booking.date?.description ?? "")",
                                 sheet: "no row", location: mailWhere), &line)
                }
            }
            if dispatch != nil {
                if let crew {
                    if crew.status == "cancelled" {
                        flag(Finding(.cancelledInDispatch, id, mail: "confirmed", dispatch: "cancelled", location: "\(crew.key); \(mailWhere)"), &line)
                    }
                } else if dispatchComplete {
                    flag(Finding(.missingFromDispatch, id, mail: "confirmed", dispatch: "no item", location: mailWhere), &line)
                }
            }
        } else if let booking, booking.cancelled {
            if let row {
                flag(Finding(.cancelledButInSheet, id, mail: "cancelled", sheet: money(row.revenue, currency), location: "\(sheetWhere(row)); \(mailWhere)"), &line)
            }
            if let crew, crew.status != "cancelled" {
                flag(Finding(.cancelledButScheduled, id, mail: "cancelled", dispatch: crew.status, location: "\(crew.key); \(mailWhere)"), &line)
            }
        } else if mail != nil {
            if let row {
                flag(Finding(.extraInSheet, id, mail: "no confirmation", sheet: "\(money(row.revenue, currency)), \(row.date?.description ?? "")",
                             location: sheetWhere(row)), &line)
            } else if let crew {
                flag(Finding(.dispatchWithoutBooking, id, mail: "no confirmation", dispatch: crew.status, location: crew.key), &line)
            }
        }
        if let row, let crew { compareSheet(row, crew, &line) }
        compareParty(booking: booking, row: row, crew: crew, &line)
        return line
    }

    private mutating func compareSheet(_ row: TripSheet.Row, _ crew: DispatchRecord, _ line: inout Reconciliation.CharterLine) {
        let id = line.bookingID
        let location = "sheet row \(row.row); \(crew.key)"
        let day = localDay(crew)
        if let date = row.date, let day, date != day {
            flag(Finding(.dateMismatch, id, sheet: date.description, dispatch: "\(day) (\(crew.departsAt))", location: location), &line)
        }
        if !same(row.boat, crew.boat) { flag(Finding(.boatMismatch, id, sheet: row.boat, dispatch: crew.boat, location: location), &line) }
        if !same(row.captain, crew.captain) {
            flag(Finding(.captainMismatch, id, sheet: row.captain, dispatch: crew.captain, location: location), &line)
        }
    }

    private mutating func compareParty(booking: MailBooking?, row: TripSheet.Row?, crew: DispatchRecord?, _ line: inout Reconciliation.CharterLine) {
        let sizes = [booking?.party, row?.party, crew?.party].compactMap { $0 }
        guard Set(sizes).count > 1 else { return }
        let location = [row.map { "sheet row \($0.row)" }, booking.map { "message \($0.messageID)" }, crew?.key].compactMap { $0 }.joined(separator: "; ")
        flag(Finding(.partyMismatch, line.bookingID, mail: booking.map { String($0.party) } ?? "", sheet: row?.party.map(String.init) ?? "",
                     dispatch: crew?.party.map(String.init) ?? "", location: location), &line)
    }

    private mutating func staleReplica(_ replica: DispatchRecord, line: inout Reconciliation.CharterLine) {
        guard let newest = dispatch?[replica.bookingID] else { return }
        var differences: [String] = []
        if replica.party != newest.party { differences.append("party_size \(replica.party.map(String.init) ?? "-") (newest \(newest.party.map(String.init) ?? "-"))") }
        if replica.boat != newest.boat { differences.append("boat \(replica.boat) (newest \(newest.boat))") }
        if replica.captain != newest.captain { differences.append("captain \(replica.captain) (newest \(newest.captain))") }
        if replica.status != newest.status { differences.append("status \(replica.status) (newest \(newest.status))") }
        if replica.departsAt != newest.departsAt { differences.append("departs_at \(replica.departsAt) (newest \(newest.departsAt))") }
        let detail = "\(replica.readFrom) copy updated \(replica.updatedAt)" + (differences.isEmpty ? ", same fields" : ": " + differences.joined(separator: ", "))
        flag(Finding(.staleReplica, replica.bookingID, dispatch: "\(detail); kept \(newest.readFrom) copy updated \(newest.updatedAt)",
                     location: replica.key), &line)
    }

    /// Names compared ignoring case and surrounding spaces.
    private func same(_ a: String, _ b: String) -> Bool {
        a.trimmingCharacters(in: .whitespaces).lowercased() == b.trimmingCharacters(in: .whitespaces).lowercased()
    }
}
