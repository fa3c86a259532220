import Testing
@testable import SheetsEmulator

/// Sheets' number and date formats as FORMATTED_VALUE shows them (en_US).
@Suite struct NumberFormatTests {
    struct Case: Sendable, CustomStringConvertible {
        let type: String
        let pattern: String?
        let value: CellValue
        let shown: String
        var description: String { "\(type) \(pattern ?? "(default)") \(value) → \(shown)" }
    }

    static func number(_ type: String, _ pattern: String?, _ value: Double, _ shown: String) -> Case {
        Case(type: type, pattern: pattern, value: .number(value), shown: shown)
    }

    static let currency = "\"$\"#,##0.00"
    /// 2026-08-14 (a Friday) and times on it.
    static let aug14 = 46_248.0
    static let nineThirty = 46_248.0 + 9.5 / 24

    @Test(arguments: [
        // Currency, grouping, negative numbers, rounding half away from zero.
        number("CURRENCY", currency, 1250, "$1,250.00"),
        number("CURRENCY", currency, -1250.5, "-$1,250.50"),
        number("CURRENCY", currency, 1_234_567.891, "$1,234,567.89"),
        number("CURRENCY", currency, 0.005, "$0.01"),
        number("CURRENCY", currency, -0.005, "-$0.01"),
        number("CURRENCY", currency, -0.004, "$0.00"),
        number("CURRENCY", currency, 0, "$0.00"),
        number("CURRENCY", nil, 980.25, "$980.25"),
        number("CURRENCY", "[$€]#,##0.00", 1234.5, "€1,234.50"),
        number("CURRENCY", "[$€-407]#,##0.00", 1234.5, "€1,234.50"),
        number("CURRENCY", "#,##0.00 [$EUR]", 99, "99.00 EUR"),
        number("NUMBER", "#,##0", 1250.5, "1,251"),
        number("NUMBER", "#,##0", 1249.5, "1,250"),
        number("NUMBER", "#,##0", -2.5, "-3"),
        number("NUMBER", "#,##0", 999_999.5, "1,000,000"),
        number("NUMBER", "#,##0.00", 1.005, "1.01"),
        number("NUMBER", "#,##0.00", 2.675, "2.68"),
        number("NUMBER", "#,##0.00", 0.5, "0.50"),
        number("NUMBER", nil, 1234.567, "1,234.57"),
        number("NUMBER", "0.00", 3.14159, "3.14"),
        number("NUMBER", "0.00", 0, "0.00"),
        number("NUMBER", "0", 0.4, "0"),
        number("NUMBER", "#.##", 5, "5."),
        number("NUMBER", "0.0#", 2.5, "2.5"),
        number("NUMBER", "0.0#", 2.567, "2.57"),
        number("NUMBER", "000", 7, "007"),
        number("NUMBER", "#,##0,\"K\"", 1_234_567, "1,235K"),
        number("NUMBER", "0.0,,\"M\"", 1_250_000, "1.3M"),
        number("NUMBER", "#,##0.00;(#,##0.00)", -1234.5, "(1,234.50)"),
        number("NUMBER", "#,##0.00;(#,##0.00)", 1234.5, "1,234.50"),
        number("NUMBER", "0.00;-0.00;\"zero\"", 0, "zero"),
        number("NUMBER", "(###) ###-####", 5_551_234_567, "(555) 123-4567"),
        // Percentages.
        number("PERCENT", "0%", 0.15, "15%"),
        number("PERCENT", "0%", 0.155, "16%"),
        number("PERCENT", "0%", 0.125, "13%"),
        number("PERCENT", "0%", -0.05, "-5%"),
        number("PERCENT", "0.00%", 0.12345, "12.35%"),
        number("PERCENT", nil, 0.1, "10.00%"),
        // Scientific.
        number("SCIENTIFIC", "0.00E+00", 12345, "1.23E+04"),
        number("SCIENTIFIC", nil, 0.000123, "1.23E-04"),
        number("SCIENTIFIC", "0.00E+00", 0, "0.00E+00"),
        number("SCIENTIFIC", "0.00E+00", 99_999, "1.00E+05"),
        // Dates and times.
        number("DATE", "yyyy-mm-dd", aug14, "2026-08-14"),
        number("DATE", "m/d/yyyy", aug14, "8/14/2026"),
        number("DATE", nil, aug14, "8/14/2026"),
        number("DATE", "mm/dd/yy", aug14, "08/14/26"),
        number("DATE", "mmm d, yyyy", aug14, "Aug 14, 2026"),
        number("DATE", "dddd, mmmm d, yyyy", aug14, "Friday, August 14, 2026"),
        number("DATE", "ddd d mmmmm", aug14, "Fri 14 A"),
        number("DATE", "d-mmm-yy", 2.5, "1-Jan-00"),
        number("DATE", "yyyy-mm-dd", 0, "1899-12-30"),
        number("DATE", "yyyy-mm-dd", 60, "1900-02-28"),
        number("DATE", "yyyy-mm-dd", 61, "1900-03-01"),
        number("DATE_TIME", "yyyy-mm-dd hh:mm", nineThirty, "2026-08-14 09:30"),
        number("DATE_TIME", nil, nineThirty, "8/14/2026 9:30:00"),
        number("TIME", "h:mm am/pm", nineThirty, "9:30 AM"),
        number("TIME", "h:mm AM/PM", 0.75, "6:00 PM"),
        number("TIME", "h:mm am/pm", 0, "12:00 AM"),
        number("TIME", "h:mm am/pm", 0.5, "12:00 PM"),
        number("TIME", "h:mm a/p", 0.75, "6:00 p"),
        number("TIME", "h:mm A/P", 0.25, "6:00 A"),
        number("TIME", nil, 0.75, "6:00:00 PM"),
        number("TIME", "hh:mm", 0.25, "06:00"),
        number("TIME", "h:mm:ss", 0.5 + 45.6 / 86_400, "12:00:46"),
        number("TIME", "h:mm", 0.5 + 45.6 / 86_400, "12:00"),
        number("TIME", "[h]:mm", 1.5, "36:00"),
        number("TIME", "mm:ss", 90.0 / 86_400, "01:30"),
        number("TIME", "h:mm:ss.0", 0.25 + 1.25 / 86_400, "6:00:01.3"),
        // Automatic format (no pattern at all is tested through GeneralFormat below); TEXT shows numbers as typed.
        number("TEXT", "@", 1250.5, "1250.5"),
    ])
    func formatsNumbers(_ example: Case) throws {
        let format = try NumberFormat(type: example.type, pattern: example.pattern)
        #expect(format.render(example.value) == example.shown)
    }

    @Test func textAndBooleansIgnoreNumberFormats() throws {
        let currency = try NumberFormat(type: "CURRENCY", pattern: Self.currency)
        #expect(currency.render(.text("n/a")) == "n/a")
        #expect(currency.render(.bool(true)) == "TRUE")
        #expect(currency.render(.empty) == "")
        let fourSections = try NumberFormat(type: "NUMBER", pattern: "0;-0;0;\"Note: \"@")
        #expect(fourSections.render(.text("late")) == "Note: late")
    }

    @Test(arguments: [
        (1250.0, "1250"), (1250.5, "1250.5"), (-0.5, "-0.5"), (0.0, "0"), (0.1 + 0.2, "0.3"),
        (1.0 / 3.0, "0.3333333333"), (2.0 / 3.0, "0.6666666667"), (46_248.395833333336, "46248.3958333333"),
        (123_456_789_012.0, "123456789012"), (1.5e15, "1.5E+15"),
    ])
    func automaticFormatShowsNumbersAsTyped(value: Double, shown: String) {
        #expect(GeneralFormat.render(value) == shown)
    }

    @Test(arguments: ["\"unclosed", "0.00[", "0;0;0;0;0", "0\\"])
    func unreadablePatternsAreErrors(pattern: String) {
        #expect(throws: FormatPattern.SyntaxError.self) { try NumberFormat(type: "NUMBER", pattern: pattern) }
    }

    @Test func serialDatesMatchSheetsEpoch() {
        #expect(SerialDate.serial(.init(year: 1900, month: 1, day: 1, hour: 12)) == 2.5)
        #expect(SerialDate.serial(.init(year: 1900, month: 2, day: 1, hour: 15)) == 33.625)
        #expect(SerialDate.serial(.init(year: 2026, month: 8, day: 14)) == 46_248)
        #expect(SerialDate.serial(.init(year: 2026, month: 2, day: 29)) == nil)
        #expect(SerialDate.serial(.init(year: 2024, month: 2, day: 29)) != nil)
        #expect(SerialDate.civil(day: 46_248) == (2026, 8, 14))
        #expect(SerialDate.weekday(day: 46_248) == 5)
    }
}
