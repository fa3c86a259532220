import DrydockCore
import Foundation

/// Dates in `Date:` and `Received:` headers (RFC 5322 §3.3), read leniently: optional day of week,
/// optional seconds, two- and three-digit years (RFC 5322 §4.3), the obsolete zone names (`GMT`,
/// `EST`, `PDT`, military letters read as +0000), trailing comments such as `(PDT)`, and a missing
/// zone taken as UTC.
enum MessageDate {
    static func parse(_ text: String) -> Date? {
        var cleaned = ""
        var depth = 0
        for character in text {
            if character == "(" { depth += 1; continue }
            if character == ")" { depth = max(0, depth - 1); continue }
            if depth == 0 { cleaned.append(character == "," ? " " : character) }
        }
        var tokens = cleaned.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }).map(String.init)
        if let first = tokens.first, Int(first) == nil, monthNumber(first) == nil { tokens.removeFirst() }
        guard tokens.count >= 4 else { return nil }

        // "1 Jul 2003 10:52:37 +0200" or the asctime-like "Jul 1 …" some mailers write.
        var day: Int
        var month: Int
        if let d = Int(tokens[0]), let m = monthNumber(tokens[1]) {
            day = d
            month = m
        } else if let m = monthNumber(tokens[0]), let d = Int(tokens[1]) {
            day = d
            month = m
        } else {
            return nil
        }
        guard var year = Int(tokens[2]) else { return nil }
        if tokens[2].count == 2 { year += year < 50 ? 2000 : 1900 } else if tokens[2].count == 3 { year += 1900 }

        let clock = tokens[3].split(separator: ":").map { Int($0) }
        guard clock.count >= 2, clock.allSatisfy({ $0 != nil }) else { return nil }
        let hour = clock[0]!, minute = clock[1]!, second = clock.count > 2 ? clock[2]! : 0
        let offset = tokens.count > 4 ? zoneOffset(tokens[4]) ?? 0 : 0

        guard (1...9999).contains(year), (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second) else { return nil }
        // Arithmetic, not Calendar: no calendar tables to load for every message at start-up.
        let utc = CivilDate.seconds(year: year, month: month, day: day, hour: hour, minute: minute, second: min(second, 59))
        return Date(timeIntervalSince1970: TimeInterval(utc - offset))
    }

    /// `+0200` → 7200 seconds; named zones per RFC 5322 §4.3.
    private static func zoneOffset(_ zone: String) -> Int? {
        if let sign = zone.first, sign == "+" || sign == "-", zone.count == 5, let value = Int(zone.dropFirst()) {
            let seconds = (value / 100) * 3600 + (value % 100) * 60
            return sign == "-" ? -seconds : seconds
        }
        let named: [String: Int] = [
            "UT": 0, "UTC": 0, "GMT": 0, "Z": 0,
            "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
        ]
        if let hours = named[zone.uppercased()] { return hours * 3600 }
        return zone.count == 1 && zone.first!.isLetter ? 0 : nil
    }

    private static func monthNumber(_ token: String) -> Int? {
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        guard token.count >= 3 else { return nil }
        return months.firstIndex(of: String(token.prefix(3)).lowercased()).map { $0 + 1 }
    }
}
