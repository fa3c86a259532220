/// Rendering a serial number through a date-time section.
extension FormatSection {
    /// `serial` (days since 1899-12-30) as this section shows it. Time is rounded to the finest unit the
    /// section shows (a second, or a tenth/hundredth/thousandth with `.0`–`.000`); coarser fields are
    /// then read off without further rounding, so 9:30:45 shows as "9:30" under `h:mm`.
    ///
    /// A serial outside `SerialDate.supported` (before 0001-01-01 or after 9999-12-31, such as 1e20)
    /// names no calendar date and shows in the automatic number format (assumed; it used to trap
    /// converting the day count to an integer).
    /// Month and weekday names are `locale`'s.
    func renderDate(_ serial: Double, locale: SheetsLocale = .enUS) -> String {
        guard SerialDate.supported.contains(serial) else { return locale.localized(GeneralFormat.render(serial)) }
        let fractionDigits = tokens.reduce(0) { partial, token in
            if case .date(.secondFraction(let digits)) = token { return max(partial, digits) }
            return partial
        }
        var unitsPerSecond = 1
        for _ in 0..<fractionDigits { unitsPerSecond *= 10 }
        let unitsPerDay = Double(86_400 * unitsPerSecond)
        let totalUnits = (serial * unitsPerDay).rounded()
        let day = Int((totalUnits / unitsPerDay).rounded(.down))
        let unitsInDay = Int(totalUnits - Double(day) * unitsPerDay)
        let secondsInDay = unitsInDay / unitsPerSecond
        let fraction = unitsInDay % unitsPerSecond
        let totalSeconds = Int((totalUnits / Double(unitsPerSecond)).rounded(.down))

        let (year, month, dayOfMonth) = SerialDate.civil(day: day)
        let hour = secondsInDay / 3600
        let minute = secondsInDay / 60 % 60
        let second = secondsInDay % 60
        let twelveHour = usesTwelveHourClock

        var text = ""
        for token in tokens {
            switch token {
            case .literal(let literal): text += literal
            case .digit(let character): text.append(character)
            case .decimalPoint: text += "."
            case .comma: text += ","
            case .percent: text += "%"
            case .exponent(let alwaysSign, let uppercase): text += (uppercase ? "E" : "e") + (alwaysSign ? "+" : "-")
            case .text: break
            case .date(let date):
                switch date {
                case .year(let four): text += four ? String(year) : Self.padded(((year % 100) + 100) % 100, 2)
                case .month(let padded): text += padded ? Self.padded(month, 2) : String(month)
                case .monthOrMinute: text += String(month)
                case .monthName(let style):
                    let name = locale.monthNames[month - 1]
                    switch style {
                    case .short: text += String(name.prefix(3))
                    case .long: text += name
                    case .letter: text += String(name.prefix(1))
                    }
                case .day(let padded): text += padded ? Self.padded(dayOfMonth, 2) : String(dayOfMonth)
                case .weekday(let long):
                    let name = locale.weekdayNames[SerialDate.weekday(day: day)]
                    text += long ? name : String(name.prefix(3))
                case .hour(let padded):
                    let shown = twelveHour ? (hour % 12 == 0 ? 12 : hour % 12) : hour
                    text += padded ? Self.padded(shown, 2) : String(shown)
                case .minute(let padded): text += padded ? Self.padded(minute, 2) : String(minute)
                case .second(let padded): text += padded ? Self.padded(second, 2) : String(second)
                case .elapsedHours(let width): text += Self.padded(totalSeconds / 3600, width)
                case .elapsedMinutes(let width): text += Self.padded(totalSeconds / 60, width)
                case .elapsedSeconds(let width): text += Self.padded(totalSeconds, width)
                case .amPm: text += hour < 12 ? "AM" : "PM"
                case .aP(let upperA, let upperP): text += hour < 12 ? (upperA ? "A" : "a") : (upperP ? "P" : "p")
                case .secondFraction(let digits):
                    text += String(Self.padded(fraction, fractionDigits).prefix(digits))
                }
            }
        }
        return text
    }

    static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(abs(value))
        let sign = value < 0 ? "-" : ""
        return digits.count >= width ? sign + digits : sign + String(repeating: "0", count: width - digits.count) + digits
    }
}
