import Foundation

/// A date pattern from a formats file, in the letters of Unicode date patterns (`yyyy-MM-dd`,
/// `d MMMM yyyy`, `EEE, MMM d`, `d. MMMM`), compiled to a regex that finds the date anywhere in a
/// value. Month and weekday names come from the format's locale (full or abbreviated, either case, a
/// trailing dot optional). Without a year the date takes the year of the received date, or the next
/// year when that would put the charter more than a month before the message arrived.
public struct DatePattern: Sendable, CustomStringConvertible {
    public let text: String
    let regex: BoundedRegex
    let hasYear: Bool
    let twoDigitYear: Bool
    let monthNames: [String]

    public var description: String { text }

    public struct Problem: Error, Sendable { public let message: String }

    /// Compiles `text` for `locale`; a pattern without a day and a month, or with letters that are not
    /// date fields, is a problem.
    public init(_ text: String, locale: Locale?) throws(Problem) {
        let formatter = DateFormatter()
        formatter.locale = locale ?? Locale(identifier: "en_US_POSIX")
        let months = zip(formatter.monthSymbols, formatter.shortMonthSymbols).map { [$0, $1] }
        monthNames = formatter.monthSymbols.map { $0.lowercased() }
        let monthAlternation = Self.alternation(months.flatMap { $0 })
        let weekdays = Self.alternation(formatter.weekdaySymbols + formatter.shortWeekdaySymbols)

        var regex = "(?<![\\p{L}\\d])"
        var fields = Set<Character>()
        var year = false, shortYear = false
        let chars = Array(text)
        var index = 0
        while index < chars.count {
            let char = chars[index]
            if char == "'" {
                var end = index + 1
                var literal = ""
                while end < chars.count, chars[end] != "'" { literal.append(chars[end]); end += 1 }
                regex += NSRegularExpression.escapedPattern(for: literal)
                index = end + 1
                continue
            }
            guard char.isASCII, char.isLetter else {
                regex += char.isWhitespace ? "\\s+" : NSRegularExpression.escapedPattern(for: String(char)) + (char == "." ? "?" : "")
                index += 1
                continue
            }
            var run = 1
            while index + run < chars.count, chars[index + run] == char { run += 1 }
            switch (char, run) {
            case ("y", 2): regex += "(?<y>\\d{2})"; year = true; shortYear = true
            case ("y", _): regex += "(?<y>\\d{4})"; year = true
            case ("M", 1...2): regex += "(?<m>\\d{1,2})"
            case ("M", 3...4): regex += "(?<mn>\(monthAlternation))\\.?"
            case ("d", 1...2): regex += "(?<d>\\d{1,2})"
            case ("E", _): regex += "(?:\(weekdays))\\.?"
            default:
                throw Problem(message: "\"\(text)\": \"\(String(repeating: char, count: run))\" is not a date field (use y, M, MMM, MMMM, d, E; quote other letters: 'at')")
            }
            fields.insert(char == "y" ? "y" : char)
            index += run
        }
        guard fields.contains("d"), fields.contains("M") else {
            throw Problem(message: "\"\(text)\": a date pattern needs a day (d) and a month (M, MMM or MMMM)")
        }
        regex += "(?![\\p{L}\\d])"
        do {
            self.regex = try BoundedRegex("(?i)" + regex)
        } catch {
            throw Problem(message: "\"\(text)\": \(error.message)")
        }
        self.text = text
        hasYear = year
        twoDigitYear = shortYear
    }

    private static func alternation(_ names: [String]) -> String {
        let cleaned = Set(names.map { $0.hasSuffix(".") ? String($0.dropLast()) : $0 }.filter { !$0.isEmpty })
        // Longest first, so `September` is not read as `Sep` followed by letters.
        return cleaned.sorted { ($0.count, $0) > ($1.count, $1) }.map { NSRegularExpression.escapedPattern(for: $0) }.joined(separator: "|")
    }

    /// The calendar date in `value`, if this pattern finds one.
    func date(in value: String, receivedAt: Date, budget: MatchBudget) -> DateComponents? {
        guard let match = regex.firstMatch(in: value, budget: budget) else { return nil }
        guard let day = match.groups["d"].flatMap({ Int($0) }) else { return nil }
        var month = match.groups["m"].flatMap { Int($0) }
        if month == nil, let name = match.groups["mn"]?.lowercased() {
            month = monthNames.firstIndex { $0 == name || $0.hasPrefix(name) || name.hasPrefix($0) }.map { $0 + 1 }
        }
        guard let month else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .gmt
        if let yearText = match.groups["y"], let year = Int(yearText) {
            return DateText.valid(twoDigitYear ? 2000 + year : year, month, day)
        }
        let received = calendar.dateComponents([.year, .month, .day], from: receivedAt)
        guard let receivedYear = received.year, let sameYear = DateText.valid(receivedYear, month, day) else { return nil }
        // A date more than a month before the message is next year's (a December confirmation for January).
        if let charter = calendar.date(from: sameYear), charter < receivedAt.addingTimeInterval(-31 * 86_400) {
            return DateText.valid(receivedYear + 1, month, day)
        }
        return sameYear
    }
}
