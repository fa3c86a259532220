import Foundation
import Synchronization

/// HTTP-dates (RFC 9110 §5.6.7): the `Date` header every real Google and AWS answer carries (the emulators
/// send their virtual clock's), `Retry-After` dates, and the clock-skew check of `drydock preflight`.
public enum HTTPDate {
    static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The last second formatted and its text: every response carries a `Date` header, and a server
    /// answers thousands of requests within one second.
    private static let lastFormatted = Mutex<(second: time_t, text: String)?>(nil)

    /// The IMF-fixdate of `date`, whole seconds: `Sun, 06 Nov 1994 08:49:37 GMT`.
    public static func format(_ date: Date) -> String {
        let second = time_t(date.timeIntervalSince1970.rounded(.down))
        if let cached = lastFormatted.withLock({ $0 }), cached.second == second { return cached.text }
        let text = formatted(second)
        lastFormatted.withLock { $0 = (second, text) }
        return text
    }

    private static func formatted(_ second: time_t) -> String {
        var seconds = second
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(weekdays[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(monthNames[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// Parses the IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) and the two obsolete forms HTTP still
    /// accepts, RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime (`Sun Nov  6 08:49:37 1994`).
    public static func parse(_ text: String) -> Date? {
        let tokens = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "-" }).map(String.init)
        let day: Int?, month: Int?, year: Int?, time: String
        switch tokens.count {
        case 6 where tokens[5] == "GMT":  // IMF-fixdate or RFC 850
            day = Int(tokens[1]); month = monthNumber(tokens[2]); time = tokens[4]
            year = Int(tokens[3]).map { $0 < 100 ? ($0 < 70 ? 2000 + $0 : 1900 + $0) : $0 }
        case 5:  // asctime
            month = monthNumber(tokens[1]); day = Int(tokens[2]); time = tokens[3]; year = Int(tokens[4])
        default:
            return nil
        }
        let clock = time.split(separator: ":").compactMap { Int($0) }
        guard let day, let month, let year, clock.count == 3, (1...31).contains(day), clock[0] < 24, clock[1] < 60,
              clock[2] < 61 else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(clock[0])
        parts.tm_min = Int32(clock[1])
        parts.tm_sec = Int32(clock[2])
        return Date(timeIntervalSince1970: Double(timegm(&parts)))
    }

    private static func monthNumber(_ name: String) -> Int? {
        months.firstIndex(of: name.lowercased()).map { $0 + 1 }
    }
}
