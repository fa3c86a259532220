/// Reads a string the way Sheets reads what a user types (`valueInputOption=USER_ENTERED`), beyond the
/// shapes `CellInput` knows (plain numbers, ISO dates, booleans, a leading `'`), in the spreadsheet's
/// locale (`SheetsLocale`: separators, date order, currency, month names):
///
/// | typed (en_US) | typed (de_DE) | value | number format (type, pattern) |
/// |---|---|---|---|
/// | `1,250` / `1,250.5` | `1.250` / `1.250,5` | 1250 / 1250.5 | NUMBER `#,##0` / `#,##0.00` |
/// | `1250.5` | `1250,5` | 1250.5 | none |
/// | `15%` / `12.5%` | `15%` / `12,5 %` | 0.15 / 0.125 | PERCENT `0%` / `0.00%` |
/// | `$1,250` / `-$3.50` | `1.250 €` / `-3,50 €` | 1250 / -3.5 | CURRENCY `"$"#,##0` / `#,##0.00 "€"` |
/// | `12/31/2026`, `12/31/26` | `31.12.2026` | 46387 | DATE `m/d/yyyy` / `dd.mm.yyyy` (the locale's `datePattern`) |
/// | `December 31, 2026`, `31 Dec 2026` | `31. Dezember 2026` | 46387 | DATE `mmmm d, yyyy`, `d mmm yyyy`, `d. mmmm yyyy` |
/// | `9:30`, `9:30:15`, `9:30 PM` | `9:30` | 0.395833… | TIME `h:mm`, `h:mm:ss`, `h:mm am/pm` |
/// | `12/31/2026 9:30` | `31.12.2026 9:30` | 46387.395833… | DATE_TIME (the locale's `dateTimePattern`) |
///
/// Where `,` is the decimal separator, a number with a `.` that is not a grouping (`1.5`) stays text
/// (assumed: Sheets may read it as a date without a year). Month names are the locale's or English,
/// in full or cut to three letters or more (`Dez`, `déc.`). The patterns Sheets picks for typed input
/// are assumed (they match what the Sheets UI shows); two-digit years 00-29 are 2000-2029 and 30-99
/// are 1930-1999, as in Sheets.
enum UserEnteredInput {
    static func parse(_ text: String, locale: String) throws(CellInput.InvalidDate) -> CellInput.Parsed {
        try parse(text, locale: SheetsLocale(locale))
    }

    static func parse(_ text: String, locale: SheetsLocale) throws(CellInput.InvalidDate) -> CellInput.Parsed {
        if text.hasPrefix("'") { return CellInput.Parsed(value: .text(String(text.dropFirst()))) }
        let trimmed = text.trimmingSpaces
        let commaDecimals = locale.decimalSeparator == ","
        // Where `,` is the decimal separator, `1.234` is grouped and `1,5` a fraction: read those first.
        if commaDecimals, let parsed = localized(trimmed, locale) { return parsed }
        let base: CellInput.Parsed
        do { base = try CellInput.parse(text) } catch { return CellInput.Parsed(value: .text(text)) }
        if commaDecimals, case .number = base.value, base.implied == nil, text.contains(".") {
            return CellInput.Parsed(value: .text(text))
        }
        guard case .text = base.value else { return base }
        return localized(trimmed, locale) ?? base
    }

    /// The locale-dependent shapes: percent, currency, grouped or comma-decimal numbers, dates and times.
    private static func localized(_ text: String, _ locale: SheetsLocale) -> CellInput.Parsed? {
        percent(text, locale) ?? currency(text, locale) ?? number(text, locale) ?? dateTime(text, locale)
    }

    private static func implied(_ type: String, _ pattern: String) -> CellInput.ImpliedFormat {
        CellInput.ImpliedFormat(type: type, pattern: pattern)
    }

    /// `[-+]digits[<group>ddd…][<decimal>digits]` in `locale`'s separators, returning the value and
    /// whether it had decimals or grouping.
    private static func decimal(_ text: Substring, _ locale: SheetsLocale) -> (value: Double, decimals: Bool, grouped: Bool)? {
        var rest = text
        var negative = false
        if let sign = rest.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            rest = rest.dropFirst()
        }
        let parts = rest.split(separator: locale.decimalSeparator, maxSplits: 1, omittingEmptySubsequences: false)
        guard let integerPart = parts.first, !integerPart.isEmpty else { return nil }
        let separators = locale.typedGroupingSeparators
        let groups = integerPart.split(omittingEmptySubsequences: false) { separators.contains($0) }
        let isDigits = { (part: Substring) in !part.isEmpty && part.allSatisfy { $0.isASCII && $0.isNumber } }
        guard groups.allSatisfy(isDigits) else { return nil }
        if groups.count > 1 {
            guard let first = groups.first, first.count <= 3, groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
        }
        var digits = groups.joined()
        var decimals = false
        if parts.count == 2 {
            guard isDigits(parts[1]) else { return nil }
            digits += "." + parts[1]
            decimals = true
        }
        guard digits.count <= 400, let value = Double(digits), value.isFinite else { return nil }
        return (negative ? -value : value, decimals, groups.count > 1)
    }

    /// `text` without a trailing `suffix` and the spaces before it; nil when it does not end so.
    private static func dropping(suffix: String, from text: String) -> Substring? {
        guard text.hasSuffix(suffix) else { return nil }
        let body = String(text.dropLast(suffix.count)).trimmingTrailingSpaces
        return body.isEmpty ? nil : Substring(body)
    }

    private static func percent(_ text: String, _ locale: SheetsLocale) -> CellInput.Parsed? {
        guard let body = dropping(suffix: "%", from: text), let number = decimal(body, locale) else { return nil }
        return CellInput.Parsed(value: .number(number.value / 100), implied: implied("PERCENT", number.decimals ? "0.00%" : "0%"))
    }

    /// `$1,250`, `-$3.50`, `$-3` in every locale; the locale's own symbol before (`£5`) or after (`5 €`).
    private static func currency(_ text: String, _ locale: SheetsLocale) -> CellInput.Parsed? {
        let own = locale.currency
        if !own.prefix, let body = dropping(suffix: own.symbol, from: text), let number = decimal(body, locale) {
            let pattern = (number.decimals ? "#,##0.00" : "#,##0") + " \"\(own.symbol)\""
            return CellInput.Parsed(value: .number(number.value), implied: implied("CURRENCY", pattern))
        }
        var rest = Substring(text)
        var negative = false
        if rest.first == "-" { negative = true; rest = rest.dropFirst() }
        let symbol: String
        if rest.hasPrefix("$") { symbol = "$" } else if own.prefix, rest.hasPrefix(own.symbol) { symbol = own.symbol } else { return nil }
        rest = rest.dropFirst(symbol.count)
        if !negative, rest.first == "-" { negative = true; rest = rest.dropFirst() }
        guard let number = decimal(rest, locale), number.value >= 0 else { return nil }
        let pattern = "\"\(symbol)\"" + (number.decimals ? "#,##0.00" : "#,##0")
        return CellInput.Parsed(value: .number(negative ? -number.value : number.value), implied: implied("CURRENCY", pattern))
    }

    /// A grouped number (with its format), or where `,` is the decimal separator a plain one (`1234,5`).
    private static func number(_ text: String, _ locale: SheetsLocale) -> CellInput.Parsed? {
        guard let number = decimal(Substring(text), locale) else { return nil }
        if number.grouped {
            return CellInput.Parsed(value: .number(number.value), implied: implied("NUMBER", number.decimals ? "#,##0.00" : "#,##0"))
        }
        return locale.decimalSeparator == "," ? CellInput.Parsed(value: .number(number.value)) : nil
    }

    /// A date (numeric or with a month name), a time (`h:mm[:ss][ AM|PM]`) or a numeric date and a time.
    private static func dateTime(_ text: String, _ locale: SheetsLocale) -> CellInput.Parsed? {
        if let named = namedDate(text, locale) { return named }
        let pieces = text.split(separator: " ", omittingEmptySubsequences: true)
        guard !pieces.isEmpty, pieces.count <= 3 else { return nil }
        if let date = date(pieces[0], locale) {
            if pieces.count == 1 {
                guard let serial = SerialDate.serial(date) else { return nil }
                return CellInput.Parsed(value: .number(serial), implied: implied("DATE", locale.datePattern))
            }
            guard let time = time(pieces.dropFirst()) else { return nil }
            var civil = date
            civil.hour = time.hour
            civil.minute = time.minute
            civil.second = time.second
            guard let serial = SerialDate.serial(civil) else { return nil }
            return CellInput.Parsed(value: .number(serial), implied: implied("DATE_TIME", locale.dateTimePattern))
        }
        guard let time = time(pieces[0...]) else { return nil }
        let seconds = Double(time.hour * 3600 + time.minute * 60 + time.second)
        return CellInput.Parsed(value: .number(seconds / 86_400), implied: implied("TIME", time.pattern))
    }

    private static func date(_ text: Substring, _ locale: SheetsLocale) -> SerialDate.Civil? {
        guard let separator = text.first(where: { locale.dateSeparators.contains($0) }) else { return nil }
        let parts = text.split(separator: separator, omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let first = Int(parts[0]), let second = Int(parts[1]), let year = Int(parts[2]),
              parts[0].count <= 2, parts[1].count <= 2, parts[2].count == 2 || parts[2].count == 4 else { return nil }
        let civil = locale.dayFirst
            ? SerialDate.Civil(year: fullYear(year, digits: parts[2].count), month: second, day: first)
            : SerialDate.Civil(year: fullYear(year, digits: parts[2].count), month: first, day: second)
        return SerialDate.serial(civil) == nil ? nil : civil
    }

    /// Two-digit years: 00-29 are 2000-2029, 30-99 are 1930-1999.
    private static func fullYear(_ year: Int, digits: Int) -> Int {
        digits == 2 ? year + (year < 30 ? 2000 : 1900) : year
    }

    /// `31 December 2026`, `31. Dezember 2026`, `31 déc. 2026`, `December 31, 2026`, `Dec 31, 2026`.
    private static func namedDate(_ text: String, _ locale: SheetsLocale) -> CellInput.Parsed? {
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count == 3, words[0].count <= 12, words[1].count <= 12, words[2].count == 4,
              words[2].allSatisfy({ $0.isASCII && $0.isNumber }), let year = Int(words[2]) else { return nil }
        func day(_ word: Substring) -> Int? {
            guard (1...2).contains(word.count), word.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            return Int(word)
        }
        let civil: SerialDate.Civil
        let pattern: String
        if let (month, full) = monthNamed(words[1], locale) {
            // day month year; de_DE writes the day with a period (`31. Dezember`).
            let dotted = words[0].hasSuffix(".")
            guard let dayOfMonth = day(dotted ? words[0].dropLast() : words[0]) else { return nil }
            civil = SerialDate.Civil(year: year, month: month, day: dayOfMonth)
            pattern = (dotted ? "d. " : "d ") + (full ? "mmmm" : "mmm") + " yyyy"
        } else if let (month, full) = monthNamed(words[0], locale), words[1].hasSuffix(","), let dayOfMonth = day(words[1].dropLast()) {
            civil = SerialDate.Civil(year: year, month: month, day: dayOfMonth)
            pattern = (full ? "mmmm" : "mmm") + " d, yyyy"
        } else {
            return nil
        }
        guard let serial = SerialDate.serial(civil) else { return nil }
        return CellInput.Parsed(value: .number(serial), implied: implied("DATE", pattern))
    }

    /// The month a word names in `locale` or English (case-insensitive; the whole name, or three
    /// letters or more of it with an optional `.`), and whether it was the whole name.
    private static func monthNamed(_ word: Substring, _ locale: SheetsLocale) -> (Int, Bool)? {
        let folded = (word.hasSuffix(".") ? word.dropLast() : word).lowercased()
        guard folded.count >= 3 else { return nil }
        for names in [locale.monthNames, SerialDate.monthNames] {
            for (index, name) in names.enumerated() {
                let lowered = name.lowercased()
                if lowered == folded { return (index + 1, true) }
                if lowered.hasPrefix(folded) { return (index + 1, false) }
            }
        }
        return nil
    }

    private static func time(_ pieces: ArraySlice<Substring>) -> (hour: Int, minute: Int, second: Int, pattern: String)? {
        guard let clock = pieces.first, pieces.count <= 2 else { return nil }
        let fields = clock.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 2 || fields.count == 3,
              fields.allSatisfy({ !$0.isEmpty && $0.count <= 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              var hour = Int(fields[0]), let minute = Int(fields[1]), minute < 60 else { return nil }
        let second = fields.count == 3 ? Int(fields[2]) ?? 60 : 0
        guard second < 60, fields[1].count == 2 else { return nil }
        var pattern = fields.count == 3 ? "h:mm:ss" : "h:mm"
        if pieces.count == 2 {
            let marker = pieces[pieces.index(after: pieces.startIndex)].uppercased()
            guard marker == "AM" || marker == "PM", (1...12).contains(hour) else { return nil }
            if marker == "PM", hour < 12 { hour += 12 }
            if marker == "AM", hour == 12 { hour = 0 }
            pattern += " am/pm"
        } else {
            guard hour < 24 else { return nil }
        }
        return (hour, minute, second, pattern)
    }
}

extension String {
    /// Without trailing spaces, no-break spaces or narrow no-break spaces (`12,5 %`, `5 €`).
    var trimmingTrailingSpaces: String {
        var scalars = unicodeScalars[...]
        while let last = scalars.last, last == " " || last == "\u{00A0}" || last == "\u{202F}" { scalars = scalars.dropLast() }
        return String(String.UnicodeScalarView(scalars))
    }

    /// Without leading and trailing spaces (Sheets trims typed input).
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " }), let last = scalars.lastIndex(where: { $0 != " " }) else { return "" }
        return String(scalars[first...last])
    }
}
