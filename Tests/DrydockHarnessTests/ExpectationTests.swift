import DrydockHarness
import EmulatorKit
import Testing

@Suite("--expect: parsing and evaluation")
struct ExpectationTests {
    static func key(_ service: String, _ operation: String) -> Journal.OperationKey { .init(service: service, operation: operation) }

    static let totals: [Journal.OperationKey: Int] = [
        key("oauth", "token"): 1,
        key("gmail", "users.messages.list"): 3,
        key("gmail", "users.messages.get"): 17,
        key("sheets", "spreadsheets.values.get"): 2,
        key("dynamodb", "Query"): 4,
        key("egress", "blocked"): 0,
    ]

    @Test("valid expectations parse into service, operation, operator and count", arguments: [
        ("oauth.token == 1", "oauth", "token", "==", 1),
        ("gmail.* <= 20", "gmail", "*", "<=", 20),
        ("egress.blocked==0", "egress", "blocked", "==", 0),
        ("  gmail.users.messages.list >= 3  ", "gmail", "users.messages.list", ">=", 3),
        ("dynamodb.Query != 5", "dynamodb", "Query", "!=", 5),
        ("gmail < 21", "gmail", "*", "<", 21),
        ("* > 0", "*", "*", ">", 0),
        ("g?ail.users.messages.g* >\t007", "g?ail", "users.messages.g*", ">", 7),
        ("edge.unknown == 1000000000", "edge", "unknown", "==", 1_000_000_000),
    ])
    func parses(_ text: String, _ service: String, _ operation: String, _ symbol: String, _ count: Int) throws {
        let expectation = try Expectation.parse(text)
        #expect(expectation.service == service)
        #expect(expectation.operation == operation)
        #expect(expectation.comparison.rawValue == symbol)
        #expect(expectation.expected == count)
        #expect(expectation.text == text)
    }

    @Test("bad input: a clear error with its code and the column where it goes wrong", arguments: [
        ("", ExpectationError.Code.empty, 1, "is empty; write SERVICE.OPERATION OP COUNT, e.g. 'oauth.token == 1'"),
        ("   ", .empty, 1, "is empty; write SERVICE.OPERATION OP COUNT, e.g. 'oauth.token == 1'"),
        ("oauth.token = 1", .badOperator, 13, "expected an operator (== != < <= > >=), found '= 1'"),
        ("oauth.token", .badOperator, 12, "expected an operator (== != < <= > >=), found the end"),
        ("oauth/token == 1", .badOperator, 6, "'/' cannot appear in a pattern (letters, digits, _ - . * ?) and is not an operator"),
        ("== 1", .badPattern, 1, "expected a SERVICE.OPERATION pattern (letters, digits, _ - . * ?), found '== 1'"),
        (".token == 1", .badPattern, 1, "the pattern needs a service name before '.'"),
        ("gmail. == 1", .badPattern, 6, "nothing follows '.'; write gmail.* for every operation of gmail"),
        ("oauth.token ==", .badCount, 15, "expected a count (a whole number 0-1000000000), found the end"),
        ("oauth.token == -1", .badCount, 16, "expected a count (a whole number 0-1000000000), found '-1'"),
        ("oauth.token == one", .badCount, 16, "expected a count (a whole number 0-1000000000), found 'one'"),
        ("oauth.token == 1000000001", .badCount, 16, "the count is larger than 1000000000"),
        ("oauth.token == 99999999999999999999999999", .badCount, 16, "the count is larger than 1000000000"),
        ("oauth.token == 1 and gmail.* == 2", .trailing, 18, "unexpected text after the count: found 'and gmail.* '"),
        ("oauth.token == 1.5", .trailing, 17, "unexpected text after the count: found '.5'"),
        ("oauth.token === 1", .badCount, 15, "expected a count (a whole number 0-1000000000), found '= 1'"),
        ("gmail.* =< 2", .badOperator, 9, "expected an operator (== != < <= > >=), found '=< 2'"),
    ])
    func rejects(_ text: String, _ code: ExpectationError.Code, _ column: Int, _ reason: String) {
        #expect {
            try Expectation.parse(text)
        } throws: { error in
            guard let error = error as? ExpectationError else { return false }
            #expect(error.code == code)
            #expect(error.column == column)
            #expect(error.reason == reason)
            #expect(error.description == "--expect '\(text)': column \(column): \(reason)")
            return true
        }
    }

    @Test("limits: 512 characters at most, and the message shows only the first 80")
    func tooLong() {
        let text = "gmail." + String(repeating: "a", count: 600) + " == 1"
        #expect {
            try Expectation.parse(text)
        } throws: { error in
            guard let error = error as? ExpectationError else { return false }
            #expect(error.code == .tooLong)
            #expect(error.column == 513)
            #expect(error.description.count < 160)
            return true
        }
        let longest = "gmail." + String(repeating: "a", count: 498 - 6) + " >= 1000000000"
        #expect(longest.count == 512)
        #expect((try? Expectation.parse(longest)) != nil)
    }

    /// Found by the exec-expect fuzz target: a 512-character expectation without spaces around its
    /// operator was accepted, but its rendering (`description`, which adds them) was too long to parse.
    /// The pattern has its own limit now, leaving room for the longest operator and count.
    @Test("every accepted expectation's rendering parses back to it; the pattern is at most 498 characters")
    func renderingParsesBack() throws {
        let found = "gmail." + String(repeating: "a", count: 495) + "blocked== 1"
        #expect(found.count == 512)
        #expect {
            try Expectation.parse(found)
        } throws: { error in
            guard let error = error as? ExpectationError else { return false }
            #expect(error.code == .badPattern)
            #expect(error.column == 499)
            #expect(error.reason == "the pattern is longer than 498 characters")
            return true
        }
        let widest = "gmail." + String(repeating: "a", count: 498 - 6) + ">=1000000000"
        let expectation = try Expectation.parse(widest)
        #expect(expectation.description.count == 512)
        let again = try Expectation.parse(expectation.description)
        #expect(again.description == expectation.description)
        #expect(again.service == expectation.service && again.operation == expectation.operation)
        #expect(again.comparison == expectation.comparison && again.expected == expectation.expected)
    }

    @Test("any input answers with an expectation or an ExpectationError, never a trap")
    func garbage() {
        var generator = SplitMix(seed: 9)
        let alphabet = Array("ab.*?=!<>0123456789 -_\t/é😀\u{0}".unicodeScalars)
        for _ in 0..<5_000 {
            let length = Int(generator.next() % 40)
            let text = String(String.UnicodeScalarView((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }))
            do {
                let expectation = try Expectation.parse(text)
                _ = expectation.evaluate(Self.totals)
            } catch {
                #expect(error.column >= 1 && error.column <= text.unicodeScalars.count + 1, "\(text.debugDescription)")
            }
        }
    }

    @Test("evaluation: globs over service and operation, summed, compared", arguments: [
        ("oauth.token == 1", true, 1),
        ("oauth.token == 0", false, 1),
        ("gmail.* <= 20", true, 20),
        ("gmail.* < 20", false, 20),
        ("gmail.users.messages.* > 19", true, 20),
        ("gmail.users.messages.get >= 17", true, 17),
        ("gmail != 20", false, 20),
        ("egress.blocked == 0", true, 0),
        ("imds.* == 0", true, 0),
        ("* == 27", true, 27),
        ("*.token == 1", true, 1),
        ("dynamodb.query == 0", true, 0),
    ])
    func evaluates(_ text: String, _ holds: Bool, _ count: Int) throws {
        let outcome = try Expectation.parse(text).evaluate(Self.totals)
        #expect(outcome.holds == holds)
        #expect(outcome.count == count)
    }

    @Test("the outcome lists what matched, in order; counts saturate instead of overflowing")
    func matchesAndSaturation() throws {
        let outcome = try Expectation.parse("gmail.* <= 20").evaluate(Self.totals)
        #expect(outcome.matches.map(\.key.description) == ["gmail.users.messages.get", "gmail.users.messages.list"])
        #expect(outcome.matches.map(\.count) == [17, 3])
        let huge: [Journal.OperationKey: Int] = [Self.key("a", "x"): Int.max, Self.key("a", "y"): Int.max]
        #expect(try Expectation.parse("a > 5").evaluate(huge).count == Int.max)
    }
}

/// A tiny seeded generator, so the garbage test is the same on every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// `[region=…]`: counts by the region a request was for (DynamoDB's, from its SigV4 scope).
@Suite struct RegionExpectationTests {
    static let totals: [Journal.OperationKey: Int] = [
        .init(service: "dynamodb", operation: "Query", region: "us-east-1"): 4,
        .init(service: "dynamodb", operation: "Query", region: "us-west-2"): 6,
        .init(service: "dynamodb", operation: "GetItem", region: "us-west-2"): 1,
        .init(service: "gmail", operation: "users.messages.list"): 3,
    ]

    @Test(arguments: [
        ("dynamodb[region=us-west-2].* == 7", true, 7),
        ("dynamodb[region=us-west-2].Query == 6", true, 6),
        ("dynamodb[region=us-east-1] >= 4", true, 4),
        ("dynamodb[region=eu-*].* == 0", true, 0),
        ("dynamodb.Query == 10", true, 10),
        ("*[region=*] == 11", true, 11),
        ("gmail[region=*].* == 0", true, 0),
    ])
    func countsByRegion(text: String, holds: Bool, count: Int) throws {
        let outcome = try Expectation.parse(text).evaluate(Self.totals)
        #expect(outcome.count == count)
        #expect(outcome.holds == holds)
    }

    @Test func parsesAndRendersTheRegion() throws {
        let expectation = try Expectation.parse("dynamodb[region=us-west-2].*==0")
        #expect(expectation.service == "dynamodb" && expectation.region == "us-west-2" && expectation.operation == "*")
        #expect(expectation.description == "dynamodb[region=us-west-2].* == 0")
        #expect(try Expectation.parse(expectation.description) == Expectation.parse("dynamodb[region=us-west-2].* == 0"))
        #expect(Journal.OperationKey(service: "dynamodb", operation: "Query", region: "us-west-2").description
            == "dynamodb[region=us-west-2].Query")
    }

    @Test(arguments: [
        ("dynamodb[reg=x].* == 0", 9, "expected [region=NAME] after the service"),
        ("dynamodb[region=].* == 0", 17, "expected a region name"),
        ("dynamodb[region=us-west-2.* == 0", 26, "expected ']' after the region"),
        ("dynamodb[region=x]y == 0", 19, "expected '.' or an operator after ']'"),
        ("[region=x].* == 0", 1, "the pattern needs a service name before '['"),
    ])
    func badRegions(text: String, column: Int, says: String) {
        do {
            _ = try Expectation.parse(text)
            Issue.record("\(text) parsed")
        } catch {
            #expect(error.column == column, "\(error)")
            #expect(error.description.contains(says), "\(error)")
        }
    }
}
