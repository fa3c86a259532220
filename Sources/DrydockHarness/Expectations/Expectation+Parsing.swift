/// Parsing `--expect` text: user input, so bounded, with errors naming the column, and a pure function
/// (a fuzz target can call `Expectation.parse` directly).
extension Expectation {
    /// Longest accepted expectation, in characters.
    public static let maximumLength = 512
    /// Largest accepted count.
    public static let maximumCount = 1_000_000_000
    /// Longest accepted pattern, in characters: room is left for the longest operator and count, so an
    /// expectation's rendering (`description`, spaces around the operator) is itself always accepted.
    public static let maximumPatternLength = maximumLength - " >= \(maximumCount)".count

    /// Parses `text` (see the grammar on `Expectation`).
    public static func parse(_ text: String) throws(ExpectationError) -> Expectation {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count <= maximumLength else {
            throw ExpectationError(.tooLong, text: text, column: maximumLength + 1,
                                   "is longer than \(maximumLength) characters")
        }
        var index = 0
        func skipSpaces() { while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" { index += 1 } }
        func found() -> String {
            index < scalars.count ? "found '\(String(String.UnicodeScalarView(scalars[index...].prefix(12))))'" : "found the end"
        }

        skipSpaces()
        guard index < scalars.count else {
            throw ExpectationError(.empty, text: text, column: 1, "is empty; write SERVICE.OPERATION OP COUNT, e.g. 'oauth.token == 1'")
        }
        let patternStart = index
        while index < scalars.count, isPatternCharacter(scalars[index]), scalars[index] != "." { index += 1 }
        let serviceEnd = index
        var region: String?
        if index < scalars.count, scalars[index] == "[" {
            let prefix = Array("[region=".unicodeScalars)
            guard serviceEnd > patternStart else {
                throw ExpectationError(.badPattern, text: text, column: index + 1, "the pattern needs a service name before '['")
            }
            guard scalars.count - index >= prefix.count, Array(scalars[index..<index + prefix.count]) == prefix else {
                throw ExpectationError(.badPattern, text: text, column: index + 1,
                                       "expected [region=NAME] after the service, \(found())")
            }
            index += prefix.count
            let regionStart = index
            while index < scalars.count, isRegionCharacter(scalars[index]) { index += 1 }
            guard index > regionStart else {
                throw ExpectationError(.badPattern, text: text, column: index + 1,
                                       "expected a region name (letters, digits, - * ?) after 'region=', \(found())")
            }
            region = String(String.UnicodeScalarView(scalars[regionStart..<index]))
            guard index < scalars.count, scalars[index] == "]" else {
                throw ExpectationError(.badPattern, text: text, column: index + 1, "expected ']' after the region, \(found())")
            }
            index += 1
            guard index == scalars.count || !isPatternCharacter(scalars[index]) || scalars[index] == "." else {
                throw ExpectationError(.badPattern, text: text, column: index + 1, "expected '.' or an operator after ']', \(found())")
            }
        }
        let restStart = index
        while index < scalars.count, isPatternCharacter(scalars[index]) { index += 1 }
        let pattern = String(String.UnicodeScalarView(scalars[patternStart..<serviceEnd] + scalars[restStart..<index]))
        guard !pattern.isEmpty else {
            throw ExpectationError(.badPattern, text: text, column: index + 1,
                                   "expected a SERVICE.OPERATION pattern (letters, digits, _ - . * ?), \(found())")
        }
        guard index - patternStart <= maximumPatternLength else {
            throw ExpectationError(.badPattern, text: text, column: patternStart + maximumPatternLength + 1,
                                   "the pattern is longer than \(maximumPatternLength) characters")
        }
        let (service, operation) = try split(pattern, text: text, start: patternStart)

        skipSpaces()
        let operatorStart = index
        var comparison: Comparison?
        for candidate in [Comparison.equal, .notEqual, .lessOrEqual, .greaterOrEqual, .less, .greater] {
            let symbol = Array(candidate.rawValue.unicodeScalars)
            if scalars.count - index >= symbol.count, Array(scalars[index..<index + symbol.count]) == symbol {
                comparison = candidate
                index += symbol.count
                break
            }
        }
        guard let comparison else {
            let reason = index < scalars.count && !isPatternCharacter(scalars[index]) && scalars[index] != "="
                && scalars[index] != "!" && scalars[index] != "<" && scalars[index] != ">"
                ? "'\(scalars[index])' cannot appear in a pattern (letters, digits, _ - . * ?) and is not an operator"
                : "expected an operator (== != < <= > >=), \(found())"
            throw ExpectationError(.badOperator, text: text, column: operatorStart + 1, reason)
        }

        skipSpaces()
        let countStart = index
        var expected = 0
        while index < scalars.count, ("0"..."9").contains(scalars[index]) {
            let digit = Int(scalars[index].value) - 48
            let (shifted, overflow1) = expected.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = shifted.addingReportingOverflow(digit)
            guard !overflow1, !overflow2, next <= maximumCount else {
                throw ExpectationError(.badCount, text: text, column: countStart + 1, "the count is larger than \(maximumCount)")
            }
            expected = next
            index += 1
        }
        guard index > countStart else {
            throw ExpectationError(.badCount, text: text, column: countStart + 1,
                                   "expected a count (a whole number 0-\(maximumCount)), \(found())")
        }
        skipSpaces()
        guard index == scalars.count else {
            throw ExpectationError(.trailing, text: text, column: index + 1, "unexpected text after the count: \(found())")
        }
        return Expectation(service: service, operation: operation, region: region, comparison: comparison, expected: expected, text: text)
    }

    /// `service[.operation]`, checked: a service before the first `.`, something after it.
    private static func split(_ pattern: String, text: String, start: Int) throws(ExpectationError) -> (String, String) {
        guard let dot = pattern.firstIndex(of: ".") else { return (pattern, "*") }
        let service = String(pattern[..<dot])
        let operation = String(pattern[pattern.index(after: dot)...])
        guard !service.isEmpty else {
            throw ExpectationError(.badPattern, text: text, column: start + 1, "the pattern needs a service name before '.'")
        }
        guard !operation.isEmpty else {
            throw ExpectationError(.badPattern, text: text, column: start + service.unicodeScalars.count + 1,
                                   "nothing follows '.'; write \(service).* for every operation of \(service)")
        }
        return (service, operation)
    }

    static func isRegionCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "-", "*", "?": true
        default: false
        }
    }

    static func isPatternCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "_", "-", ".", "*", "?": true
        default: false
        }
    }
}
