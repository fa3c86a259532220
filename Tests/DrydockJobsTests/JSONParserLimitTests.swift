import DrydockCore
import Foundation
import Testing

/// The shared JSON parser under hostile input: nesting past its depth limit, numbers past any
/// integer, and the recursive writer, equality and deinitialization at the deepest allowed nesting
/// on a thread with a small stack (issue 8 §1).
@Suite(.timeLimit(.minutes(1))) struct JSONParserLimitTests {
    static func tooDeep(_ text: String, maxDepth: Int = JSONValue.defaultMaxDepth) -> JSONParseError? {
        do {
            _ = try JSONValue.parse(text, maxDepth: maxDepth)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: ["[", "{\"a\":", "[{\"a\":"])
    func hundredThousandOpenersAreAnErrorNotACrash(_ opener: String) throws {
        let error = try #require(Self.tooDeep(String(repeating: opener, count: 100_000)))
        #expect(error.code == .nestingTooDeep)
        #expect(error.reason == "nesting deeper than 512 levels")
        #expect(error.line == 1)
        // At the opener that goes past the limit: the 513th bracket.
        let bracket = opener == "[{\"a\":" ? (513 / 2) * opener.count + 1 : 512 * opener.count + 1
        #expect(error.column == bracket)
        #expect(error.offset == bracket - 1)
        #expect(error.description == "line 1, column \(bracket): nesting deeper than 512 levels")
    }

    @Test func theDefaultLimitIs512AndEveryLevelUpToItParses() throws {
        #expect(JSONValue.defaultMaxDepth == 512)
        let deepest = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        _ = try JSONValue.parse(deepest)
        let past = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        #expect(Self.tooDeep(past)?.code == .nestingTooDeep)
    }

    @Test func theLimitIsAParameter() throws {
        let text = String(repeating: "{\"M\":", count: 33) + "1" + String(repeating: "}", count: 33)
        let error = try #require(Self.tooDeep(text, maxDepth: 32))
        #expect(error.code == .nestingTooDeep)
        #expect(error.reason == "nesting deeper than 32 levels")
        _ = try JSONValue.parse(text, maxDepth: 33)
        _ = try JSONValue.parse(Array(text.utf8), maxDepth: 33)
    }

    /// The line and column are where the offending bracket is, across lines.
    @Test func theErrorNamesLineAndColumn() throws {
        let text = Array(repeating: "  [", count: 600).joined(separator: "\n")
        let error = try #require(Self.tooDeep(text))
        #expect(error.line == 513)
        #expect(error.column == 3)
    }

    @Test func syntaxErrorsKeepTheirCode() throws {
        let error = try #require(Self.tooDeep("[1,,2]"))
        #expect(error.code == .syntax)
    }

    // MARK: Numbers

    /// Numbers keep their text; reading them as integers never traps, whatever their size.
    @Test(arguments: [
        ("1e999999999999999999999", nil), ("-1e999999999999999999999", nil), (String(repeating: "9", count: 10_000), nil),
        ("9223372036854775808", nil), ("-9223372036854775809", nil), ("1e308", nil), ("-0", 0),
        ("0.000000000000000000000000001e-99999", 0),
    ] as [(String, Int?)])
    func hugeNumbersParseAndConvertSafely(_ text: String, integer: Int?) throws {
        let value = try JSONValue.parse(text)
        #expect(value == .number(text))
        #expect(value.intValue == integer)
        _ = value.doubleValue
        #expect(value.serialized() == text)
        #expect(value == value)
    }

    @Test func integersAtTheEdgesConvert() throws {
        #expect(try JSONValue.parse("9223372036854775807").intValue == Int.max)
        #expect(try JSONValue.parse("-9223372036854775808").intValue == Int.min)
        #expect(try JSONValue.parse("8.9e15").intValue == 8_900_000_000_000_000)
        #expect(try JSONValue.parse("9.1e15").intValue == nil)
    }

    // MARK: Recursion at the limit, on a small stack

    /// Parsing, writing (compact and pretty), comparing and freeing a value 512 levels deep, on a
    /// thread with a 1 MiB stack: an eighth of Linux's default 8 MiB, in a debug build, whose frames are
    /// several times a release build's (the parser takes about 1.4 KB per level in debug, 0.3 KB in release).
    @Test func theDeepestValueIsSafeOnASmallStack() async throws {
        let text = String(repeating: "{\"a\":[", count: 256) + "1" + String(repeating: "]}", count: 256)
        let outcome: String = await withCheckedContinuation { continuation in
            let thread = Thread {
                var result = "ok"
                do {
                    let value = try JSONValue.parse(text)
                    let again = try JSONValue.parse(value.serialized(pretty: true))
                    if value != again || value.serialized() != text { result = "round trip differs" }
                } catch {
                    result = "\(error)"
                }
                continuation.resume(returning: result)
            }
            thread.stackSize = 1024 * 1024
            thread.start()
        }
        #expect(outcome == "ok")
    }
}
