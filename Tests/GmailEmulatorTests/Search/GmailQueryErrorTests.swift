import GmailEmulator
import Testing

/// Every way a query fails to parse, with the exact message, position and token.
@Suite struct GmailQueryErrorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let query: String
        let message: String
        let position: Int
        let token: String
        var testDescription: String { "q=\(query)" }
    }

    static let dateHelp = "is not a date (use YYYY/MM/DD, YYYY-MM-DD, MM/DD/YYYY or epoch seconds)"

    static let cases: [Case] = [
        Case(query: "(booking", message: "unbalanced \"(\" at position 1: no matching \")\"", position: 1, token: "("),
        Case(query: "dinner (a (b)", message: "unbalanced \"(\" at position 8: no matching \")\"", position: 8, token: "("),
        Case(query: "booking)", message: "unexpected \")\" at position 8: no matching \"(\"", position: 8, token: ")"),
        Case(query: "{a b", message: "unbalanced \"{\" at position 1: no matching \"}\"", position: 1, token: "{"),
        Case(query: "a }", message: "unexpected \"}\" at position 3: no matching \"{\"", position: 3, token: "}"),
        Case(query: "(a}", message: "unexpected \"}\" at position 3: no matching \"{\"", position: 3, token: "}"),
        Case(query: "from:(a OR b", message: "unbalanced \"(\" at position 6: no matching \")\"", position: 6, token: "("),
        Case(query: "subject:\"booking", message: "unterminated quoted phrase: the \" at position 9 is never closed", position: 9, token: "\"booking"),
        Case(query: "\"a\" \"b", message: "unterminated quoted phrase: the \" at position 5 is never closed", position: 5, token: "\"b"),
        Case(query: "after:2026/13/45", message: "\"after:2026/13/45\" at position 1: \"2026/13/45\" \(dateHelp)", position: 1, token: "after:2026/13/45"),
        Case(query: "in:inbox before:2025/02/30", message: "\"before:2025/02/30\" at position 10: \"2025/02/30\" \(dateHelp)", position: 10, token: "before:2025/02/30"),
        Case(query: "after:yesterday", message: "\"after:yesterday\" at position 1: \"yesterday\" \(dateHelp)", position: 1, token: "after:yesterday"),
        Case(query: "older:2025/1", message: "\"older:2025/1\" at position 1: \"2025/1\" \(dateHelp)", position: 1, token: "older:2025/1"),
        Case(query: "after:\"2025 07 01\"", message: "\"after:2025 07 01\" at position 1: \"2025 07 01\" \(dateHelp)", position: 1, token: "after:2025 07 01"),
        Case(query: "newer_than:5x", message: "\"newer_than:5x\" at position 1: \"5x\" is not an age (use a whole number followed by d, m or y, as in newer_than:7d)", position: 1, token: "newer_than:5x"),
        Case(query: "older_than:d", message: "\"older_than:d\" at position 1: \"d\" is not an age (use a whole number followed by d, m or y, as in older_than:7d)", position: 1, token: "older_than:d"),
        Case(query: "newer_than:1h", message: "\"newer_than:1h\" at position 1: \"1h\" is not an age (use a whole number followed by d, m or y, as in newer_than:7d)", position: 1, token: "newer_than:1h"),
        Case(query: "larger:abc", message: "\"larger:abc\" at position 1: \"abc\" is not a size (use bytes, or a whole number followed by K or M, as in larger:10M)", position: 1, token: "larger:abc"),
        Case(query: "smaller:10T", message: "\"smaller:10T\" at position 1: \"10T\" is not a size (use bytes, or a whole number followed by K or M, as in smaller:10M)", position: 1, token: "smaller:10T"),
        Case(query: "size:1.5M", message: "\"size:1.5M\" at position 1: \"1.5M\" is not a size (use bytes, or a whole number followed by K or M, as in size:10M)", position: 1, token: "size:1.5M"),
        Case(query: "from:", message: "\"from:\" at position 1 has no value", position: 1, token: "from:"),
        Case(query: "dinner subject:", message: "\"subject:\" at position 8 has no value", position: 8, token: "subject:"),
        Case(query: "subject: from:amy", message: "\"subject:\" at position 1 has no value", position: 1, token: "subject:"),
        Case(query: "(label:)", message: "\"label:\" at position 2 has no value", position: 2, token: "label:"),
        Case(query: "OR dinner", message: "\"OR\" at position 1 needs a term on each side", position: 1, token: "OR"),
        Case(query: "dinner OR", message: "\"OR\" at position 8 needs a term on each side", position: 8, token: "OR"),
        Case(query: "a OR OR b", message: "\"OR\" at position 3 needs a term on each side", position: 3, token: "OR"),
        Case(query: "(a OR) b", message: "\"OR\" at position 4 needs a term on each side", position: 4, token: "OR"),
        Case(query: "dinner AND", message: "\"AND\" at position 8 needs a term on each side", position: 8, token: "AND"),
        Case(query: "AND dinner", message: "\"AND\" at position 1 needs a term on each side", position: 1, token: "AND"),
        Case(query: "dinner AROUND friday", message: "\"AROUND\" at position 8 needs a word on each side and a distance, as in \"dinner AROUND 5 friday\"", position: 8, token: "AROUND"),
        Case(query: "dinner AROUND 5", message: "\"AROUND\" at position 8 needs a word on each side and a distance, as in \"dinner AROUND 5 friday\"", position: 8, token: "AROUND"),
        Case(query: "AROUND 5 friday", message: "\"AROUND\" at position 1 needs a term on each side", position: 1, token: "AROUND"),
        Case(query: "-OR", message: "\"-\" at position 1 negates nothing", position: 1, token: "-"),
        Case(query: "é (b", message: "unbalanced \"(\" at position 3: no matching \")\"", position: 3, token: "("),  // characters, not bytes
    ]

    @Test(arguments: cases)
    func rejects(_ testCase: Case) {
        #expect(throws: GmailQueryError(message: testCase.message, position: testCase.position, token: testCase.token)) {
            try GmailQuery.parse(testCase.query)
        }
    }

    @Test func describesItselfAndCarriesGmailsText() {
        let error = GmailQueryError(message: "unexpected \")\" at position 8: no matching \"(\"", position: 8, token: ")")
        #expect(error.description == "Invalid Gmail query: unexpected \")\" at position 8: no matching \"(\"")
        #expect(GmailQueryError.gmailMessage == "Invalid query")
    }

    /// Odd but well-formed queries parse: Gmail treats them as text or as matching nothing.
    @Test(arguments: ["foo:bar", "10:30", "is:bogus", "has:purple-star", "category:reservations", "in:snoozed",
                      "-", "+", "&", "\"\"", "()", "{}", "a - b", "label:-", "around 5 friday", "NOT dinner",
                      "after:0", "newer_than:0d", "larger:0", "older_than:99999999999y"])
    func acceptsOddButValid(_ query: String) throws {
        _ = try GmailQuery.parse(query)
    }
}
