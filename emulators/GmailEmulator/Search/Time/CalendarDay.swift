import DrydockCore

/// A proleptic Gregorian calendar date as a value, for Gmail's date operators: month arithmetic,
/// validity and weekdays. Conversions to and from days since 1970-01-01 are DrydockCore's `CivilDate`.
struct CalendarDay: Equatable, Sendable {
    var year: Int
    var month: Int
    var day: Int

    static let millisecondsPerDay: Int64 = 86_400_000

    init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date `days` days after 1970-01-01.
    init(daysSinceEpoch days: Int) {
        (year, month, day) = CivilDate.civil(fromDays: days)
    }

    var daysSinceEpoch: Int { CivilDate.days(year: year, month: month, day: day) }

    /// 0 = Sunday … 6 = Saturday.
    var weekday: Int {
        let days = daysSinceEpoch
        return ((days % 7) + 7 + 4) % 7
    }

    static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Whether the fields name a real day (months 1–12, day within the month, years 1–9999).
    var isValid: Bool {
        (1...9999).contains(year) && (1...12).contains(month) && day >= 1 && day <= Self.daysIn(month: month, year: year)
    }

    /// This date moved by `months` calendar months, the day clamped to the target month's length
    /// (Mar 31 − 1 month = Feb 28/29).
    func adding(months: Int) -> CalendarDay {
        let index = year * 12 + (month - 1) + months
        let newYear = index >= 0 ? index / 12 : (index - 11) / 12
        let newMonth = index - newYear * 12 + 1
        return CalendarDay(year: newYear, month: newMonth, day: min(day, Self.daysIn(month: newMonth, year: newYear)))
    }
}

extension CalendarDay {
    /// Milliseconds since the epoch `months` calendar months before `milliseconds` (UTC calendar,
    /// time of day kept).
    static func milliseconds(_ milliseconds: Int64, minusMonths months: Int) -> Int64 {
        let dayIndex = milliseconds >= 0 ? milliseconds / millisecondsPerDay : (milliseconds - millisecondsPerDay + 1) / millisecondsPerDay
        let timeOfDay = milliseconds - dayIndex * millisecondsPerDay
        let shifted = CalendarDay(daysSinceEpoch: Int(dayIndex)).adding(months: -months)
        return Int64(shifted.daysSinceEpoch) * millisecondsPerDay + timeOfDay
    }
}
