import Foundation

/// A booking confirmation parsed out of an email.
public struct BookingConfirmation: Sendable, Equatable {
    public let bookingID: String
    /// The charter day (midnight UTC of that calendar date).
    public let charterDate: DateComponents
    public let guest: String
    public let partySize: Int
    /// The amount as a decimal string with two places (`1250.00`), never a float.
    public let amount: Decimal
    /// ISO 4217 code (`USD`, `EUR`, `CAD`).
    public let currency: String
    public let sender: String
    public let receivedAt: Date
    public let messageID: String
    /// True when a later cancellation names this booking.
    public var cancelled = false

    public var status: String { cancelled ? "cancelled" : "confirmed" }

    /// `2026-08-14`.
    public var charterDateText: String {
        String(format: "%04d-%02d-%02d", charterDate.year ?? 0, charterDate.month ?? 0, charterDate.day ?? 0)
    }

    /// `1250.00`.
    public var amountText: String {
        var value = amount
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 2, .bankers)
        let formatter = NumberFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.minimumFractionDigits = 2
        formatter.maximumFractionDigits = 2
        formatter.numberStyle = .decimal
        formatter.usesGroupingSeparator = false
        return formatter.string(from: rounded as NSDecimalNumber) ?? "\(rounded)"
    }
}

/// A message that looks like a booking confirmation but could not be read completely.
public struct BookingWarning: Sendable, Equatable {
    public let messageID: String
    public let subject: String
    public let sender: String
    public let receivedAt: Date
    /// The fields that were missing or unreadable (`amount`, `charter date`, …).
    public let problems: [String]
    /// The booking id the message mentions, if any.
    public var bookingID: String?
    /// Set when another message confirms the same booking completely (a corrected resend).
    public var confirmedElsewhere = false
    /// The nearest format: the one whose rules matched and that missed the fewest fields.
    public var format: String?

    public var description: String {
        var text = "message \(messageID) from \(sender) (\"\(subject)\") looks like a confirmation but \(problems.joined(separator: "; "))"
        if let format { text += " (nearest format: \(format))" }
        if confirmedElsewhere, let bookingID { text += " (another message confirms \(bookingID) completely)" }
        return text
    }
}
