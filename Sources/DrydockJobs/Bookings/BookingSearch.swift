import DrydockCore
import DrydockServices
import Foundation

/// `drydock bookings`: finds booking confirmations in Gmail and parses each into fields. A message that
/// looks like a confirmation but does not parse is returned as a warning, never dropped.
public struct BookingSearch: Sendable {
    /// A calendar month, `YYYY-MM`.
    public struct Month: Sendable, Equatable, CustomStringConvertible {
        public let year: Int
        public let month: Int

        public init?(_ text: String) {
            let parts = text.split(separator: "-")
            guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
                  let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month) else { return nil }
            self.year = year
            self.month = month
        }

        init(year: Int, month: Int) {
            self.year = year
            self.month = month
        }

        public var description: String { String(format: "%04d-%02d", year, month) }

        /// The month `delta` months away.
        public func adding(_ delta: Int) -> Month {
            let index = year * 12 + (month - 1) + delta
            return Month(year: index / 12, month: index % 12 + 1)
        }

        /// Gmail's date form, `2026/08/01`, for the first day.
        var gmailDate: String { String(format: "%04d/%02d/01", year, month) }

        func contains(_ date: DateComponents) -> Bool { date.year == year && date.month == month }

        /// Whether `instant` falls in the month on Gmail's calendar (America/Los_Angeles, as after:/before:).
        func contains(_ instant: Date) -> Bool {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "America/Los_Angeles") ?? .gmt
            let parts = calendar.dateComponents([.year, .month], from: instant)
            return parts.year == year && parts.month == month
        }
    }

    /// Which date `--month` selects on.
    public enum Selection: String, Sendable, CaseIterable {
        /// Charters that sail in the month (confirmations received up to 12 months before).
        case charter
        /// Confirmations received in the month.
        case received
    }

    public struct Result: Sendable {
        public let confirmations: [BookingConfirmation]
        public let warnings: [BookingWarning]
        /// The Gmail query that was run.
        public let query: String
        /// Messages fetched.
        public let examined: Int
    }

    public let gmail: GmailClient
    /// The formats messages are read with (the built-in ones, or a user's file over them).
    public let formats: BookingFormats

    public init(gmail: GmailClient, formats: BookingFormats = .builtIn) {
        self.gmail = gmail
        self.formats = formats
    }

    /// The Gmail query for a month: the received-date window, optional sender, and the caller's extra terms.
    public static func query(month: Month, selection: Selection, from: String?, extra: String?) -> String {
        let start = selection == .charter ? month.adding(-12) : month
        var terms = ["after:\(start.gmailDate)", "before:\(month.adding(1).gmailDate)"]
        if let from { terms.append("from:\(from)") }
        terms.append(extra ?? "subject:(confirmation OR confirmed OR receipt) -subject:(cancelled OR canceled OR cancellation)")
        return terms.joined(separator: " ")
    }

    /// The Gmail query for cancellations that may name the month's bookings (up to two months later).
    static func cancellationQuery(month: Month, selection: Selection, from: String?) -> String {
        let start = selection == .charter ? month.adding(-12) : month
        var terms = ["after:\(start.gmailDate)", "before:\(month.adding(3).gmailDate)"]
        if let from { terms.append("from:\(from)") }
        terms.append("subject:(cancelled OR canceled OR cancellation)")
        return terms.joined(separator: " ")
    }

    public func run(month: Month, selection: Selection = .charter, from: String? = nil, query extra: String? = nil) throws -> Result {
        let query = Self.query(month: month, selection: selection, from: from, extra: extra)
        let refs = try gmail.listMessages(query: query, pageSize: 100)
        var confirmations: [BookingConfirmation] = []
        var warnings: [BookingWarning] = []
        var seenBookings = Set<String>()
        var parsedBookings = Set<String>()
        // The next message is fetched while this one is parsed (one fetching thread: the same requests, in
        // the same order, as a plain loop).
        let gmail = self.gmail
        let formats = self.formats
        try OrderedPrefetch.forEach(refs, fetch: { try gmail.message(id: $0.id) }) { message in
            let input = BookingMessage(message)
            switch formats.evaluate(input, kinds: [.confirmation]).verdict {
            case .unmatched, .cancellation:
                return
            case .confirmation(let booking, _):
                parsedBookings.insert(booking.bookingID)
                guard selection == .received || month.contains(booking.charterDate) else { return }
                // The same booking confirmed twice (a resend) is listed once, from the newest message.
                guard seenBookings.insert(booking.bookingID).inserted else { return }
                confirmations.append(booking)
            case .incomplete(let nearest):
                // Warn about a message once: in the month it arrived (charter mode searches a year back).
                guard selection == .received || month.contains(message.internalDate) else { return }
                var warning = BookingWarning(
                    messageID: message.id, subject: input.subject, sender: input.sender, receivedAt: message.internalDate,
                    problems: nearest.warningProblems)
                warning.format = nearest.format
                warning.bookingID = nearest.bookingID ?? ConfirmationParser.bookingIDToken(input.subject)
                    ?? ConfirmationParser.bookingIDToken(input.bodyText)
                warnings.append(warning)
            }
        }
        let cancelled = try cancelledBookings(query: Self.cancellationQuery(month: month, selection: selection, from: from))
        for index in confirmations.indices where cancelled.contains(confirmations[index].bookingID) {
            confirmations[index].cancelled = true
        }
        for index in warnings.indices {
            if let id = warnings[index].bookingID, parsedBookings.contains(id) { warnings[index].confirmedElsewhere = true }
        }
        confirmations.sort { ($0.charterDateText, $0.bookingID) < ($1.charterDateText, $1.bookingID) }
        return Result(confirmations: confirmations, warnings: warnings, query: query, examined: refs.count)
    }
}

extension BookingSearch {
    /// Booking ids named by cancellation messages.
    func cancelledBookings(query: String) throws -> Set<String> {
        var ids = Set<String>()
        for ref in try gmail.listMessages(query: query, pageSize: 100) {
            let message = try gmail.message(id: ref.id)
            if case .cancellation(let id, _) = formats.evaluate(BookingMessage(message), kinds: [.cancellation]).verdict {
                ids.insert(id)
            }
        }
        return ids
    }
}

extension BookingConfirmation {
    /// One JSON line for `--json`.
    public var json: JSONValue {
        .object([
            ("type", "booking"), ("bookingId", .string(bookingID)), ("charterDate", .string(charterDateText)),
            ("guest", .string(guest)), ("partySize", .number(partySize)), ("amount", .number(amountText)),
            ("currency", .string(currency)), ("status", .string(status)), ("sender", .string(sender)),
            ("receivedAt", .string(RFC3339.string(from: receivedAt))), ("messageId", .string(messageID)),
        ])
    }
}

extension BookingWarning {
    public var json: JSONValue {
        .object([
            ("type", "warning"), ("messageId", .string(messageID)), ("subject", .string(subject)),
            ("sender", .string(sender)), ("receivedAt", .string(RFC3339.string(from: receivedAt))),
            ("problems", .array(problems.map { .string($0) })),
            ("bookingId", bookingID.map { .string($0) } ?? .null), ("confirmedElsewhere", .bool(confirmedElsewhere)),
            ("format", format.map { .string($0) } ?? .null),
        ])
    }
}
