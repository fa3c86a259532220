/// The fields a booking format reads. Their names are the formats file's keys, the named groups of its
/// regexes (ICU allows only letters and digits in group names) and the `--json` members.
public enum BookingField: String, Sendable, CaseIterable, Comparable {
    case bookingId, charterDate, guest, partySize, amount, currency, status

    /// The fields a confirmation must have; a cancellation needs only `bookingId`.
    static func required(for kind: BookingFormat.Kind) -> [BookingField] {
        kind == .cancellation ? [.bookingId] : [.bookingId, .charterDate, .guest, .partySize, .amount]
    }

    /// How warnings name it: `booking id`, `charter date`, `guest name`, …
    var spoken: String {
        switch self {
        case .bookingId: "booking id"
        case .charterDate: "charter date"
        case .guest: "guest name"
        case .partySize: "party size"
        case .amount: "amount"
        case .currency: "currency"
        case .status: "status"
        }
    }

    /// The order fields are read and reported in.
    public static func < (lhs: BookingField, rhs: BookingField) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
