import Foundation

/// The formats in effect: a user's file (if any) over the built-in ones. A message is tried against
/// each format in order (the user's first, in file order, then the built-in ones they do not replace);
/// the first format whose `match` rules hold and that reads every required field wins.
public struct BookingFormats: Sendable {
    public let formats: [BookingFormat]

    public init(_ formats: [BookingFormat]) { self.formats = formats }

    /// The built-in formats (`drydock bookings formats --print`).
    public static let builtIn: BookingFormats = {
        do {
            return BookingFormats(try BookingFormatsFile.parse(text: DefaultBookingFormats.yaml, file: DefaultBookingFormats.name))
        } catch {
            fatalError("the built-in formats file does not load: \(error)")
        }
    }()

    /// The built-in formats file as shipped, with its schema in comments.
    public static var builtInText: String { DefaultBookingFormats.yaml }

    /// The built-in formats with `user`'s: a user format with a built-in's name replaces it.
    public func extended(with user: [BookingFormat]) -> BookingFormats {
        let names = Set(user.map(\.name))
        return BookingFormats(user + formats.filter { !names.contains($0.name) })
    }

    /// The built-in formats extended by the file at `path`.
    public static func loading(file path: String) throws(BookingFormatsError) -> BookingFormats {
        builtIn.extended(with: try BookingFormatsFile.load(path: path))
    }

    /// What the formats make of a message.
    public enum Verdict: Sendable {
        case confirmation(BookingConfirmation, format: String)
        case cancellation(bookingID: String, format: String)
        /// Some format's rules matched but none read every field: the nearest (fewest problems) one.
        case incomplete(nearest: FormatTrial)
        /// No format's `match` rules held: not a booking message.
        case unmatched
    }

    /// Every format tried on `message` (all of them with `exhaustive`, else up to the first complete
    /// one), with the verdict.
    public func evaluate(_ message: BookingMessage, kinds: Set<BookingFormat.Kind> = Set(BookingFormat.Kind.allCases),
                         exhaustive: Bool = false) -> (verdict: Verdict, trials: [FormatTrial]) {
        var trials: [FormatTrial] = []
        var verdict: Verdict?
        for format in formats where kinds.contains(format.kind) {
            let trial = FormatEvaluator(format: format, message: message).evaluate(readFieldsEvenIfUnmatched: exhaustive)
            trials.append(trial)
            if verdict == nil, trial.complete {
                verdict = Self.verdict(trial, message: message)
                if !exhaustive { break }
            }
        }
        if let verdict { return (verdict, trials) }
        let matched = trials.filter(\.matched)
        // A stopped regex counts as a problem, so a format it stopped is still reported.
        guard let nearest = matched.min(by: { $0.warningProblems.count < $1.warningProblems.count }) else { return (.unmatched, trials) }
        return (.incomplete(nearest: nearest), trials)
    }

    private static func verdict(_ trial: FormatTrial, message: BookingMessage) -> Verdict? {
        guard let bookingID = trial.bookingID else { return nil }
        if trial.kind == .cancellation { return .cancellation(bookingID: bookingID, format: trial.format) }
        guard let date = trial.charterDate, let guest = trial.guest, let party = trial.partySize, let amount = trial.amount,
              let currency = trial.currency else { return nil }
        var booking = BookingConfirmation(
            bookingID: bookingID, charterDate: date, guest: guest, partySize: party, amount: amount, currency: currency,
            sender: message.sender, receivedAt: message.receivedAt, messageID: message.id)
        booking.cancelled = trial.status == "cancelled"
        return .confirmation(booking, format: trial.format)
    }
}
