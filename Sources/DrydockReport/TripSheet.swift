import DrydockCore
import Foundation

/// One month's tab of the captains' trip sheets, read twice: with `UNFORMATTED_VALUE` (numbers are
/// numbers, dates serial days) and with `FORMULA` (which cells are formulas).
///
/// Layout (fixtures/README.md): a header row `Date, Booking ID, Boat, Captain, Guest, Party, Revenue, Fuel,
/// Tip %, Net, Notes`, one row per charter, a blank row, a `Total` row, trailing empty rows. Columns are
/// found by their header, so reordering them does not break the report.
public struct TripSheet: Sendable {
    public struct Row: Sendable, Equatable {
        /// 1-based row number in the tab.
        public let row: Int
        public var date: CalendarDay?
        public var bookingID: String
        public var boat: String
        public var captain: String
        public var guest: String
        public var party: Int?
        public var revenue: Decimal?
        public var fuel: Decimal?
        public var notes: String
        /// `Paid in EUR` in the notes: the revenue's currency when it is not the sheet's.
        public var currencyNote: String?

        public init(row: Int, date: CalendarDay?, bookingID: String, boat: String = "", captain: String = "", guest: String = "",
                    party: Int? = nil, revenue: Decimal? = nil, fuel: Decimal? = nil, notes: String = "") {
            self.row = row
            self.date = date
            self.bookingID = bookingID
            self.boat = boat
            self.captain = captain
            self.guest = guest
            self.party = party
            self.revenue = revenue
            self.fuel = fuel
            self.notes = notes
            currencyNote = TripSheet.paidInCurrency(notes)
        }
    }

    public let spreadsheetID: String
    public let tab: String
    /// The range Sheets reported (`August!A1:K19`).
    public let range: String
    public let rows: [Row]
    /// Header names of columns holding formulas in data rows (`Net`).
    public let formulaColumns: [String]
    /// Rows skipped as not charters (blank, `Total`).
    public let skippedRows: Int

    public init(spreadsheetID: String, tab: String, range: String, rows: [Row], formulaColumns: [String] = [], skippedRows: Int = 0) {
        self.spreadsheetID = spreadsheetID
        self.tab = tab
        self.range = range
        self.rows = rows
        self.formulaColumns = formulaColumns
        self.skippedRows = skippedRows
    }

    /// The columns the report needs, by header (case-insensitive).
    static let required = ["date", "booking id", "boat", "captain", "guest", "party", "revenue", "fuel"]

    /// Parses the two renders of the same range (`values` unformatted, `formulas` FORMULA).
    public static func parse(
        spreadsheetID: String, tab: String, range: String, values: [[JSONValue]], formulas: [[JSONValue]]
    ) throws -> TripSheet {
        guard let header = values.first else { throw TripSheetError("tab '\(tab)' of spreadsheet \(spreadsheetID) is empty (no header row)") }
        var column: [String: Int] = [:]
        for (index, cell) in header.enumerated() {
            let name = text(cell).trimmingCharacters(in: .whitespaces).lowercased()
            if !name.isEmpty, column[name] == nil { column[name] = index }
        }
        let missing = required.filter { column[$0] == nil }
        guard missing.isEmpty else {
            throw TripSheetError("tab '\(tab)' of spreadsheet \(spreadsheetID) has no column \(missing.map { "'\($0)'" }.joined(separator: ", ")) in row 1")
        }
        func cell(_ row: [JSONValue], _ name: String) -> JSONValue? {
            guard let index = column[name], index < row.count else { return nil }
            return row[index]
        }
        var rows: [Row] = []
        var skipped = 0
        for (index, cells) in values.enumerated().dropFirst() {
            let number = index + 1
            let booking = cell(cells, "booking id").map(text)?.trimmingCharacters(in: .whitespaces) ?? ""
            let first = cells.first.map(text)?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            let blank = cells.allSatisfy { text($0).trimmingCharacters(in: .whitespaces).isEmpty }
            if blank || first == "total" || first == "totals" { skipped += 1; continue }
            rows.append(Row(
                row: number, date: cell(cells, "date").flatMap(day), bookingID: booking,
                boat: cell(cells, "boat").map(text) ?? "", captain: cell(cells, "captain").map(text) ?? "",
                guest: cell(cells, "guest").map(text) ?? "", party: cell(cells, "party").flatMap(integer),
                revenue: cell(cells, "revenue").flatMap(decimal), fuel: cell(cells, "fuel").flatMap(decimal),
                notes: cell(cells, "notes").map(text) ?? ""))
        }
        let dataRows = Set(rows.map(\.row))
        var formulaColumns: [String] = []
        for (name, index) in column.sorted(by: { $0.value < $1.value }) {
            let isFormula = formulas.enumerated().contains { offset, cells in
                dataRows.contains(offset + 1) && index < cells.count && text(cells[index]).hasPrefix("=")
            }
            if isFormula { formulaColumns.append(header[index].stringValue ?? name) }
        }
        return TripSheet(spreadsheetID: spreadsheetID, tab: tab, range: range, rows: rows, formulaColumns: formulaColumns, skippedRows: skipped)
    }

    static func text(_ cell: JSONValue) -> String {
        switch cell {
        case .string(let s): s
        case .number(let n): n
        case .bool(let b): b ? "TRUE" : "FALSE"
        default: ""
        }
    }

    /// A serial day number (UNFORMATTED_VALUE) or ISO text.
    static func day(_ cell: JSONValue) -> CalendarDay? {
        switch cell {
        case .number(let n): CalendarDay(serial: n)
        case .string(let s): CalendarDay(iso: String(s.trimmingCharacters(in: .whitespaces).prefix(10)))
        default: nil
        }
    }

    static func decimal(_ cell: JSONValue) -> Decimal? {
        switch cell {
        case .number(let n): DecimalText.parse(n)
        case .string(let s): DecimalText.parse(s.replacingOccurrences(of: ",", with: ""))
        default: nil
        }
    }

    static func integer(_ cell: JSONValue) -> Int? {
        guard let value = decimal(cell), let int = Int(value.description), int >= 0, int <= 10_000 else { return nil }
        return int
    }

    /// `Paid in EUR` (any case) → `EUR`.
    static func paidInCurrency(_ notes: String) -> String? {
        let upper = notes.uppercased()
        guard let range = upper.range(of: "PAID IN ") else { return nil }
        let code = upper[range.upperBound...].prefix(3)
        guard code.count == 3, code.allSatisfy({ $0 >= "A" && $0 <= "Z" }) else { return nil }
        return String(code)
    }
}

/// The month's tab cannot be used as a trip sheet.
public struct TripSheetError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
