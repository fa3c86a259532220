/// Parsers for the values of date, age and size operators. Each returns nil when the value is malformed;
/// the parser turns that into a `GmailQueryError`.
enum OperatorValues {
    /// A whole decimal number of at most `maxDigits` digits.
    static func number(_ text: Substring, maxDigits: Int = 15) -> Int? {
        guard !text.isEmpty, text.count <= maxDigits, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return Int(text)
    }

    /// `after:`/`before:` values in milliseconds since the epoch: `YYYY/MM/DD`, `YYYY-MM-DD` (midnight
    /// Pacific), `MM/DD/YYYY` (the US order Gmail's UI also accepts; assumed), or epoch seconds (exact).
    static func date(_ text: String, pacific: PacificMidnight) -> Int64? {
        if let seconds = number(text[...], maxDigits: 12) { return Int64(seconds) * 1000 }
        let separator: Character = text.contains("/") ? "/" : "-"
        let parts = text.split(separator: separator, omittingEmptySubsequences: false)
        guard parts.count == 3, let a = number(parts[0], maxDigits: 4), let b = number(parts[1], maxDigits: 2),
              let c = number(parts[2], maxDigits: 4)
        else { return nil }
        let civil: CalendarDay
        if parts[0].count == 4 {
            guard parts[2].count <= 2 else { return nil }
            civil = CalendarDay(year: a, month: b, day: c)
        } else if parts[2].count == 4 {
            civil = CalendarDay(year: c, month: a, day: b)
        } else {
            return nil
        }
        guard civil.isValid else { return nil }
        return pacific.milliseconds(at: civil)
    }

    /// `newer_than:`/`older_than:` values: a whole number and `d`, `m` (months) or `y`, the units Google
    /// documents (support.google.com/mail/answer/7190). Amounts past 10,000 years are capped.
    static func age(_ text: String) -> RelativeAge? {
        guard let unitCharacter = text.last, let amount = number(text.dropLast(), maxDigits: 12) else { return nil }
        switch unitCharacter {
        case "d", "D": return RelativeAge(amount: min(amount, 3_652_500), unit: .day)
        case "m", "M": return RelativeAge(amount: min(amount, 120_000), unit: .month)
        case "y", "Y": return RelativeAge(amount: min(amount, 10_000), unit: .year)
        default: return nil
        }
    }

    /// `larger:`/`smaller:`/`size:` values in bytes: a whole number of at most 12 digits, optionally
    /// followed by `K`/`KB`, `M`/`MB` or `G`/`GB` in any case. Multiples are binary (1K = 1024 bytes;
    /// assumed, Google does not say). A size past `Int.max` bytes (`larger:8589934592G`) saturates at
    /// `Int.max`: larger than any message, so `larger:` matches nothing and `smaller:` everything.
    static func size(_ text: String) -> Int? {
        let lower = text.lowercased()
        let digits = lower.prefix { $0.isASCII && $0.isNumber }
        let suffix = lower.dropFirst(digits.count)
        guard let value = number(digits, maxDigits: 12) else { return nil }
        let multiplier: Int
        switch suffix {
        case "": multiplier = 1
        case "k", "kb": multiplier = 1 << 10
        case "m", "mb": multiplier = 1 << 20
        case "g", "gb": multiplier = 1 << 30
        default: return nil
        }
        let (bytes, overflow) = value.multipliedReportingOverflow(by: multiplier)
        return overflow ? Int.max : bytes
    }
}
