import DrydockCore
import Testing
@testable import SheetsEmulator

/// The spreadsheet's locale in USER_ENTERED parsing and FORMATTED_VALUE rendering (en_US, en_GB,
/// de_DE, fr_FR), and `updateSpreadsheetProperties` changing it.
@Suite struct LocaleTests {
    /// 2026-12-31 as a serial number.
    static let newYearsEve = 46387.0

    @Test(arguments: [
        // locale, typed, value, format type, pattern
        ("en_US", "1,234.5", 1234.5, "NUMBER", "#,##0.00"),
        ("en_US", "12/31/2026", newYearsEve, "DATE", "m/d/yyyy"),
        ("en_US", "December 31, 2026", newYearsEve, "DATE", "mmmm d, yyyy"),
        ("en_US", "Dec 31, 2026", newYearsEve, "DATE", "mmm d, yyyy"),
        ("en_US", "$1,234.50", 1234.5, "CURRENCY", "\"$\"#,##0.00"),
        ("en_US", "12.5%", 0.125, "PERCENT", "0.00%"),
        ("en_GB", "31/12/2026", newYearsEve, "DATE", "dd/mm/yyyy"),
        ("en_GB", "31 Dec 2026", newYearsEve, "DATE", "d mmm yyyy"),
        ("en_GB", "£5", 5, "CURRENCY", "\"£\"#,##0"),
        ("en_GB", "1,234.5", 1234.5, "NUMBER", "#,##0.00"),
        ("de_DE", "1.234,5", 1234.5, "NUMBER", "#,##0.00"),
        ("de_DE", "1.234", 1234, "NUMBER", "#,##0"),
        ("de_DE", "31.12.2026", newYearsEve, "DATE", "dd.mm.yyyy"),
        ("de_DE", "31.12.26", newYearsEve, "DATE", "dd.mm.yyyy"),
        ("de_DE", "31. Dezember 2026", newYearsEve, "DATE", "d. mmmm yyyy"),
        ("de_DE", "31 Dez. 2026", newYearsEve, "DATE", "d mmm yyyy"),
        ("de_DE", "1.234,50 €", 1234.5, "CURRENCY", "#,##0.00 \"€\""),
        ("de_DE", "-3 €", -3, "CURRENCY", "#,##0 \"€\""),
        ("de_DE", "12,5 %", 0.125, "PERCENT", "0.00%"),
        ("de_DE", "31.12.2026 14:30", newYearsEve + 14.5 / 24, "DATE_TIME", "dd.mm.yyyy hh:mm:ss"),
        ("fr_FR", "1 234,5", 1234.5, "NUMBER", "#,##0.00"),
        ("fr_FR", "1\u{202F}234,5", 1234.5, "NUMBER", "#,##0.00"),
        ("fr_FR", "1\u{00A0}234", 1234, "NUMBER", "#,##0"),
        ("fr_FR", "31/12/2026", newYearsEve, "DATE", "dd/mm/yyyy"),
        ("fr_FR", "31 décembre 2026", newYearsEve, "DATE", "d mmmm yyyy"),
        ("fr_FR", "5 €", 5, "CURRENCY", "#,##0 \"€\""),
    ])
    func typedTextReadsInTheLocale(_ locale: String, _ typed: String, _ value: Double, _ type: String, _ pattern: String) throws {
        let parsed = try UserEnteredInput.parse(typed, locale: locale)
        #expect(parsed.value == .number(value))
        #expect(parsed.implied == CellInput.ImpliedFormat(type: type, pattern: pattern))
        // Every implied pattern is one the formats engine reads.
        #expect(throws: Never.self) { try NumberFormat(type: type, pattern: pattern) }
    }

    @Test(arguments: [
        ("de_DE", "1234,5", CellValue.number(1234.5)),
        ("fr_FR", "-0,25", .number(-0.25)),
        ("de_DE", "1.5", .text("1.5")),  // `.` is no decimal separator here
        ("de_DE", "1.23", .text("1.23")),
        ("en_US", "1234,5", .text("1234,5")),
        ("en_US", "31.12.2026", .text("31.12.2026")),
        ("en_US", "13/31/2026", .text("13/31/2026")),
        ("en_GB", "12/31/2026", .text("12/31/2026")),
        ("de_DE", "1e3", .number(1000)),
        ("de_DE", "TRUE", .bool(true)),
        ("fr_FR", "2026-12-31", .number(newYearsEve)),
        ("fr_FR", "'1 234,5", .text("1 234,5")),
        ("de_DE", "31. Foo 2026", .text("31. Foo 2026")),
    ])
    func otherTypingInTheLocale(_ locale: String, _ typed: String, _ value: CellValue) throws {
        let parsed = try UserEnteredInput.parse(typed, locale: locale)
        #expect(parsed.value == value)
        if case .number = value, typed.contains(",") { #expect(parsed.implied == nil) }
    }

    @Test(arguments: [
        ("en_US", "1,234.50", "1234.5", "December 31, 2026"),
        ("en_GB", "1,234.50", "1234.5", "December 31, 2026"),
        ("de_DE", "1.234,50", "1234,5", "Dezember 31, 2026"),
        ("fr_FR", "1\u{202F}234,50", "1234,5", "décembre 31, 2026"),
    ])
    func numbersAndNamesRenderInTheLocale(_ locale: String, _ grouped: String, _ automatic: String, _ date: String) throws {
        let rules = SheetsLocale(locale)
        #expect(try NumberFormat(type: "NUMBER", pattern: "#,##0.00").render(.number(1234.5), locale: rules) == grouped)
        #expect(RenderedCell(value: .number(1234.5), format: nil, formula: nil, locale: rules).formatted == automatic)
        #expect(try NumberFormat(type: "DATE", pattern: "mmmm d, yyyy").render(.number(Self.newYearsEve), locale: rules) == date)
        #expect(try NumberFormat(type: "DATE", pattern: "dd.mm.yyyy").render(.number(Self.newYearsEve), locale: rules) == "31.12.2026")
    }

    @Test(arguments: [("en_AU", SheetsLocale.enGB), ("en", .enUS), ("de_AT", .deDE), ("fr_CA", .frFR), ("es_ES", .deDE), ("ja_JP", .enUS), ("", .enUS)])
    func localesMapToTheNearestOfTheFour(_ identifier: String, _ rules: SheetsLocale) {
        #expect(SheetsLocale(identifier) == rules)
    }

    @Test func spreadsheetLocaleDrivesWritesAndReadsAndCanChange() throws {
        let set = try TripSheet.fixtures()
        defer { set.remove() }
        let harness = try SheetsHarness(fixtures: set.path)
        let created = try harness.write("POST", "/v4/spreadsheets", ["properties": ["title": "Buchungen", "locale": "de_DE", "timeZone": "Europe/Berlin"]])
        let id = try #require(created["spreadsheetId"]?.stringValue)
        let base = "/v4/spreadsheets/\(id)"
        _ = try harness.write("PUT", base + "/values/A1?valueInputOption=USER_ENTERED", ["values": [["1.234,5", "31.12.2026", "1234,5", "=A1*2", "1.5", "=\"n: \"&A1"]]])
        #expect(try harness.json(base + "/values/A1:F1")["values"] == [["1.234,50", "31.12.2026", "1234,5", "2469", "1.5", "n: 1234,5"]])
        #expect(try harness.json(base + "/values/A1:E1?valueRenderOption=UNFORMATTED_VALUE")["values"]
            == [[.number("1234.5"), .number("46387"), .number("1234.5"), .number("2469"), "1.5"]])
        _ = try harness.write("POST", base + ":batchUpdate", ["requests": [["updateSpreadsheetProperties": ["properties": ["locale": "en_US"], "fields": "locale"]]]])
        #expect(try harness.json(base)["properties"]?["locale"] == "en_US")
        #expect(try harness.json(base + "/values/A1:F1")["values"] == [["1,234.50", "31.12.2026", "1234.5", "2469", "1.5", "n: 1234.5"]])
        // New input now reads as en_US.
        _ = try harness.write("PUT", base + "/values/A2?valueInputOption=USER_ENTERED", ["values": [["12/31/2026", "1.234,5"]]])
        #expect(try harness.json(base + "/values/A2:B2?valueRenderOption=UNFORMATTED_VALUE")["values"] == [[.number("46387"), "1.234,5"]])
    }

    /// The rules are read from the locale once, when it is set (made, loaded, changed), not at every
    /// value typed or coerced: they must follow every change of the locale string.
    @Test func theLocaleRulesAreReadWhenTheLocaleIsSet() {
        var spreadsheet = Spreadsheet(id: "s", title: "t", locale: "de_AT", timeZone: "Etc/GMT", sheets: [])
        #expect(spreadsheet.localeRules == .deDE)
        let copy = spreadsheet
        spreadsheet.locale = "fr_CA"
        #expect(spreadsheet.localeRules == .frFR)
        #expect(copy.localeRules == .deDE)
        spreadsheet.locale = ""
        #expect(spreadsheet.localeRules == .enUS)
        spreadsheet.locale = "en_AU"
        #expect(spreadsheet.localeRules == .enGB)
    }
}
