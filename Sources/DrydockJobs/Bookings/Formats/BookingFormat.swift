import Foundation

/// One platform's confirmation (or cancellation) emails, described as data: which messages it applies
/// to (`match`), and where each field is read (labels or a regex with named groups), in which date
/// patterns and which locale. Loaded and checked by `BookingFormatsFile`.
public struct BookingFormat: Sendable {
    public enum Kind: String, Sendable, CaseIterable { case confirmation, cancellation }

    /// Where a field is looked for, in the order given.
    public enum Source: String, Sendable, CaseIterable {
        /// The first text/plain part.
        case text
        /// The first text/html part turned into text (one table row a line: label cell, value cell).
        case html
        case subject
    }

    /// The `match` rules: every rule given must hold.
    public struct Match: Sendable {
        /// Sender addresses (`a@b.example`) or domains (`b.example`, which also covers its subdomains).
        public var from: [String] = []
        /// Searched in the subject.
        public var subject: BoundedRegex?
        /// Text the `List-Id` header must contain (case-insensitive).
        public var listId: String?
        /// A phrase the text (or HTML as text) must contain (case-insensitive).
        public var body: String?

        var isEmpty: Bool { from.isEmpty && subject == nil && listId == nil && body == nil }
    }

    /// How one field is found.
    public struct FieldRule: Sendable {
        /// `Label: value` lines (or label/value table cells), case-insensitive, longest label first.
        public var labels: [String] = []
        /// Applied to a label's value when labels are given, and to the whole source when none is found;
        /// the group named after the field is the value.
        public var regex: BoundedRegex?
        public var sources: [Source] = Source.allCases
        /// Used when nothing is found (`currency: {default: EUR}`).
        public var defaultValue: String?
    }

    public var name: String
    public var kind: Kind = .confirmation
    /// Where it was defined: `built-in`, or `file:line`.
    public var origin: String
    public var match = Match()
    public var fields: [BookingField: FieldRule] = [:]
    /// Date patterns tried in order (`d MMMM yyyy`, `MMM d`); empty: the common forms (ISO, US, month names).
    public var dates: [DatePattern] = []
    /// Months and numbers (`de_DE`: `1.125,00`, `9. Oktober`); nil: month names in English and a decimal
    /// separator guessed from the digits.
    public var locale: Locale?
    /// The labels of every field, longest first: sorted once at load, not per message.
    var labelScan = LabelScan([:])
}
