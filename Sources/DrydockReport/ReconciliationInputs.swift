import DrydockCore
import DrydockJobs
import Foundation

/// A booking as the mail says it (a parsed confirmation, marked cancelled when a cancellation names it).
public struct MailBooking: Sendable, Equatable {
    public var bookingID: String
    public var date: CalendarDay?
    public var guest: String
    public var party: Int
    public var amount: Decimal
    public var currency: String
    public var cancelled: Bool
    public var sender: String
    public var messageID: String

    public init(bookingID: String, date: CalendarDay?, guest: String = "", party: Int, amount: Decimal, currency: String,
                cancelled: Bool = false, sender: String = "", messageID: String = "") {
        self.bookingID = bookingID
        self.date = date
        self.guest = guest
        self.party = party
        self.amount = amount
        self.currency = currency
        self.cancelled = cancelled
        self.sender = sender
        self.messageID = messageID
    }

    public init(_ confirmation: BookingConfirmation) {
        self.init(
            bookingID: confirmation.bookingID, date: CalendarDay(confirmation.charterDate), guest: confirmation.guest,
            party: confirmation.partySize, amount: confirmation.amount, currency: confirmation.currency,
            cancelled: confirmation.cancelled, sender: confirmation.sender, messageID: confirmation.messageID)
    }
}

/// A crew dispatch as one region's `crew-dispatch` table holds it.
public struct DispatchRecord: Sendable, Equatable {
    public var bookingID: String
    /// UTC departure, RFC 3339.
    public var departsAt: String
    public var boat: String
    public var captain: String
    public var status: String
    /// The charter's region (a replica keeps its origin's).
    public var region: String
    /// The region whose table this copy came from.
    public var readFrom: String
    public var updatedAt: String
    public var party: Int?

    public init(bookingID: String, departsAt: String, boat: String, captain: String, status: String = "scheduled", region: String,
                readFrom: String? = nil, updatedAt: String = "", party: Int? = nil) {
        self.bookingID = bookingID
        self.departsAt = departsAt
        self.boat = boat
        self.captain = captain
        self.status = status
        self.region = region
        self.readFrom = readFrom ?? region
        self.updatedAt = updatedAt
        self.party = party
    }

    public init(_ entry: CrewDispatch.Entry) {
        self.init(bookingID: entry.bookingID, departsAt: entry.departsAt, boat: entry.boat, captain: entry.captain, status: entry.status,
                  region: entry.region, readFrom: entry.readFrom.isEmpty ? entry.region : entry.readFrom, updatedAt: entry.updatedAt,
                  party: entry.partySize)
    }

    /// `crew-dispatch` key, for the Discrepancies sheet.
    public var key: String { "\(readFrom) crew-dispatch \(departsAt.prefix(7)) / \(departsAt)#\(bookingID)" }
}

/// What the reconciliation knows beyond the three sources.
public struct ReconciliationSettings: Sendable {
    /// The mailbox's own domain: confirmations sent from it (or a subdomain) are direct bookings, others
    /// come through partners.
    public var ownDomain: String
    /// The currency of the sheet's Revenue column unless a note says `Paid in XXX` (the trip sheets format
    /// Revenue as `"$"#,##0.00`).
    public var sheetCurrency: String
    /// The local time zone of each marina's region, to turn a UTC departure into the charter's day.
    public var regionTimeZones: [String: String]

    public init(ownDomain: String, sheetCurrency: String = "USD", regionTimeZones: [String: String] = ReconciliationSettings.defaultZones) {
        self.ownDomain = ownDomain.lowercased()
        self.sheetCurrency = sheetCurrency
        self.regionTimeZones = regionTimeZones
    }

    /// Where the AWS regions are (the default fixtures' marinas sit in us-east-1 and us-west-2).
    public static let defaultZones = [
        "us-east-1": "America/New_York", "us-east-2": "America/New_York", "us-west-1": "America/Los_Angeles",
        "us-west-2": "America/Los_Angeles", "ca-central-1": "America/Toronto", "eu-west-1": "Europe/Dublin",
        "eu-central-1": "Europe/Berlin",
    ]

    /// direct or partner, from the sender's address (`Name <user@host>`).
    func source(of sender: String) -> String {
        let address = sender.split(separator: "<").last.map { $0.replacingOccurrences(of: ">", with: "") } ?? sender
        let domain = address.split(separator: "@").last.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard !ownDomain.isEmpty, !domain.isEmpty else { return "partner" }
        return domain == ownDomain || domain.hasSuffix("." + ownDomain) ? "direct" : "partner"
    }
}
