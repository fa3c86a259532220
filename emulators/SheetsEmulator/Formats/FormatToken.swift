/// One token of a Sheets number or date-time format pattern.
enum FormatToken: Sendable, Equatable {
    /// Text shown as written: quoted text, `\x`, `[$€]`, punctuation and spaces.
    case literal(String)
    /// A digit placeholder: `0` (always shown), `#` (shown if significant), `?` (a space if not).
    case digit(Character)
    case decimalPoint
    /// `,`: a thousands separator between digit placeholders, a ÷1000 scale after the last one.
    case comma
    /// `%`: multiplies by 100.
    case percent
    /// `E+` / `E-`: scientific notation; `+` shows the exponent's sign always.
    case exponent(alwaysSign: Bool, uppercase: Bool)
    /// `@`: the cell's text.
    case text
    case date(DateToken)
}

/// A date-time token (see Sheets' "Date & number formats" guide).
enum DateToken: Sendable, Equatable {
    /// `yy` (two digits) or `yyyy` (four).
    case year(fourDigits: Bool)
    /// A run of `m`s not yet known to be month or minute: resolved by `FormatSection`.
    case monthOrMinute(count: Int)
    /// `m`, `mm`.
    case month(padded: Bool)
    /// `mmm` (Aug), `mmmm` (August), `mmmmm` (A).
    case monthName(MonthStyle)
    case day(padded: Bool)
    /// `ddd` (Fri), `dddd` (Friday).
    case weekday(long: Bool)
    case hour(padded: Bool)
    case minute(padded: Bool)
    case second(padded: Bool)
    /// `[h]`, `[mm]`, `[ss]`: elapsed time, not wrapped at a day or hour.
    case elapsedHours(width: Int)
    case elapsedMinutes(width: Int)
    case elapsedSeconds(width: Int)
    /// `am/pm`: "AM"/"PM", always capitalized.
    case amPm
    /// `a/p`: "a"/"p", capitalized as the token's letters are.
    case aP(upperA: Bool, upperP: Bool)
    /// `.0`, `.00`, `.000` after seconds: tenths, hundredths, milliseconds.
    case secondFraction(digits: Int)

    enum MonthStyle: Sendable, Equatable { case short, long, letter }
}
