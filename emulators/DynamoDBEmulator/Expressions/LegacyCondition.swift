import DrydockCore

/// One condition of the pre-2014 parameters (`KeyConditions`, `QueryFilter`, `ScanFilter`,
/// `Expected`): an attribute, a `ComparisonOperator` and its `AttributeValueList`, translated into the
/// expression evaluator's `Condition` so both kinds of request are evaluated by one evaluator.
///
/// Semantics are those of the equivalent expression, with one exception: `NE` holds for a missing
/// attribute (as `a <> :v` does), but `NOT_CONTAINS` does not — on a missing attribute both
/// `CONTAINS` and `NOT_CONTAINS` are false (as AWS answers `Expected`; the same evaluator is assumed
/// for the filters).
struct LegacyCondition: Sendable, Equatable {
    enum Operator: String, Sendable, CaseIterable {
        case eq = "EQ", ne = "NE", le = "LE", lt = "LT", ge = "GE", gt = "GT"
        case notNull = "NOT_NULL", null = "NULL", contains = "CONTAINS", notContains = "NOT_CONTAINS"
        case beginsWith = "BEGINS_WITH", isIn = "IN", between = "BETWEEN"

        /// Coral's enum set for ComparisonOperator, in the order its constraint message lists them.
        static let enumSet = "[IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]"

        /// Whether `count` values are the operator's arity (API Reference, `Condition`).
        func accepts(count: Int) -> Bool {
            switch self {
            case .null, .notNull: count == 0
            case .isIn: count >= 1
            case .between: count == 2
            default: count == 1
            }
        }

        /// The value types the operator takes (API Reference, `Condition`): EQ and NE every type
        /// ("supported for all data types, including lists and maps"), BEGINS_WITH S and B, the
        /// others S, N and B.
        func accepts(type: String) -> Bool {
            switch self {
            case .eq, .ne: true
            case .beginsWith: type == "S" || type == "B"
            default: type == "S" || type == "N" || type == "B"
            }
        }
    }

    let attribute: String
    let comparison: Operator
    let values: [AttributeValue]

    /// The equivalent expression condition.
    var condition: Condition {
        let path = DocumentPath(elements: [.name(attribute)])
        let subject = ConditionOperand.path(path)
        let operands = values.map(ConditionOperand.value)
        switch comparison {
        case .eq: return .compare(subject, .eq, operands[0])
        case .ne: return .compare(subject, .ne, operands[0])
        case .le: return .compare(subject, .le, operands[0])
        case .lt: return .compare(subject, .lt, operands[0])
        case .ge: return .compare(subject, .ge, operands[0])
        case .gt: return .compare(subject, .gt, operands[0])
        case .notNull: return .attributeExists(path)
        case .null: return .attributeNotExists(path)
        case .contains: return .contains(subject, operands[0])
        case .notContains: return .and(.attributeExists(path), .not(.contains(subject, operands[0])))
        case .beginsWith: return .beginsWith(subject, operands[0])
        case .isIn: return .isIn(subject, operands)
        case .between: return .between(subject, operands[0], operands[1])
        }
    }

    /// The checks DynamoDB makes on an operator and its values, in its order, with its messages
    /// (texts as a public emulator's suite recorded them from AWS).
    static func checkValues(_ comparison: Operator, _ values: [AttributeValue]) throws(DynamoDBError) {
        guard comparison.accepts(count: values.count) else {
            throw .invalidParameter("Invalid number of argument(s) for the \(comparison.rawValue) ComparisonOperator")
        }
        if let first = values.first, values.contains(where: { $0.typeTag != first.typeTag }) {
            throw .invalidParameter("AttributeValues inside AttributeValueList must be of same type")
        }
        for value in values where !comparison.accepts(type: value.typeTag) {
            throw .invalidParameter("ComparisonOperator \(comparison.rawValue) is not valid for \(value.typeTag) AttributeValue type")
        }
        if comparison == .between, let order = values[0].compare(values[1]), order > 0 {
            throw .validation("The BETWEEN condition was provided a range where the lower bound is greater than the upper bound")
        }
    }

    /// Several conditions joined by `ConditionalOperator` (AND unless OR), in request order.
    static func combine(_ conditions: [LegacyCondition], with conditionalOperator: String?) -> Condition? {
        guard var combined = conditions.first?.condition else { return nil }
        for next in conditions.dropFirst() {
            combined = conditionalOperator == "OR" ? .or(combined, next.condition) : .and(combined, next.condition)
        }
        return combined
    }
}
