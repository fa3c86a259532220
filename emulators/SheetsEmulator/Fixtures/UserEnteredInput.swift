/// Reads a string the way Sheets reads what a user types (`valueInputOption=USER_ENTERED`), beyond the
/// shapes `CellInput` knows (plain numbers, ISO dates, booleans, a leading `'`):
///
/// | typed | value | number format (type, pattern) |
/// |---|---|---|
/// | `1,250` / `1,250.5` | 1250 / 1250.5 | NUMBER `#,##0` / `#,##0.00` |
/// | `15%` / `12.5%` | 0.15 / 0.125 | PERCENT `0%` / `0.00%` |
/// | `$1,250` / `-$3.50` | 1250 / -3.5 | CURRENCY `"$"#,##0` / `"$"#,##0.00` |
/// | `8/14/2026`, `8/14/26` | 46248 | DATE `m/d/yyyy` (day first, `d/m/yyyy`, in day-first locales) |
/// | `9:30`, `9:30:15`, `9:30 PM` | 0.395833… | TIME `h:mm`, `h:mm:ss`, `h:mm am/pm` |
/// | `8/14/2026 9:30` | 46248.395833… | DATE_TIME `m/d/yyyy h:mm:ss` |
///
/// The patterns Sheets picks for typed input are assumed (they match what the Sheets UI shows); only
/// the `$` currency and `.` decimals of en_US are read, whatever the locale; two-digit years 00-29
/// are 2000-2029 and 30-99 are 1930-1999, as in Sheets.
enum UserEnteredInput {
    static func parse(_ text: String, locale: String) throws(CellInput.InvalidDate) -> CellInput.Parsed {
        if text.hasPrefix("'") { return CellInput.Parsed(value: .text(String(text.dropFirst()))) }
        let base: CellInput.Parsed
        do { base = try CellInput.parse(text) } catch { return CellInput.Parsed(value: .text(text)) }
        guard case .text = base.value else { return base }
        let trimmed = text.trimmingSpaces
        if let parsed = percent(trimmed) ?? currency(trimmed) ?? grouped(trimmed) ?? dateTime(trimmed, dayFirst: dayFirst(locale)) {
            return parsed
        }
        return base
    }

    /// Locales that write the day before the month (a short list; others read month first).
    static func dayFirst(_ locale: String) -> Bool {
        let language = locale.prefix { $0 != "_" && $0 != "-" }
        if locale == "en_US" || locale.hasPrefix("en_US") { return false }
        return ["en_GB", "en_AU", "en_NZ", "en_IE", "en_IN"].contains(locale)
            || ["fr", "de", "es", "it", "pt", "nl", "ru", "pl", "tr", "sv", "da", "nb", "fi"].contains(String(language))
    }

    private static func implied(_ type: String, _ pattern: String) -> CellInput.ImpliedFormat {
        CellInput.ImpliedFormat(type: type, pattern: pattern)
    }

    /// `[-+]digits[,ddd…][.digits]`, returning the value and whether it had decimals or group commas.
    private static func decimal(_ text: Substring) -> (value: Double, decimals: Bool, grouped: Bool)? {
        var rest = text
        var negative = false
        if let sign = rest.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            rest = rest.dropFirst()
        }
        let parts = rest.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let integerPart = parts.first, !integerPart.isEmpty else { return nil }
        let groups = integerPart.split(separator: ",", omittingEmptySubsequences: false)
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

    private static func percent(_ text: String) -> CellInput.Parsed? {
        guard text.hasSuffix("%"), let number = decimal(text.dropLast()) else { return nil }
        return CellInput.Parsed(value: .number(number.value / 100), implied: implied("PERCENT", number.decimals ? "0.00%" : "0%"))
    }

    private static func currency(_ text: String) -> CellInput.Parsed? {
        var rest = Substring(text)
        var negative = false
        if rest.first == "-" { negative = true; rest = rest.dropFirst() }
        guard rest.first == "$" else { return nil }
        rest = rest.dropFirst()
        if !negative, rest.first == "-" { negative = true; rest = rest.dropFirst() }
        guard let number = decimal(rest), number.value >= 0 else { return nil }
        let pattern = number.decimals ? "\"$\"#,##0.00" : "\"$\"#,##0"
        return CellInput.Parsed(value: .number(negative ? -number.value : number.value), implied: implied("CURRENCY", pattern))
    }

    private static func grouped(_ text: String) -> CellInput.Parsed? {
        guard let number = decimal(Substring(text)), number.grouped else { return nil }
        return CellInput.Parsed(value: .number(number.value), implied: implied("NUMBER", number.decimals ? "#,##0.00" : "#,##0"))
    }

    /// A date (`m/d/yyyy`), a time (`h:mm[:ss][ AM|PM]`) or both, separated by a space.
    private static func dateTime(_ text: String, dayFirst: Bool) -> CellInput.Parsed? {
        let pieces = text.split(separator: " ", omittingEmptySubsequences: true)
        guard !pieces.isEmpty, pieces.count <= 3 else { return nil }
        if let date = date(pieces[0], dayFirst: dayFirst) {
            let datePattern = dayFirst ? "d/m/yyyy" : "m/d/yyyy"
            if pieces.count == 1 {
                guard let serial = SerialDate.serial(date) else { return nil }
                return CellInput.Parsed(value: .number(serial), implied: implied("DATE", datePattern))
            }
            guard let time = time(pieces.dropFirst()) else { return nil }
            var civil = date
            civil.hour = time.hour
            civil.minute = time.minute
            civil.second = time.second
            guard let serial = SerialDate.serial(civil) else { return nil }
            return CellInput.Parsed(value: .number(serial), implied: implied("DATE_TIME", datePattern + " h:mm:ss"))
        }
        guard let time = time(pieces[0...]) else { return nil }
        let seconds = Double(time.hour * 3600 + time.minute * 60 + time.second)
        return CellInput.Parsed(value: .number(seconds / 86_400), implied: implied("TIME", time.pattern))
    }

    private static func date(_ text: Substring, dayFirst: Bool) -> SerialDate.Civil? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let first = Int(parts[0]), let second = Int(parts[1]), var year = Int(parts[2]),
              parts[0].count <= 2, parts[1].count <= 2, parts[2].count == 2 || parts[2].count == 4 else { return nil }
        if parts[2].count == 2 { year += year < 30 ? 2000 : 1900 }
        let civil = dayFirst ? SerialDate.Civil(year: year, month: second, day: first) : SerialDate.Civil(year: year, month: first, day: second)
        return SerialDate.serial(civil) == nil ? nil : civil
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
    /// Without leading and trailing spaces (Sheets trims typed input).
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " }), let last = scalars.lastIndex(where: { $0 != " " }) else { return "" }
        return String(scalars[first...last])
    }
}
