/// A parsed format pattern: up to four `;`-separated sections (positive; negative; zero; text), each a
/// list of tokens, as Sheets reads `"$"#,##0.00`, `0.00%`, `[$€]#,##0.00`, `#,##0;(#,##0)` or
/// `dddd, mmmm d, yyyy`. Conditions (`[<100]`) and colors (`[Red]`) are read and ignored; fractions
/// (`# ?/?`) are not supported (the `/` shows as text).
struct FormatPattern: Sendable, Equatable {
    var sections: [FormatSection]

    /// A pattern that cannot be read: an unclosed quote or bracket, or more than four sections.
    struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
        let reason: String
        var description: String { reason }
    }

    init(_ pattern: String) throws(SyntaxError) {
        var sections: [[FormatToken]] = [[]]
        var characters = Array(pattern)[...]

        func append(_ token: FormatToken) {
            if case .literal(let text) = token, case .literal(let previous)? = sections[sections.count - 1].last {
                sections[sections.count - 1][sections[sections.count - 1].count - 1] = .literal(previous + text)
            } else {
                sections[sections.count - 1].append(token)
            }
        }

        while let character = characters.popFirst() {
            switch character {
            case ";":
                sections.append([])
            case "\"":
                guard let close = characters.firstIndex(of: "\"") else { throw SyntaxError(reason: "unclosed quote in \(pattern)") }
                append(.literal(String(characters[..<close])))
                characters = characters[(close + 1)...]
            case "\\":
                guard let next = characters.popFirst() else { throw SyntaxError(reason: "a trailing \\ in \(pattern)") }
                append(.literal(String(next)))
            case "_":
                // Leaves the width of the next character blank.
                guard characters.popFirst() != nil else { throw SyntaxError(reason: "a trailing _ in \(pattern)") }
                append(.literal(" "))
            case "*":
                // Repeats the next character to fill the cell: nothing in a plain-text rendering.
                guard characters.popFirst() != nil else { throw SyntaxError(reason: "a trailing * in \(pattern)") }
            case "[":
                guard let close = characters.firstIndex(of: "]") else { throw SyntaxError(reason: "unclosed [ in \(pattern)") }
                let content = String(characters[..<close])
                characters = characters[(close + 1)...]
                if let token = Self.bracket(content) { append(token) }
            case "0", "#", "?":
                append(.digit(character))
            case ".":
                append(.decimalPoint)
            case ",":
                append(.comma)
            case "%":
                append(.percent)
            case "@":
                append(.text)
            case "E", "e":
                if let sign = characters.first, sign == "+" || sign == "-" {
                    characters = characters.dropFirst()
                    append(.exponent(alwaysSign: sign == "+", uppercase: character == "E"))
                } else {
                    append(.literal(String(character)))
                }
            case "a", "A":
                let rest = String(characters.prefix(4)).lowercased()
                if rest == "m/pm" {
                    characters = characters.dropFirst(4)
                    append(.date(.amPm))
                } else if rest.hasPrefix("/p") {
                    let p = characters[characters.index(after: characters.startIndex)]
                    characters = characters.dropFirst(2)
                    append(.date(.aP(upperA: character == "A", upperP: p == "P")))
                } else {
                    append(.literal(String(character)))
                }
            default:
                let lower = Character(character.lowercased())
                if "ymdhs".contains(lower) {
                    var count = 1
                    while let next = characters.first, Character(next.lowercased()) == lower {
                        count += 1
                        characters = characters.dropFirst()
                    }
                    append(.date(Self.dateToken(lower, count: count)))
                } else {
                    append(.literal(String(character)))
                }
            }
        }
        guard sections.count <= 4 else { throw SyntaxError(reason: "more than four sections in \(pattern)") }
        self.sections = sections.map(FormatSection.init)
    }

    /// `[$€]`, `[$€-407]` → the currency text; `[h]`, `[mm]`, `[ss]` → elapsed time; colors and
    /// conditions → nothing.
    private static func bracket(_ content: String) -> FormatToken? {
        if content.hasPrefix("$") {
            let symbol = content.dropFirst().split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            return .literal(String(symbol))
        }
        let lower = content.lowercased()
        if let first = lower.first, "hms".contains(first), lower.allSatisfy({ $0 == first }) {
            switch first {
            case "h": return .date(.elapsedHours(width: lower.count))
            case "m": return .date(.elapsedMinutes(width: lower.count))
            default: return .date(.elapsedSeconds(width: lower.count))
            }
        }
        return nil
    }

    private static func dateToken(_ letter: Character, count: Int) -> DateToken {
        switch letter {
        case "y": return .year(fourDigits: count >= 3)
        case "m": return .monthOrMinute(count: count)
        case "d":
            switch count {
            case 1: return .day(padded: false)
            case 2: return .day(padded: true)
            case 3: return .weekday(long: false)
            default: return .weekday(long: true)
            }
        case "h": return .hour(padded: count >= 2)
        default: return .second(padded: count >= 2)
        }
    }
}

/// One section of a pattern, with month/minute ambiguity resolved and its kind decided.
struct FormatSection: Sendable, Equatable {
    var tokens: [FormatToken]
    /// Whether the section formats a date or time (any date token) rather than a number.
    var isDateTime: Bool

    init(_ raw: [FormatToken]) {
        var tokens = raw
        isDateTime = tokens.contains { if case .date = $0 { return true } else { return false } }
        guard isDateTime else {
            self.tokens = tokens
            return
        }
        // `m` is minutes when the previous date token was hours or the next is seconds; else the month.
        let dateIndices = tokens.indices.filter { if case .date = tokens[$0] { return true } else { return false } }
        for (position, index) in dateIndices.enumerated() {
            guard case .date(.monthOrMinute(let count)) = tokens[index] else { continue }
            if count <= 2 {
                let previous = position > 0 ? tokens[dateIndices[position - 1]] : nil
                let next = position + 1 < dateIndices.count ? tokens[dateIndices[position + 1]] : nil
                let afterHour: Bool
                switch previous {
                case .date(.hour)?, .date(.elapsedHours)?: afterHour = true
                default: afterHour = false
                }
                let beforeSecond: Bool
                switch next {
                case .date(.second)?, .date(.elapsedSeconds)?: beforeSecond = true
                default: beforeSecond = false
                }
                tokens[index] = .date(afterHour || beforeSecond ? .minute(padded: count == 2) : .month(padded: count == 2))
            } else {
                tokens[index] = .date(.monthName(count == 3 ? .short : count == 5 ? .letter : .long))
            }
        }
        // `.000` after seconds: fractions of a second.
        var resolved: [FormatToken] = []
        var index = 0
        while index < tokens.count {
            if tokens[index] == .decimalPoint, index + 1 < tokens.count, tokens[index + 1] == .digit("0") {
                var digits = 0
                var next = index + 1
                while next < tokens.count, tokens[next] == .digit("0") { digits += 1; next += 1 }
                resolved.append(.literal("."))
                resolved.append(.date(.secondFraction(digits: min(digits, 3))))
                index = next
                continue
            }
            resolved.append(tokens[index])
            index += 1
        }
        self.tokens = resolved
    }

    /// Whether the section shows an AM/PM marker (which switches `h` to a 12-hour clock).
    var usesTwelveHourClock: Bool {
        tokens.contains {
            switch $0 {
            case .date(.amPm), .date(.aP): return true
            default: return false
            }
        }
    }
}
