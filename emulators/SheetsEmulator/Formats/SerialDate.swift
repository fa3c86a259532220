/// Sheets' date serial numbers: whole days since 1899-12-30, the fraction the time of day (so noon on
/// 1900-01-01 is 2.5). Proleptic Gregorian, no 1900 leap-year bug, no time zone: a serial is wall time.
enum SerialDate {
    /// Days from 1970-01-01 back to 1899-12-30.
    static let unixEpochSerial = 25_569

    /// A calendar date and wall-clock time.
    struct Civil: Sendable, Equatable {
        var year: Int
        var month: Int
        var day: Int
        var hour = 0
        var minute = 0
        var second = 0
    }

    /// The serial for `civil`, or nil when the date does not exist (2026-02-30) or the time is out of range.
    static func serial(_ civil: Civil) -> Double? {
        guard (1...12).contains(civil.month), civil.day >= 1, civil.day <= daysInMonth(civil.year, civil.month),
              (0...23).contains(civil.hour), (0...59).contains(civil.minute), (0...59).contains(civil.second)
        else { return nil }
        let days = daysFromUnixEpoch(year: civil.year, month: civil.month, day: civil.day) + unixEpochSerial
        let seconds = civil.hour * 3600 + civil.minute * 60 + civil.second
        return Double(days) + Double(seconds) / 86_400
    }

    /// The date for a whole-day count since 1899-12-30.
    static func civil(day serialDay: Int) -> (year: Int, month: Int, day: Int) {
        // Howard Hinnant's civil_from_days.
        let z = serialDay - unixEpochSerial + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// 0 = Sunday … 6 = Saturday for a whole-day serial (1899-12-30 was a Saturday).
    static func weekday(day serialDay: Int) -> Int {
        ((serialDay + 6) % 7 + 7) % 7
    }

    static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Howard Hinnant's days_from_civil.
    private static func daysFromUnixEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August",
                             "September", "October", "November", "December"]
    static let weekdayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
}
