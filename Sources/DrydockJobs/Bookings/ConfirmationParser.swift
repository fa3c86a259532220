import DrydockCore
import Foundation

/// The built-in formats as a parser of one message's text: the `labelled` format (the booking system's
/// and partner platforms' `Label: value` lines or table rows) and the `cancellation` format of
/// `DefaultBookingFormats`. `BookingFormats` is the general form, with a user's formats file.
public enum ConfirmationParser {
    /// The result for one message: a confirmation, or the list of problems.
    public enum Outcome: Sendable, Equatable {
        case confirmation(BookingConfirmation)
        case unreadable([String])
    }

    static var labelled: BookingFormat { BookingFormats.builtIn.formats.first { $0.name == "labelled" }! }
    static var cancellation: BookingFormat { BookingFormats.builtIn.formats.first { $0.name == "cancellation" }! }

    /// Whether a subject reads like a booking confirmation (and not a cancellation or a reply).
    public static func looksLikeConfirmation(subject: String) -> Bool {
        labelled.match.subject?.matches(subject, budget: MatchBudget()) ?? false
    }

    /// Whether a subject announces a cancellation.
    public static func isCancellation(subject: String) -> Bool {
        cancellation.match.subject?.matches(subject, budget: MatchBudget()) ?? false
    }

    /// Parses `text` (the message body as plain text) with the built-in `labelled` format's fields.
    public static func parse(text: String, messageID: String, sender: String, receivedAt: Date) -> Outcome {
        let message = BookingMessage(id: messageID, subject: "", sender: sender, receivedAt: receivedAt, plainText: text)
        let trial = FormatEvaluator(format: labelled, message: message).evaluate(readFieldsEvenIfUnmatched: true)
        guard trial.problems.isEmpty, let bookingID = trial.bookingID, let date = trial.charterDate, let guest = trial.guest,
              let party = trial.partySize, let amount = trial.amount, let currency = trial.currency else {
            return .unreadable(trial.problems)
        }
        return .confirmation(BookingConfirmation(
            bookingID: bookingID, charterDate: date, guest: guest, partySize: party, amount: amount,
            currency: currency, sender: sender, receivedAt: receivedAt, messageID: messageID))
    }

    /// A booking id token like `HC-2026-0142` (letters, dash, digits, dash, digits).
    public static func bookingIDToken(_ text: String) -> String? {
        cancellation.fields[.bookingId]?.regex?.firstMatch(in: text, budget: MatchBudget())?.groups["bookingId"]
    }
}
