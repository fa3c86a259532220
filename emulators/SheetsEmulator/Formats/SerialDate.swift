import DrydockCore

/// Sheets' date serial numbers: whole days since 1899-12-30, the fraction the time of day (so noon on
/// 1900-01-01 is 2.5). Proleptic Gregorian, no 1900 leap-year bug, no time zone: a serial is wall time.
enum SerialDate {
    /// Days from 1970-01-01 back to 1899-12-30.
    static let unixEpochSerial = 25_569

    /// The serials date formats show as dates: 0001-01-01 (-693,593) up to the end of 9999-12-31.
    static let supported: Range<Double> = -693_593..<2_958_466

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
        let days = CivilDate.days(year: civil.year, month: civil.month, day: civil.day) + unixEpochSerial
        let seconds = civil.hour * 3600 + civil.minute * 60 + civil.second
        return Double(days) + Double(seconds) / 86_400
    }

    /// The date for a whole-day count since 1899-12-30.
    static func civil(day serialDay: Int) -> (year: Int, month: Int, day: Int) {
        CivilDate.civil(fromDays: serialDay - unixEpochSerial)
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

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August",
                             "September", "October", "November", "December"]
    static let weekdayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
}
