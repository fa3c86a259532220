import Foundation

/// What one format made of one message: which `match` rules held, each field's value and where it
/// came from, what was tried for the fields that were not found, and the problems. `explain` and
/// `parse` print it; the search keeps only the outcome.
public struct FormatTrial: Sendable {
    /// One `match` rule checked against the message.
    public struct RuleCheck: Sendable, Equatable {
        /// `from`, `subject`, `listId`, `body`.
        public let rule: String
        /// What the format asks for.
        public let expected: String
        /// What the message has (the sender, the subject, …).
        public let actual: String
        public let passed: Bool
    }

    /// One field: its value, the text it was read from and where, or what was tried.
    public struct FieldReading: Sendable, Equatable {
        public let field: BookingField
        /// The value as output (`2026-08-14`, `1250.00`, `6`); nil when not found or unreadable.
        public var value: String?
        /// The text it was read from (`Friday, August 14, 2026`).
        public var raw: String?
        /// `text line 4, label "Charter date"`, `subject, regex`, `default`.
        public var foundIn: String?
        /// For a field not found: each label list and regex, with where it was tried.
        public var tried: [String] = []
    }

    public let format: String
    public let origin: String
    public let kind: BookingFormat.Kind
    public var rules: [RuleCheck] = []
    public var fields: [FieldReading] = []
    /// The required fields missing or unreadable, as warnings word them (`has no amount`).
    public var problems: [String] = []
    /// Set when a regex used the format's whole time budget on this message and was stopped.
    public var stoppedPattern: String?

    /// Every `match` rule held.
    public var matched: Bool { !rules.isEmpty && rules.allSatisfy(\.passed) }
    /// Matched, and every required field was read.
    public var complete: Bool { matched && problems.isEmpty && stoppedPattern == nil }

    // The typed values, for building the confirmation.
    public internal(set) var bookingID: String?
    var charterDate: DateComponents?
    var guest: String?
    var partySize: Int?
    var amount: Decimal?
    var currency: String?
    var status: String?

    /// The problems including the stopped regex, for a warning.
    public var warningProblems: [String] {
        guard let stoppedPattern else { return problems }
        return problems + ["format \"\(format)\": the regex \(stoppedPattern.prefix(60)) ran out of its time budget on this message and was stopped"]
    }
}
