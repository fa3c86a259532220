@testable import DynamoDBEmulator
import Testing

@Suite("DynamoDB numbers")
struct NumberTests {
    @Test(arguments: [
        ("1.50", "1.5"), ("-0", "0"), ("0.0", "0"), ("1E3", "1000"), ("0.00100", "0.001"), ("+5", "5"),
        ("-1.0e-2", "-0.01"), ("007", "7"), ("12.3400e1", "123.4"), (".5", "0.5"), ("5.", "5"),
        ("99999999999999999999999999999999999999", "99999999999999999999999999999999999999"),
        ("1E125", "1" + String(repeating: "0", count: 125)), ("1E-130", "0." + String(repeating: "0", count: 129) + "1"),
    ])
    func normalises(_ input: String, _ expected: String) throws {
        let n = try #require(DynamoNumber.parse(input).successValue)
        #expect(n.description == expected)
    }

    @Test(arguments: [
        ("123456789012345678901234567890123456789", DynamoNumber.Problem.tooManyDigits),
        ("1E126", .overflow), ("-9.9E200", .overflow), ("1E-131", .underflow),
        ("abc", .notANumber), ("", .notANumber), ("1e", .notANumber), ("1.2.3", .notANumber), ("--1", .notANumber),
        ("0x10", .notANumber),
    ])
    func refuses(_ input: String, _ problem: DynamoNumber.Problem) {
        guard case .failure(let found) = DynamoNumber.parse(input) else {
            Issue.record("\(input) was accepted")
            return
        }
        #expect(found == problem)
    }

    @Test func trailingZerosDoNotCountAsDigits() {
        // 38 significant digits followed by zeros is fine: they are not significant.
        #expect(DynamoNumber.parse("12345678901234567890123456789012345678000").successValue != nil)
    }

    @Test(arguments: [
        ("1", "2", true), ("-2", "-1", true), ("-1", "1", true), ("0.5", "1", true), ("10", "9", false),
        ("1.50", "1.5", false), ("-0.001", "0", true), ("100", "1E2", false), ("1E2", "101", true),
    ])
    func ordersNumerically(_ a: String, _ b: String, _ less: Bool) throws {
        let x = try #require(DynamoNumber.parse(a).successValue), y = try #require(DynamoNumber.parse(b).successValue)
        #expect((x < y) == less)
    }

    @Test(arguments: [
        ("1", "2", "3"), ("1.5", "-0.5", "1"), ("-1", "1", "0"), ("0.1", "0.2", "0.3"), ("100", "-0.01", "99.99"),
        ("-5", "-5", "-10"), ("999", "1", "1000"), ("1E20", "1", "100000000000000000001"),
    ])
    func addsExactly(_ a: String, _ b: String, _ sum: String) throws {
        let x = try #require(DynamoNumber.parse(a).successValue), y = try #require(DynamoNumber.parse(b).successValue)
        #expect(DynamoNumber.add(x, y).successValue?.description == sum)
    }

    /// DynamoDB calls a sum that needs more than 38 digits an overflow (its answer for 1E+50 - 1).
    @Test func additionBeyond38DigitsIsAnOverflow() throws {
        let big = try #require(DynamoNumber.parse("1E37").successValue)
        let small = try #require(DynamoNumber.parse("0.1").successValue)
        #expect(DynamoNumber.add(big, small).failureValue == .overflow)
        let huge = try #require(DynamoNumber.parse("1E50").successValue)
        let one = try #require(DynamoNumber.parse("-1").successValue)
        #expect(DynamoNumber.add(huge, one).failureValue == .overflow)
    }
}

extension Result {
    var failureValue: Failure? {
        if case .failure(let f) = self { return f }
        return nil
    }
}
