import DrydockXLSX

/// The `Charters` sheet: one row per charter; the Summary's formulas read its columns.
extension ReportWorkbook {
    /// Columns of the Charters sheet, in order.
    enum ChartersColumn: Int, CaseIterable {
        case date, bookingID, boat, captain, guest, party, currency, amount, revenue, fuel, net, booking, dispatch, region, source, status

        var title: String {
            switch self {
            case .date: "Date"
            case .bookingID: "Booking ID"
            case .boat: "Boat"
            case .captain: "Captain"
            case .guest: "Guest"
            case .party: "Party"
            case .currency: "Currency"
            case .amount: "Amount (mail)"
            case .revenue: "Revenue (sheet)"
            case .fuel: "Fuel"
            case .net: "Net"
            case .booking: "Booking"
            case .dispatch: "Dispatch"
            case .region: "Region"
            case .source: "Source"
            case .status: "Status"
            }
        }

        var width: Double {
            switch self {
            case .date: 11
            case .bookingID: 14
            case .boat, .captain: 17
            case .guest: 26
            case .party, .currency: 9
            case .amount, .revenue, .fuel, .net: 15
            case .booking, .dispatch, .region: 11
            case .source: 13
            case .status: 34
            }
        }

        var letter: String { XLSXCell.columnName(rawValue) }
    }

    /// `Charters!$G$2:$G$45`: a data column (at least one row, so an empty month still gives valid formulas).
    func chartersRange(_ column: ChartersColumn) -> String {
        let last = max(2, document.reconciliation.lines.count + 1)
        return "Charters!$\(column.letter)$2:$\(column.letter)$\(last)"
    }

    func writeCharters(_ sheet: XLSXWorksheet) throws {
        for column in ChartersColumn.allCases {
            try sheet.write(column.title, at: XLSXCell(row: 0, column: column.rawValue), style: ReportStyle.header)
            try sheet.setColumns(column.rawValue, column.rawValue, width: column.width)
        }
        for (index, line) in document.reconciliation.lines.enumerated() {
            let row = index + 1
            func at(_ column: ChartersColumn) -> XLSXCell { XLSXCell(row: row, column: column.rawValue) }
            let money = ReportStyle.money(line.currency)
            if let date = line.date {
                try sheet.write(date: XLSXDate(year: date.year, month: date.month, day: date.day), at: at(.date), style: ReportStyle.date)
            }
            try sheet.write(line.bookingID, at: at(.bookingID))
            try sheet.write(line.boat, at: at(.boat))
            try sheet.write(line.captain, at: at(.captain))
            try sheet.write(line.guest, at: at(.guest))
            if let party = line.party { try sheet.write(number: Double(party), at: at(.party), style: ReportStyle.count) }
            try sheet.write(line.currency, at: at(.currency))
            if let amount = line.amount { try sheet.write(decimal: amount, at: at(.amount), style: money) }
            if let revenue = line.revenue { try sheet.write(decimal: revenue, at: at(.revenue), style: money) }
            if let fuel = line.fuel { try sheet.write(decimal: fuel, at: at(.fuel), style: money) }
            if let net = line.net {
                let r = row + 1
                try sheet.write(formula: "=\(ChartersColumn.revenue.letter)\(r)-\(ChartersColumn.fuel.letter)\(r)", cached: net, at: at(.net), style: money)
            }
            try sheet.write(line.booking, at: at(.booking))
            try sheet.write(line.dispatch, at: at(.dispatch))
            try sheet.write(line.region, at: at(.region))
            try sheet.write(line.source, at: at(.source))
            try sheet.write(line.status, at: at(.status))
        }
        let lastRow = max(1, document.reconciliation.lines.count)
        let lastColumn = ChartersColumn.status.rawValue
        try sheet.freezePanes(at: XLSXCell(row: 1, column: 0))
        try sheet.autofilter(from: XLSXCell(row: 0, column: 0), to: XLSXCell(row: lastRow, column: lastColumn))
        try sheet.highlight(
            from: XLSXCell(row: 1, column: 0), to: XLSXCell(row: lastRow, column: lastColumn),
            where: "=$\(ChartersColumn.status.letter)2<>\"OK\"", style: ReportStyle.mismatch)
    }
}
