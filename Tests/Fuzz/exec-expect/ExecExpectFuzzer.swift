import DrydockHarness
import EmulatorKit
import FuzzSupport

/// `drydock exec --expect`: `Expectation.parse`, then `evaluate` against journal totals made from the
/// input. Line 1 is the expectation text (invalid UTF-8 repaired, as a command line's would be); every
/// further line `service.operation=COUNT` is one total (COUNT decimal, saturating at `Int.max`; missing or
/// not a number: 0). Oracle: parsing answers an expectation or an `ExpectationError` whose column lies in
/// the text (or just after it); an accepted expectation has a non-empty service without `.`, a non-empty
/// operation, pattern characters only and a count of at most `Expectation.maximumCount`, and its
/// rendering (`description`) parses back to the same service, operation, operator and count; evaluation
/// lists only keys the globs match, in order, without duplicates, and sums them saturating.
enum ExecExpectFuzzer {
    static func run(_ input: [UInt8]) {
        let (first, rest) = FuzzText.firstLine(input)
        let text = FuzzText.text(first)
        let totals = rest.map(totals(from:)) ?? [:]
        let expectation: Expectation
        do {
            expectation = try Expectation.parse(text)
        } catch {
            let length = text.unicodeScalars.count
            check(error.column >= 1 && error.column <= length + 1, "column \(error.column) of a \(length)-scalar text")
            check(error.code != .tooLong || length > Expectation.maximumLength, "too-long for \(length) scalars")
            check(!error.reason.isEmpty, "an error without a reason")
            return
        }
        checkAccepted(expectation, text: text)
        checkEvaluation(expectation, totals)
    }

    static func checkAccepted(_ expectation: Expectation, text: String) {
        check(text.unicodeScalars.count <= Expectation.maximumLength, "accepted \(text.unicodeScalars.count) scalars")
        check(expectation.text == text, "the text as written is not kept")
        check(!expectation.service.isEmpty && !expectation.service.contains("."), "service '\(expectation.service)'")
        check(!expectation.operation.isEmpty, "an empty operation")
        let pattern = expectation.service + expectation.operation
        check(pattern.unicodeScalars.allSatisfy(isPatternCharacter), "pattern '\(pattern)' holds other characters")
        check((0...Expectation.maximumCount).contains(expectation.expected), "count \(expectation.expected)")
        let rendered = expectation.description
        do {
            let again = try Expectation.parse(rendered)
            check(again.service == expectation.service && again.operation == expectation.operation
                    && again.comparison == expectation.comparison && again.expected == expectation.expected,
                  "'\(text)' renders as '\(rendered)', which parses to '\(again.description)'")
            check(again.description == rendered, "'\(rendered)' renders again as '\(again.description)'")
        } catch {
            fail("'\(text)' renders as '\(rendered)', which does not parse: \(error)")
        }
    }

    static func checkEvaluation(_ expectation: Expectation, _ totals: [Journal.OperationKey: Int]) {
        let outcome = expectation.evaluate(totals)
        check(outcome.expectation == expectation, "the outcome names another expectation")
        var sum = 0
        var previous: Journal.OperationKey?
        for match in outcome.matches {
            check(totals[match.key] == match.count, "match \(match.key) with a count not in the totals")
            check(Glob.matches(expectation.service, match.key.service) && Glob.matches(expectation.operation, match.key.operation),
                  "\(match.key) listed but not matched")
            if let previous { check(previous < match.key, "matches out of order or repeated at \(match.key)") }
            previous = match.key
            let (next, overflow) = sum.addingReportingOverflow(match.count)
            sum = overflow ? Int.max : next
        }
        check(outcome.count == sum, "count \(outcome.count), the matches sum to \(sum)")
        if !Glob.hasWildcards(expectation.service) {
            check(outcome.matches.allSatisfy { $0.key.service == expectation.service }, "a literal service matched another")
        }
        if expectation.service == "*" && expectation.operation == "*" {
            check(outcome.matches.count == totals.count, "'*' left out \(totals.count - outcome.matches.count) totals")
        }
        let (count, expected) = (outcome.count, expectation.expected)
        let holds = switch expectation.comparison {
        case .equal: count == expected
        case .notEqual: count != expected
        case .less: count < expected
        case .lessOrEqual: count <= expected
        case .greater: count > expected
        case .greaterOrEqual: count >= expected
        }
        check(outcome.holds == holds, "holds is \(outcome.holds) for \(count) \(expectation.comparison.rawValue) \(expected)")
    }

    /// `service.operation=COUNT` lines; the service is everything before the first `.` (none: the whole
    /// key, operation empty).
    static func totals(from bytes: ArraySlice<UInt8>) -> [Journal.OperationKey: Int] {
        var totals: [Journal.OperationKey: Int] = [:]
        for line in FuzzText.lines(Array(bytes)).prefix(64) {
            let equals = line.firstIndex(of: UInt8(ascii: "=")) ?? line.endIndex
            let key = FuzzText.text(line[..<equals])
            let service = key.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
            var count = 0
            for byte in line[equals...].dropFirst() where (0x30...0x39).contains(byte) {
                let (shifted, overflow1) = count.multipliedReportingOverflow(by: 10)
                let (next, overflow2) = shifted.addingReportingOverflow(Int(byte - 0x30))
                count = overflow1 || overflow2 ? Int.max : next
            }
            totals[Journal.OperationKey(service: String(service[0]), operation: service.count > 1 ? String(service[1]) : "")] = count
        }
        return totals
    }

    static func isPatternCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "_", "-", ".", "*", "?": true
        default: false
        }
    }

    static func check(_ condition: Bool, _ what: @autoclosure () -> String) {
        if !condition { fail(what()) }
    }

    static func fail(_ what: String) -> Never {
        fatalError("oracle: exec-expect: \(what)")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    ExecExpectFuzzer.run(FuzzDriver.bytes(data, size))
    return 0
}

/// The entry point SwiftPM links as `main` (see `FuzzDriver`).
@_cdecl("fuzz_exec_expect_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc: argc, argv: argv, testOneInput)
}
