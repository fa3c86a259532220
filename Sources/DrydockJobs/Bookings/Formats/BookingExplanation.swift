import DrydockCore
import Foundation

/// Why a message parsed the way it did (`drydock bookings explain` and `parse`): every format tried,
/// which `match` rules held, each field's value and the text it came from, and for each missing field
/// the labels and regexes tried.
public struct BookingExplanation: Sendable {
    public let message: BookingMessage
    /// Where the message came from (`message 18c…` or the .eml path).
    public let label: String
    public let verdict: BookingFormats.Verdict
    public let trials: [FormatTrial]

    public init(message: BookingMessage, label: String, formats: BookingFormats) {
        self.message = message
        self.label = label
        (verdict, trials) = formats.evaluate(message, exhaustive: true)
    }

    /// Parsed into a confirmation or a cancellation.
    public var isParsed: Bool {
        switch verdict {
        case .confirmation, .cancellation: true
        case .incomplete, .unmatched: false
        }
    }

    /// One line: what became of the message.
    public var summary: String {
        switch verdict {
        case .confirmation(let booking, let format):
            "confirmation \(booking.bookingID) (format \(format)): \(booking.charterDateText), \(booking.guest), party of \(booking.partySize), \(booking.amountText) \(booking.currency)"
        case .cancellation(let id, let format):
            "cancellation of \(id) (format \(format))"
        case .incomplete(let nearest):
            "warning: looks like a confirmation but \(nearest.warningProblems.joined(separator: "; ")) (nearest format: \(nearest.format))"
        case .unmatched:
            "not a booking message: no format's match rules all hold"
        }
    }

    /// The human-readable report.
    public var text: String {
        var lines = ["\(label): \(summary)",
                     "  from \(message.sender), subject \"\(message.subject)\", received \(RFC3339.string(from: message.receivedAt))"]
        for trial in trials {
            lines.append("  format \(trial.format) (\(trial.kind.rawValue), \(trial.origin)): " + (trial.complete ? "matched, complete" : trial.matched ? "matched, incomplete" : "not matched"))
            for rule in trial.rules {
                lines.append("    match \(rule.rule) \(rule.passed ? "holds" : "fails"): wants \(rule.expected); message has \"\(rule.actual.prefix(100))\"")
            }
            for field in trial.fields {
                if let value = field.value {
                    let raw = field.raw.map { " from \"\($0.prefix(80))\"" } ?? ""
                    lines.append("    \(field.field.rawValue) = \(value)\(raw) (\(field.foundIn ?? "?"))")
                } else {
                    lines.append("    \(field.field.rawValue) missing; tried:")
                    for attempt in field.tried { lines.append("      - \(attempt)") }
                    if field.tried.isEmpty { lines.append("      - nothing: the format has no rule for it") }
                }
            }
            if let stopped = trial.stoppedPattern { lines.append("    stopped: the regex \(stopped) ran out of its time budget on this message") }
        }
        return lines.joined(separator: "\n")
    }

    public var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("source", .string(label)), ("messageId", .string(message.id)), ("subject", .string(message.subject)),
            ("sender", .string(message.sender)), ("receivedAt", .string(RFC3339.string(from: message.receivedAt))),
        ]
        switch verdict {
        case .confirmation(let booking, let format):
            members += [("result", "confirmation"), ("format", .string(format)), ("booking", booking.json)]
        case .cancellation(let id, let format):
            members += [("result", "cancellation"), ("format", .string(format)), ("bookingId", .string(id))]
        case .incomplete(let nearest):
            members += [("result", "warning"), ("format", .string(nearest.format)),
                        ("problems", .array(nearest.warningProblems.map(JSONValue.string)))]
        case .unmatched:
            members += [("result", "unmatched"), ("format", .null)]
        }
        members.append(("formats", .array(trials.map(\.json))))
        return .object(members)
    }
}

extension FormatTrial {
    public var json: JSONValue {
        .object([
            ("name", .string(format)), ("kind", .string(kind.rawValue)), ("origin", .string(origin)),
            ("matched", .bool(matched)), ("complete", .bool(complete)),
            ("rules", .array(rules.map { rule in
                .object([("rule", .string(rule.rule)), ("expected", .string(rule.expected)), ("actual", .string(rule.actual)),
                         ("passed", .bool(rule.passed))])
            })),
            ("fields", .array(fields.map { field in
                .object([("field", .string(field.field.rawValue)), ("value", field.value.map(JSONValue.string) ?? .null),
                         ("raw", field.raw.map(JSONValue.string) ?? .null), ("from", field.foundIn.map(JSONValue.string) ?? .null),
                         ("tried", .array(field.tried.map(JSONValue.string)))])
            })),
            ("problems", .array(problems.map(JSONValue.string))),
            ("stoppedPattern", stoppedPattern.map(JSONValue.string) ?? .null),
        ])
    }
}
