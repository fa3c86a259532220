import DrydockCore
import Foundation

/// A stored fault rule and what it has done so far.
public struct FaultRuleStatus: Sendable, Equatable {
    /// The rule as stored, with its `id` assigned.
    public let rule: FaultRule
    /// Virtual time when the rule was added (its `after`/`until` window counts from here).
    public let addedAt: Date
    /// Matching requests counted so far (inside the time window; `nth` and `every` count these).
    public let matched: Int
    /// Times the rule fired.
    public let fired: Int

    /// The rule's id (always set on a stored rule).
    public var id: String { rule.id ?? "" }

    /// Fires left before `times` is reached; nil when unlimited.
    public var remaining: Int? { rule.times.map { max(0, $0 - fired) } }

    /// The rule's JSON plus `remaining`, `matched`, `fired` and `addedAt`.
    public var json: JSONValue {
        guard case .object(var members) = rule.json else { return rule.json }
        members.append(("remaining", remaining.map(JSONValue.number) ?? .null))
        members.append(("matched", .number(matched)))
        members.append(("fired", .number(fired)))
        members.append(("addedAt", .string(RFC3339.string(from: addedAt))))
        return .object(members)
    }
}

/// Which rule fired on a request, as the journal and the log record it.
public struct FaultTrace: Sendable, Equatable, CustomStringConvertible {
    public let ruleID: String
    /// The action's `type` (`status`, `latency`, …).
    public let actionType: String

    public init(ruleID: String, actionType: String) {
        self.ruleID = ruleID
        self.actionType = actionType
    }

    public var json: JSONValue { ["rule": .string(ruleID), "action": .string(actionType)] }

    /// `r1:status`
    public var description: String { "\(ruleID):\(actionType)" }
}
