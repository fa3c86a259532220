/// One discrepancy between the sources, as the `Discrepancies` sheet and `--json` list it.
public struct Finding: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// The confirmation's amount differs from the sheet's revenue (same currency).
        case amountMismatch = "amount_mismatch"
        /// The sheet says the revenue was paid in another currency than the confirmation.
        case currencyMismatch = "currency_mismatch"
        /// Confirmed in mail, no row in the month's trip sheet.
        case missingFromSheet = "missing_from_sheet"
        /// A sheet row with no booking confirmation.
        case extraInSheet = "extra_in_sheet"
        /// The same booking id on more than one sheet row.
        case duplicateInSheet = "duplicate_in_sheet"
        /// Cancelled in mail, still scheduled in dispatch.
        case cancelledButScheduled = "cancelled_but_scheduled"
        /// Confirmed in mail, cancelled in dispatch.
        case cancelledInDispatch = "cancelled_in_dispatch"
        /// Cancelled in mail, yet logged as sailed in the sheet.
        case cancelledButInSheet = "cancelled_but_in_sheet"
        /// Confirmed in mail, no crew dispatch in any region.
        case missingFromDispatch = "missing_from_dispatch"
        /// A dispatch with no booking in mail or sheet.
        case dispatchWithoutBooking = "dispatch_without_booking"
        case dateMismatch = "date_mismatch"
        case boatMismatch = "boat_mismatch"
        case captainMismatch = "captain_mismatch"
        case partyMismatch = "party_mismatch"
        /// An older copy of a dispatch in another region (cross-region replica); the newest copy is used.
        case staleReplica = "stale_replica"

        /// What to do about it.
        public var action: String {
            switch self {
            case .amountMismatch: "Check the payment; correct the sheet's Revenue (or the booking) so they agree."
            case .currencyMismatch: "Check which currency was paid; correct the sheet's note or the booking."
            case .missingFromSheet: "Ask the captain to log the trip in the month's tab (or cancel the booking if it did not sail)."
            case .extraInSheet: "Find the booking (or record the walk-up sale in the booking system)."
            case .duplicateInSheet: "Delete the duplicate row from the trip sheet."
            case .cancelledButScheduled: "Cancel the crew dispatch (the guest cancelled)."
            case .cancelledInDispatch: "Check with dispatch: the booking is still confirmed in mail."
            case .cancelledButInSheet: "The booking was cancelled: remove the row or refund/rebook."
            case .missingFromDispatch: "Dispatch a crew (or cancel the booking)."
            case .dispatchWithoutBooking: "Find the booking for this dispatch, or cancel the dispatch."
            case .dateMismatch: "Correct the date in the trip sheet or in dispatch."
            case .boatMismatch: "Correct the boat in the trip sheet or in dispatch."
            case .captainMismatch: "Correct the captain in the trip sheet or in dispatch."
            case .partyMismatch: "Confirm the party size with the guest; correct the sheet or dispatch."
            case .staleReplica: "None for the report (the newest copy is used); check DynamoDB replication if it persists."
            }
        }

        /// Whether it marks the charter's Status (a stale replica does not: the merged copy is right).
        public var flagsCharter: Bool { self != .staleReplica }
    }

    public let kind: Kind
    public let bookingID: String
    public var mail: String
    public var sheet: String
    public var dispatch: String
    /// Where to look: sheet row, message id, region and key.
    public var location: String

    public init(_ kind: Kind, _ bookingID: String, mail: String = "", sheet: String = "", dispatch: String = "", location: String) {
        self.kind = kind
        self.bookingID = bookingID
        self.mail = mail
        self.sheet = sheet
        self.dispatch = dispatch
        self.location = location
    }
}
