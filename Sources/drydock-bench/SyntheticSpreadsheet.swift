import Foundation

/// Writes `sheets/<id>/` for the Sheets values benchmark: one sheet, `Trips`, of a header row and
/// `rows - 1` charters × 10 columns — `Date` (DATE `ddd, mmm d, yyyy`), `Booking ID`, `Boat`, `Captain`,
/// `Guest` (some quoted: commas, apostrophes, non-ASCII), `Party`, `Revenue` and `Fuel` (CURRENCY),
/// `Tip %` (PERCENT `0.0%`) and `Net`, a `=G<n>-H<n>` formula on every data row (the CSV holds its value).
enum SyntheticSpreadsheet {
    static let id = "1BeNcHvAlUeSdRyDoCkHaRbOrChArTeRs1000RoWsXy"
    static let sheet = "Trips"
    static let columns = 10

    static func write(into fixtures: BenchFixtureSet, rows: Int, seed: UInt64 = 0x5348_4545_5453) throws {
        let directory = try fixtures.directory("sheets/" + id)
        var random = BenchRandom(seed: seed)
        var csv = "Date,Booking ID,Boat,Captain,Guest,Party,Revenue,Fuel,Tip %,Net\n"
        var formulas: [String] = []
        let firstDay = 20_454  // 2026-01-01 as days since 1970-01-01
        for row in 2...max(2, rows) {
            let day = firstDay + (row - 2) * 365 / max(1, rows - 1)
            let guest = SyntheticPeople.guest(&random).name
            let party = Int.random(in: 2...24, using: &random)
            let revenue = Double(Int.random(in: 30_000...600_000, using: &random)) / 100
            let fuel = Double(Int.random(in: 4_000...40_000, using: &random)) / 100
            let tip = Double(Int.random(in: 0...250, using: &random)) / 1000
            let fields = [
                MailText.isoDay(day * 86_400), String(format: "HC-2026-%04d", row - 1), random.pick(SyntheticPeople.boats),
                random.pick(SyntheticPeople.captains), quoted(guest), String(party), number(revenue), number(fuel),
                number(tip), number(((revenue - fuel) * 100).rounded() / 100),
            ]
            csv += fields.joined(separator: ",") + "\n"
            formulas.append("\"J\(row)\": \"=G\(row)-H\(row)\"")
        }
        try BenchFixtureSet.write(csv, to: directory + "/\(sheet).csv")
        let json = """
            {"title": "Bench Trip Log 2026", "locale": "en_US", "timeZone": "America/New_York",
             "sheets": [{"title": "\(sheet)", "file": "\(sheet).csv", "sheetId": 0, "rowCount": \(max(1000, rows)), "columnCount": 26,
                         "frozenRowCount": 1,
                         "formats": {"A2:A": {"type": "DATE", "pattern": "ddd, mmm d, yyyy"},
                                     "G2:H": {"type": "CURRENCY", "pattern": "\\"$\\"#,##0.00"},
                                     "I2:I": {"type": "PERCENT", "pattern": "0.0%"},
                                     "J2:J": {"type": "CURRENCY", "pattern": "\\"$\\"#,##0.00"}},
                         "formulas": {\(formulas.joined(separator: ", "))}}]}

            """
        try BenchFixtureSet.write(json, to: directory + "/spreadsheet.json")
    }

    /// RFC 4180 quoting when the field needs it.
    private static func quoted(_ field: String) -> String {
        field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
    }

    /// `1250.5`: plain, dot decimal, no trailing zeros, as the fixture format wants numbers.
    private static func number(_ value: Double) -> String {
        var text = String(format: "%.3f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
