import Foundation

/// RFC 3339 timestamps in UTC (`2026-11-26T15:04:05Z`), the format of every timestamp Drydock writes.
public enum RFC3339 {
    public static func string(from date: Date) -> String {
        var time = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02dZ",
            Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)`; nil when the text is not RFC 3339.
    public static func date(from text: String) -> Date? {
        let scalars = Array(text.utf8)
        func number(_ start: Int, _ length: Int) -> Int? {
            guard start + length <= scalars.count else { return nil }
            var value = 0
            for byte in scalars[start..<start + length] {
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard scalars.count >= 20,
              let year = number(0, 4), scalars[4] == UInt8(ascii: "-"),
              let month = number(5, 2), scalars[7] == UInt8(ascii: "-"),
              let day = number(8, 2), scalars[10] == UInt8(ascii: "T") || scalars[10] == UInt8(ascii: "t"),
              let hour = number(11, 2), scalars[13] == UInt8(ascii: ":"),
              let minute = number(14, 2), scalars[16] == UInt8(ascii: ":"),
              let second = number(17, 2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < scalars.count, scalars[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            let start = index
            while index < scalars.count, scalars[index] >= 48, scalars[index] <= 57 {
                fraction += Double(scalars[index] - 48) * scale
                scale /= 10
                index += 1
            }
            if index == start { return nil }
        }
        guard index < scalars.count else { return nil }
        var offset = 0
        switch scalars[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            index += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard let oh = number(index + 1, 2), scalars.count > index + 3, scalars[index + 3] == UInt8(ascii: ":"),
                  let om = number(index + 4, 2) else { return nil }
            offset = (oh * 3600 + om * 60) * (scalars[index] == UInt8(ascii: "+") ? 1 : -1)
            index += 6
        default:
            return nil
        }
        guard index == scalars.count else { return nil }
        // Impossible dates (September 31) would count on into the next month: reject them instead.
        guard CivilDate.civil(fromDays: CivilDate.days(year: year, month: month, day: day)) == (year, month, day) else { return nil }
        let seconds = CivilDate.seconds(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        return Date(timeIntervalSince1970: Double(seconds - offset) + fraction)
    }
}
