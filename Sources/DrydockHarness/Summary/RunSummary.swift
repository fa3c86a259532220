import EmulatorKit
import Foundation

/// What `drydock exec` prints on stderr after the child exits: how it ended, the requests per service
/// and operation, token requests, faults applied, blocked egress, and the `--expect` outcomes. Built
/// from values only (no secrets ever reach it: the journal holds redacted paths and operation names).
public struct RunSummary: Sendable {
    /// The command's name (argv[0]).
    public var command: String
    public var exit: ChildExit
    public var seconds: Double
    /// `Journal.totals`.
    public var totals: [Journal.OperationKey: Int]
    public var faults: [FaultRuleStatus]
    /// Hosts refused by the interception (`egress.blocked` entries' paths) with how often.
    public var blockedHosts: [(host: String, count: Int)]
    public var outcomes: [Expectation.Outcome]

    public init(
        command: String, exit: ChildExit, seconds: Double, totals: [Journal.OperationKey: Int], faults: [FaultRuleStatus],
        blockedHosts: [(host: String, count: Int)], outcomes: [Expectation.Outcome]
    ) {
        self.command = command
        self.exit = exit
        self.seconds = seconds
        self.totals = totals
        self.faults = faults
        self.blockedHosts = blockedHosts
        self.outcomes = outcomes
    }

    /// The service of blocked egress in the journal (`egress.blocked`).
    public static let egressService = "egress"

    /// The hosts of `entries` journalled as blocked egress (their path holds the host), most frequent first.
    public static func blockedHosts(in entries: [JournalEntry]) -> [(host: String, count: Int)] {
        var counts: [String: Int] = [:]
        for entry in entries where entry.service == egressService && entry.operation == "blocked" {
            counts[entry.path, default: 0] += 1
        }
        return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { (host: $0.key, count: $0.value) }
    }

    /// The summary's lines, without trailing newlines.
    public var lines: [String] {
        var lines = ["drydock exec: \(command) \(exit) after \(String(format: "%.2f", seconds)) s"]
        let requests = totals.values.reduce(0) { $0.addingReportingOverflow($1).overflow ? Int.max : $0 + $1 }
        lines.append("  requests: \(requests)")
        let keys = totals.keys.sorted()
        let width = keys.map { $0.description.count }.max() ?? 0
        for key in keys {
            let name = key.description
            lines.append("    " + name + String(repeating: " ", count: width - name.count) + "  \(totals[key] ?? 0)")
        }
        let tokens = totals.filter { $0.key.service == "oauth" && $0.key.operation == "token" }.values.reduce(0, +)
        lines.append("  token requests: \(tokens)")
        let fired = faults.filter { $0.fired > 0 }
        let applied = fired.reduce(0) { $0 + $1.fired }
        lines.append("  faults applied: \(applied)"
            + (fired.isEmpty ? "" : " (" + fired.map { "\($0.id) \($0.rule.action.type) ×\($0.fired)" }.joined(separator: ", ") + ")"))
        let blocked = totals.filter { $0.key.service == Self.egressService }.values.reduce(0, +)
        let shown = blockedHosts.prefix(20).map { $0.count == 1 ? $0.host : "\($0.host) ×\($0.count)" }
        lines.append("  blocked egress: \(blocked)" + (shown.isEmpty ? "" : " (" + shown.joined(separator: ", ")
            + (blockedHosts.count > 20 ? ", …" : "") + ")"))
        for outcome in outcomes {
            lines.append("  expect \(outcome.expectation): \(outcome.holds ? "ok" : "FAILED") (counted \(outcome.count))")
        }
        return lines
    }

    /// One line per failed expectation, with the counts behind it (printed even with `--quiet`).
    public var failureLines: [String] {
        outcomes.filter { !$0.holds }.map { outcome in
            let detail = outcome.matches.isEmpty
                ? "no request matched"
                : outcome.matches.prefix(20).map { "\($0.key) \($0.count)" }.joined(separator: ", ") + (outcome.matches.count > 20 ? ", …" : "")
            return "drydock exec: expectation failed: \(outcome.expectation), counted \(outcome.count) (\(detail))"
        }
    }
}
