import Foundation
import DrydockCore

/// Reads booking fields out of confirmation emails in the formats the booking system and partner
/// platforms send: `Label: value` lines in plain text, or label/value table cells in HTML (already
/// flattened to text). Labels are matched case-insensitively from a list of synonyms per field.
public enum ConfirmationParser {
    /// The result for one message: a confirmation, or the list of problems.
    public enum Outcome: Sendable, Equatable {
        case confirmation(BookingConfirmation)
        case unreadable([String])
    }

    static let labels: [String: [String]] = [
        "booking id": ["booking id", "booking reference", "booking ref", "booking number", "booking #",
                       "confirmation number", "confirmation code", "reservation id", "reservation number", "reference"],
        "charter date": ["charter date", "trip date", "date of charter", "departure date", "departure", "sailing date", "date"],
        "guest": ["lead guest", "guest name", "guest", "booked by", "customer", "name"],
        "party size": ["party size", "number of guests", "guests", "passengers", "group size", "pax"],
        "amount": ["total paid", "total charged", "amount paid", "total amount", "grand total", "total", "amount", "price"],
    ]

    /// Whether a subject reads like a booking confirmation (and not a cancellation or a reply).
    public static func looksLikeConfirmation(subject: String) -> Bool {
        let lowered = subject.lowercased()
        guard lowered.contains("confirm") || lowered.contains("booking receipt") || lowered.contains("reservation receipt") else {
            return false
        }
        // A reply quotes the confirmation but is not one; a forward is a copy that must still parse.
        let replyPrefixes = ["re:", "aw:", "sv:"]
        if replyPrefixes.contains(where: { lowered.hasPrefix($0) }) { return false }
        return !isCancellation(subject: subject)
    }

    /// Whether a subject announces a cancellation.
    public static func isCancellation(subject: String) -> Bool {
        let lowered = subject.lowercased()
        return lowered.contains("cancelled") || lowered.contains("canceled") || lowered.contains("cancellation")
    }

    /// Parses `text` (the message body as plain text).
    public static func parse(
        text: String, messageID: String, sender: String, receivedAt: Date
    ) -> Outcome {
        let fields = labelledValues(in: text)
        var problems: [String] = []

        let bookingID = (fields["booking id"].flatMap(bookingIDToken) ?? bookingIDToken(text))
        if bookingID == nil { problems.append("has no booking id") }

        let date = fields["charter date"].flatMap(DateText.parse)
        if date == nil {
            problems.append(fields["charter date"] == nil ? "has no charter date" : "has an unreadable charter date '\(fields["charter date"]!)'")
        }

        let guest = fields["guest"].map { String($0.trimmingHorizontalSpace) }
        if guest?.isEmpty ?? true { problems.append("has no guest name") }

        let party = fields["party size"].flatMap(firstInteger)
        if party == nil {
            problems.append(fields["party size"] == nil ? "has no party size" : "has an unreadable party size '\(fields["party size"]!)'")
        }

        let money = fields["amount"].flatMap(MoneyText.parse)
        if money == nil {
            problems.append(fields["amount"] == nil ? "has no amount" : "has an unreadable amount '\(fields["amount"]!)'")
        }

        guard problems.isEmpty, let bookingID, let date, let guest, let party, let money else {
            return .unreadable(problems)
        }
        return .confirmation(BookingConfirmation(
            bookingID: bookingID, charterDate: date, guest: guest, partySize: party, amount: money.amount,
            currency: money.currency, sender: sender, receivedAt: receivedAt, messageID: messageID))
    }

    /// `label: value` pairs (or `label value` table rows) by field, first occurrence wins, matching the
    /// longest synonym first so "Total paid" is not read as "Total".
    static func labelledValues(in text: String) -> [String: String] {
        var found: [String: String] = [:]
        let synonyms = sortedSynonyms
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingHorizontalSpace
            let lowered = line.lowercased()
            for (field, name) in synonyms where found[field] == nil && lowered.hasPrefix(name) {
                var rest = line.dropFirst(name.count)
                guard let first = rest.first, first == ":" || first == " " || first == "\t" || first == "#" else { continue }
                while let c = rest.first, c == ":" || c == " " || c == "\t" || c == "#" || c == "-" || c == "–" { rest = rest.dropFirst() }
                let value = rest.trimmingHorizontalSpace
                if !value.isEmpty { found[field] = String(value) }
                break
            }
        }
        return found
    }

    /// (field, synonym) pairs, longest synonym first: made once, not per message (a 5,000-message month
    /// spent 6% of `drydock report` re-sorting them).
    static let sortedSynonyms: [(String, String)] = labels.flatMap { field, names in names.map { (field, $0) } }
        .sorted { ($0.1.count, $1.1) > ($1.1.count, $0.1) }

    /// Compiled once: NSRegularExpression is immutable and safe to share between threads.
    nonisolated(unsafe) static let bookingIDPattern = try! NSRegularExpression(pattern: #"\b[A-Z]{2,5}-\d{4}-\d{3,6}\b"#)

    /// A booking id token like `HC-2026-0142` (letters, dash, digits, dash, digits).
    public static func bookingIDToken(_ text: String) -> String? {
        let regex = bookingIDPattern
        let range = NSRange(text.startIndex..., in: text)
        guard let match = regex.firstMatch(in: text, range: range), let r = Range(match.range, in: text) else { return nil }
        return String(text[r])
    }

    static func firstInteger(_ text: String) -> Int? {
        let digits = text.drop { !$0.isNumber }.prefix { $0.isNumber }
        guard let value = Int(digits), (1...500).contains(value) else { return nil }
        return value
    }
}
