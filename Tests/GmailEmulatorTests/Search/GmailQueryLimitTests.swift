import DrydockCore
import DrydockHTTP
@testable import GmailEmulator
import Testing

/// Hostile queries: numbers that overflow, nesting that would exhaust the stack, and queries longer
/// than the emulator accepts. Each answered, none trapping (issue 8 §1).
@Suite(.timeLimit(.minutes(1))) struct GmailQueryLimitTests {
    static let owner = GmailTestHarness.owner

    func harness() throws -> GmailTestHarness {
        try GmailTestHarness(mailboxes: [Self.owner: [
            "small.eml": MailFixtures.plain(subject: "Small", date: "Mon, 01 Jun 2026 08:00:00 +0000", body: "tiny charter"),
        ]])
    }

    /// Percent-encodes a query for a request target.
    static func encoded(_ query: String) -> String { PercentEncoding.encode(query) }

    // MARK: Sizes past Int64 (the crash inputs of issue 8)

    @Test(arguments: ["larger:8589934592G", "size:8589934592G", "smaller:8589934592G", "larger:999999999999GB",
                      "larger:999999999999M", "smaller:999999999999K"])
    func hugeSizesSaturateInsteadOfTrapping(_ query: String) throws {
        let parsed = try GmailQuery.parse(query)
        guard case .largerThan(let bytes) = parsed.root else {
            guard case .smallerThan(let bytes) = parsed.root else { Issue.record("unexpected node \(parsed.root)"); return }
            #expect(bytes > 0)
            return
        }
        #expect(bytes > 0)
    }

    @Test func hugeSizesOverHTTPMatchNothingOrEverything() throws {
        let harness = try harness()
        let larger = try harness.getJSON("/gmail/v1/users/me/messages?q=larger:8589934592G")
        #expect(larger.status == 200)
        #expect(larger.json["resultSizeEstimate"] == 0)
        let smaller = try harness.getJSON("/gmail/v1/users/me/messages?q=smaller:8589934592G")
        #expect(smaller.status == 200)
        #expect(smaller.json["resultSizeEstimate"] == 1)
        let size = try harness.getJSON("/gmail/v1/users/me/messages?q=size:8589934592G")
        #expect(size.status == 200)
        #expect(size.json["resultSizeEstimate"] == 0)
    }

    /// The saturated value is the largest Int: a size one past it cannot be written with 12 digits anyway.
    @Test func sizeSaturatesAtTheLargestInt() {
        #expect(OperatorValues.size("8589934592G") == Int.max)
        #expect(OperatorValues.size("8589934591G") == 8_589_934_591 * 1_073_741_824)
        #expect(OperatorValues.size("999999999999k") == 999_999_999_999 * 1024)
        #expect(OperatorValues.size("1234567890123") == nil)  // 13 digits: not a size
    }

    /// Other numbers from the query stay in range: ages are capped, epoch seconds have at most 12 digits,
    /// AROUND distances at most 6.
    @Test(arguments: ["newer_than:999999999999d", "older_than:999999999999m", "older_than:999999999999y",
                      "after:999999999999", "before:999999999999", "a AROUND 999999 b"])
    func otherHugeNumbersAreAnswered(_ query: String) throws {
        let harness = try harness()
        let result = try harness.getJSON("/gmail/v1/users/me/messages?q=" + Self.encoded(query))
        #expect(result.status == 200)
    }

    @Test(arguments: ["after:9999999999999", "a AROUND 9999999 b", "newer_than:9999999999999d", "larger:9999999999999"])
    func numbersWithTooManyDigitsAreInvalid(_ query: String) throws {
        let harness = try harness()
        let result = try harness.getJSON("/gmail/v1/users/me/messages?q=" + Self.encoded(query))
        #expect(result.status == 400)
        #expect(result.json.errorMessage == "Invalid query")
    }

    // MARK: Nesting

    static func depthError(_ position: Int, _ token: String) -> GmailQueryError {
        GmailQueryError(
            message: "\"\(token)\" at position \(position) nests groups deeper than \(GmailQuery.maximumDepth) levels",
            position: position, token: token)
    }

    /// 8,000 `(` overflowed the parser's stack; now the 65th opener is refused.
    @Test func eightThousandParenthesesAre400() throws {
        let harness = try harness()
        let query = String(repeating: "(", count: 8_000)
        let result = try harness.getJSON("/gmail/v1/users/me/messages?q=" + Self.encoded(query))
        #expect(result.status == 400)
        #expect(result.json.errorMessage == "Invalid query")
        #expect(result.json.errorReason == "invalidArgument")
        #expect(throws: Self.depthError(65, "(")) {
            try GmailQuery.parse(query)
        }
    }

    struct Nesting: CustomTestStringConvertible, Sendable {
        let name: String
        let query: String
        let position: Int
        let token: String
        var testDescription: String { name }
    }

    static let nestings = [
        Nesting(name: "{ × 5000", query: String(repeating: "{", count: 5_000), position: 65, token: "{"),
        Nesting(name: "-( × 1000", query: String(repeating: "-(", count: 1_000), position: 130, token: "("),
        Nesting(name: "from:( × 1000", query: String(repeating: "from:(", count: 1_000), position: 390, token: "("),
        Nesting(name: "a OR ( × 1000", query: String(repeating: "a OR (", count: 1_000), position: 390, token: "("),
        Nesting(name: "-{ × 100, closed", query: String(repeating: "-{", count: 100) + "x" + String(repeating: "}", count: 100), position: 130, token: "{"),
    ]

    @Test(arguments: nestings)
    func deepNestingOfEveryKindIsRefused(_ nesting: Nesting) {
        #expect(throws: Self.depthError(nesting.position, nesting.token)) {
            try GmailQuery.parse(nesting.query)
        }
    }

    /// Nesting up to the limit parses, compiles and evaluates.
    @Test func nestingUpToTheLimitWorks() throws {
        let depth = GmailQuery.maximumDepth
        let grouped = String(repeating: "(", count: depth) + "charter" + String(repeating: ")", count: depth)
        // An odd number of negations: "not nothing", which the one message matches.
        let negated = String(repeating: "-(", count: depth - 1) + "nothing" + String(repeating: ")", count: depth - 1)
        let harness = try harness()
        for query in [grouped, negated] {
            _ = try GmailQuery.parse(query)
            let result = try harness.getJSON("/gmail/v1/users/me/messages?q=" + Self.encoded(query))
            #expect(result.status == 200)
            #expect(result.json["resultSizeEstimate"] == 1)
        }
    }

    /// Long flat chains are not nesting: 3,000 ORs or terms are fine (within the length limit).
    @Test func longFlatChainsAreFine() throws {
        let chain = (1...1_000).map { "w\($0)" }.joined(separator: " OR ")
        #expect(chain.count <= GmailQuery.maximumLength)
        _ = try GmailQuery.parse(chain)
        _ = try GmailQuery.parse(String(repeating: "a ", count: 4_000))
    }

    // MARK: Length

    @Test func queriesOverTheLengthLimitAre400() throws {
        let limit = GmailQuery.maximumLength
        _ = try GmailQuery.parse(String(repeating: "a ", count: limit / 2))
        let long = String(repeating: "a", count: limit + 1)
        #expect(throws: GmailQueryError(
            message: "the query is \(limit + 1) characters long; at most \(limit) are accepted", position: limit + 1, token: "")) {
            try GmailQuery.parse(long)
        }
        let harness = try harness()
        let result = try harness.getJSON("/gmail/v1/users/me/messages?q=" + Self.encoded(long))
        #expect(result.status == 400)
        #expect(result.json.errorMessage == "Invalid query")
    }
}
