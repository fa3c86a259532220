import EmulatorKit

/// One `--expect` check: how many journalled requests match a service/operation pattern, compared with a
/// number — `oauth.token == 1`, `gmail.* <= 20`, `egress.blocked == 0`.
///
/// Grammar (spaces optional around the operator):
///
/// ```
/// expectation := pattern operator count
/// pattern     := service [ "[region=" region "]" ] [ "." operation ]
///                service: no "."; operation: the rest (it may hold dots); region: letters, digits, -, * ?
/// operator    := "==" | "!=" | "<" | "<=" | ">" | ">="
/// count       := decimal digits, 0 … 1,000,000,000
/// ```
///
/// `service` and `operation` are globs (`*` any run, `?` one character) over the journal's service names
/// (`oauth`, `gmail`, `sheets`, `imds`, `dynamodb`, `egress`, `edge`) and operation ids
/// (`token`, `users.messages.list`, `GetItem`, `blocked`); a pattern without `.operation` covers every
/// operation of the service, and `*` alone every request. Pattern characters are letters, digits, `_`,
/// `-`, `.`, `*` and `?`. `dynamodb[region=us-west-2].*` counts only requests for that region (a glob
/// too); requests of services without regions never match a region.
public struct Expectation: Sendable, Equatable, CustomStringConvertible {
    public enum Comparison: String, Sendable, CaseIterable {
        case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="

        func holds(_ count: Int, _ expected: Int) -> Bool {
            switch self {
            case .equal: count == expected
            case .notEqual: count != expected
            case .less: count < expected
            case .lessOrEqual: count <= expected
            case .greater: count > expected
            case .greaterOrEqual: count >= expected
            }
        }
    }

    /// The service glob.
    public let service: String
    /// The operation glob; `*` when the pattern named none.
    public let operation: String
    /// The region glob (`[region=…]`); nil: any region, and requests without one.
    public let region: String?
    public let comparison: Comparison
    public let expected: Int
    /// The text as written, for messages.
    public let text: String

    public init(service: String, operation: String, region: String? = nil, comparison: Comparison, expected: Int, text: String) {
        self.service = service
        self.operation = operation
        self.region = region
        self.comparison = comparison
        self.expected = expected
        self.text = text
    }

    /// `gmail.*`, `oauth.token`, `dynamodb[region=us-west-2].*`.
    public var pattern: String {
        let scoped = service + (region.map { "[region=\($0)]" } ?? "")
        return operation == "*" && !text.contains(".") ? scoped : scoped + "." + operation
    }

    public var description: String { "\(pattern) \(comparison.rawValue) \(expected)" }

    /// What the journal's totals say about this expectation.
    public struct Outcome: Sendable, Equatable {
        public let expectation: Expectation
        /// Matching requests (saturating at `Int.max`).
        public let count: Int
        /// The matching services and operations with their counts, in order.
        public let matches: [(key: Journal.OperationKey, count: Int)]
        public var holds: Bool { expectation.comparison.holds(count, expectation.expected) }

        public static func == (a: Outcome, b: Outcome) -> Bool {
            a.expectation == b.expectation && a.count == b.count && a.matches.map(\.key) == b.matches.map(\.key)
                && a.matches.map(\.count) == b.matches.map(\.count)
        }
    }

    /// Counts the requests of `totals` (see `Journal.totals`) the pattern matches and compares.
    public func evaluate(_ totals: [Journal.OperationKey: Int]) -> Outcome {
        let matches = totals.filter { entry in
            Glob.matches(service, entry.key.service) && Glob.matches(operation, entry.key.operation)
                && (region.map { wanted in entry.key.region.map { Glob.matches(wanted, $0) } ?? false } ?? true)
        }
            .sorted { $0.key < $1.key }.map { (key: $0.key, count: $0.value) }
        var count = 0
        for match in matches {
            let (sum, overflow) = count.addingReportingOverflow(match.count)
            count = overflow ? Int.max : sum
        }
        return Outcome(expectation: self, count: count, matches: matches)
    }
}
