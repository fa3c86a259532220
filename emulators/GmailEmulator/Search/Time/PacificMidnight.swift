import Foundation

/// Where a calendar date starts in Gmail's search time zone.
///
/// Confirmed (developers.google.com/workspace/gmail/api/guides/filtering): "All dates used in the search
/// query are interpreted as midnight on that date in the PST timezone. To specify accurate dates for
/// other timezones pass the value in seconds instead." The emulator reads "PST" as Pacific time,
/// America/Los_Angeles, daylight saving included (midnight is 08:00Z in winter, 07:00Z in summer); that
/// DST is applied is assumed, not confirmed.
struct PacificMidnight: Sendable {
    private let zone: TimeZone?

    /// Uses the system's tz database; without one, the US rules in force since 2007.
    init(zone: TimeZone? = TimeZone(identifier: "America/Los_Angeles")) {
        self.zone = zone
    }

    /// Milliseconds since the epoch of 00:00 Pacific on `date`.
    func milliseconds(at date: CalendarDay) -> Int64 {
        let utcMidnight = Int64(date.daysSinceEpoch) * 86_400
        let offset: Int64
        if let zone {
            // Local midnight is at utcMidnight+7h or +8h; at +8h the day's offset is already in force
            // (DST switches happen at 02:00 local).
            offset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(utcMidnight + 8 * 3600))))
        } else {
            offset = Self.isDaylightTimeAtMidnight(date) ? -7 * 3600 : -8 * 3600
        }
        return (utcMidnight - offset) * 1000
    }

    /// US rules since 2007: PDT from the second Sunday of March to the first Sunday of November, both
    /// switches at 02:00 local, so midnight on the first is still PST and on the second still PDT.
    static func isDaylightTimeAtMidnight(_ date: CalendarDay) -> Bool {
        func nthSunday(_ n: Int, month: Int) -> Int {
            let firstWeekday = CalendarDay(year: date.year, month: month, day: 1).weekday
            return 1 + (7 - firstWeekday) % 7 + 7 * (n - 1)
        }
        switch date.month {
        case 4...10: return true
        case 3: return date.day > nthSunday(2, month: 3)
        case 11: return date.day <= nthSunday(1, month: 11)
        default: return false
        }
    }
}
