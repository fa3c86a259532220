/// Proleptic Gregorian calendar arithmetic on whole days since 1970-01-01, with no locale, time zone or
/// shared state (Howard Hinnant's `days_from_civil` / `civil_from_days`). SigV4 timestamps and Sheets
/// serial numbers both stand on it.
public enum CivilDate {
    /// Days from 1970-01-01 to `year-month-day` (negative before). Does not validate: 2026-02-30 counts
    /// on to March 2; compare with `civil(fromDays:)` to reject such dates.
    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The calendar date `days` after 1970-01-01.
    public static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Seconds from 1970-01-01T00:00:00Z to a UTC date and time — `timegm` without `struct tm`. Like
    /// `days`, it does not validate (2026-02-30 counts on to March 2; second 60 is the next minute).
    public static func seconds(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> Int {
        days(year: year, month: month, day: day) * 86_400 + hour * 3_600 + minute * 60 + second
    }
}
