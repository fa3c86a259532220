/// A proleptic Gregorian calendar date, with integer conversions to and from days since 1970-01-01
/// (Howard Hinnant's `days_from_civil`). Pure arithmetic, so relative ages cost nothing per message.
struct CivilDate: Equatable, Sendable {
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
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let mp = (month + 9) % 12
        let dayOfYear = (153 * mp + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

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
    func adding(months: Int) -> CivilDate {
        let index = year * 12 + (month - 1) + months
        let newYear = index >= 0 ? index / 12 : (index - 11) / 12
        let newMonth = index - newYear * 12 + 1
        return CivilDate(year: newYear, month: newMonth, day: min(day, Self.daysIn(month: newMonth, year: newYear)))
    }
}

extension CivilDate {
    /// Milliseconds since the epoch `months` calendar months before `milliseconds` (UTC calendar,
    /// time of day kept).
    static func milliseconds(_ milliseconds: Int64, minusMonths months: Int) -> Int64 {
        let dayIndex = milliseconds >= 0 ? milliseconds / millisecondsPerDay : (milliseconds - millisecondsPerDay + 1) / millisecondsPerDay
        let timeOfDay = milliseconds - dayIndex * millisecondsPerDay
        let shifted = CivilDate(daysSinceEpoch: Int(dayIndex)).adding(months: -months)
        return Int64(shifted.daysSinceEpoch) * millisecondsPerDay + timeOfDay
    }
}
