import DrydockCore
import Foundation

/// A calendar day with no time or zone: a charter date as the sheet, the mail and the ledger write it.
public struct CalendarDay: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1900...9999).contains(year), (1...12).contains(month), (1...31).contains(day) else { return nil }
        let back = CivilDate.civil(fromDays: CivilDate.days(year: year, month: month, day: day))
        guard back.year == year, back.month == month, back.day == day else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// `2026-08-14`.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.count == 10, parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// A Sheets/Excel serial day number (days since 1899-12-30); the fraction (time of day) is dropped.
    public init?(serial text: String) {
        guard let value = DecimalText.parse(text), value >= 1, value < 3_000_000 else { return nil }
        var input = value
        var whole = Decimal()
        NSDecimalRound(&whole, &input, 0, .down)
        guard let days = Int(whole.description) else { return nil }
        let civil = CivilDate.civil(fromDays: days + CivilDate.days(year: 1899, month: 12, day: 30))
        self.init(year: civil.year, month: civil.month, day: civil.day)
    }

    init?(_ components: DateComponents) {
        guard let y = components.year, let m = components.month, let d = components.day else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The local calendar day of a UTC instant (`2026-08-23T01:30:00Z`) in `zone`.
    init?(instant text: String, zone: TimeZone) {
        guard let date = RFC3339.date(from: text) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        self.init(calendar.dateComponents([.year, .month, .day], from: date))
    }

    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    public static func < (a: CalendarDay, b: CalendarDay) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }
}
