import DrydockCore
import DrydockXLSX
import Foundation

/// The `Summary` sheet: what the report covers, then totals per currency, by boat, by captain and direct
/// vs partner. Every total is a COUNTIFS/SUMIFS formula over `Charters` with its value computed here (in
/// exact decimals) and written as the cached result.
extension ReportWorkbook {
    /// Totals of the counted charters (not cancelled) matching a set of column values.
    struct Tally {
        var charters = 0
        var guests = 0
        var amount = CurrencyTotals()
        var revenue = CurrencyTotals()
        var fuel = CurrencyTotals()
        var net = CurrencyTotals()
    }

    func tally(_ matches: (Reconciliation.CharterLine) -> Bool) -> Tally {
        var tally = Tally()
        for line in document.reconciliation.lines where line.counted && matches(line) {
            tally.charters += 1
            tally.guests += line.party ?? 0
            tally.amount.add(line.amount, line.currency)
            tally.revenue.add(line.revenue, line.currency)
            tally.fuel.add(line.fuel, line.currency)
            tally.net.add(line.net, line.currency)
        }
        return tally
    }

    /// `COUNTIFS(…)`/`SUMIFS(sum, …)` over counted charters with `conditions` (column, criterion cell or text).
    func formula(_ function: String, sum: ChartersColumn? = nil, _ conditions: [(ChartersColumn, String)]) -> String {
        var arguments: [String] = []
        if let sum { arguments.append(chartersRange(sum)) }
        for (column, criterion) in conditions { arguments += [chartersRange(column), criterion] }
        arguments += [chartersRange(.booking), "\"<>cancelled\""]
        return "=\(function)(\(arguments.joined(separator: ",")))"
    }

    func writeSummary(_ sheet: XLSXWorksheet) throws -> Int {
        try sheet.setColumns(0, 0, width: 22)
        try sheet.setColumns(1, 12, width: 15)
        try sheet.write("\(document.company) — revenue report \(document.month)", at: XLSXCell(row: 0, column: 0), style: ReportStyle.title)
        if document.partial {
            let text = "PARTIAL REPORT — missing: " + document.failures.map(\.source).joined(separator: ", ")
                + ". Totals below leave those sources out; see Sources."
            try sheet.merge(from: XLSXCell(row: 1, column: 0), to: XLSXCell(row: 1, column: 7), text: text, style: ReportStyle.banner)
        }
        var row = 2
        let seconds = Int(document.generatedAt.timeIntervalSince1970.rounded(.down))
        let day = CivilDate.civil(fromDays: Int((Double(seconds) / 86_400).rounded(.down)))
        let secondOfDay = seconds - CivilDate.days(year: day.year, month: day.month, day: day.day) * 86_400
        try sheet.write("Month", at: XLSXCell(row: row, column: 0), style: ReportStyle.label)
        try sheet.write(document.month, at: XLSXCell(row: row, column: 1))
        row += 1
        try sheet.write("Generated at", at: XLSXCell(row: row, column: 0), style: ReportStyle.label)
        try sheet.write(date: XLSXDate(year: day.year, month: day.month, day: day.day, hour: secondOfDay / 3600,
                                       minute: secondOfDay % 3600 / 60, second: secondOfDay % 60),
                        at: XLSXCell(row: row, column: 1), style: ReportStyle.timestamp)
        row += 1
        try sheet.write("Sources", at: XLSXCell(row: row, column: 0), style: ReportStyle.label)
        try sheet.write(sourcesSummary, at: XLSXCell(row: row, column: 1))
        row += 1
        try sheet.write("Charters with findings", at: XLSXCell(row: row, column: 0), style: ReportStyle.label)
        let flagged = document.reconciliation.lines.filter { $0.status != "OK" }.count
        try sheet.write(formula: "=COUNTIFS(\(chartersRange(.status)),\"<>OK\",\(chartersRange(.bookingID)),\"<>\")",
                        cached: Decimal(flagged), at: XLSXCell(row: row, column: 1), style: ReportStyle.count)
        row += 2
        row = try writeCurrencyTotals(sheet, from: row)
        row += 1
        let boats = try writeBreakdown(sheet, title: "By boat", key: .boat, from: row)
        row = boats.next + 1
        row = try writeBreakdown(sheet, title: "By captain", key: .captain, from: row).next + 1
        row = try writeBreakdown(sheet, title: "Direct vs partner", key: .source, from: row).next
        try insertChart(sheet, boats: boats)
        return row
    }

    var sourcesSummary: String {
        let read = document.sources.filter { $0.item == "summary" }.map(\.value)
        let failed = document.failures.map { "\($0.source): FAILED" }
        return (read + failed).joined(separator: "; ")
    }

    private func writeCurrencyTotals(_ sheet: XLSXWorksheet, from start: Int) throws -> Int {
        var row = start
        try sheet.write("Totals per currency", at: XLSXCell(row: row, column: 0), style: ReportStyle.section)
        row += 1
        for (column, title) in ["Currency", "Charters", "Guests", "Booked (mail)", "Revenue (sheet)", "Fuel", "Net"].enumerated() {
            try sheet.write(title, at: XLSXCell(row: row, column: column), style: ReportStyle.header)
        }
        row += 1
        for currency in document.currencies {
            let key = "$A\(row + 1)"
            let t = tally { $0.currency == currency }
            let money = ReportStyle.money(currency)
            try sheet.write(currency, at: XLSXCell(row: row, column: 0))
            try sheet.write(formula: formula("COUNTIFS", [(.currency, key)]), cached: Decimal(t.charters), at: XLSXCell(row: row, column: 1), style: ReportStyle.count)
            try sheet.write(formula: formula("SUMIFS", sum: .party, [(.currency, key)]), cached: Decimal(t.guests), at: XLSXCell(row: row, column: 2), style: ReportStyle.count)
            for (column, (sum, value)) in [(ChartersColumn.amount, t.amount), (.revenue, t.revenue), (.fuel, t.fuel), (.net, t.net)].enumerated() {
                try sheet.write(formula: formula("SUMIFS", sum: sum, [(.currency, key)]), cached: value[currency],
                                at: XLSXCell(row: row, column: 3 + column), style: money)
            }
            row += 1
        }
        return row
    }

    /// Where a breakdown table landed (for the chart).
    struct Breakdown {
        let firstRow: Int
        let lastRow: Int
        let next: Int
    }

    /// Key | Charters | Guests | Revenue per currency … | Net per currency ….
    private func writeBreakdown(_ sheet: XLSXWorksheet, title: String, key: ChartersColumn, from start: Int) throws -> Breakdown {
        var row = start
        let currencies = document.currencies
        try sheet.write(title, at: XLSXCell(row: row, column: 0), style: ReportStyle.section)
        row += 1
        let headers = [key.title, "Charters", "Guests"] + currencies.map { "Revenue \($0)" } + currencies.map { "Net \($0)" }
        for (column, text) in headers.enumerated() { try sheet.write(text, at: XLSXCell(row: row, column: column), style: ReportStyle.header) }
        row += 1
        let values = Array(Set(document.reconciliation.lines.filter(\.counted).map { value(of: $0, key) })).sorted()
        let first = row
        for value in values {
            let cell = "$A\(row + 1)"
            let t = tally { self.value(of: $0, key) == value }
            try sheet.write(value, at: XLSXCell(row: row, column: 0))
            try sheet.write(formula: formula("COUNTIFS", [(key, cell)]), cached: Decimal(t.charters), at: XLSXCell(row: row, column: 1), style: ReportStyle.count)
            try sheet.write(formula: formula("SUMIFS", sum: .party, [(key, cell)]), cached: Decimal(t.guests), at: XLSXCell(row: row, column: 2), style: ReportStyle.count)
            for (offset, currency) in currencies.enumerated() {
                let money = ReportStyle.money(currency)
                let currencyText = "\"\(currency)\""
                try sheet.write(formula: formula("SUMIFS", sum: .revenue, [(key, cell), (.currency, currencyText)]), cached: t.revenue[currency],
                                at: XLSXCell(row: row, column: 3 + offset), style: money)
                try sheet.write(formula: formula("SUMIFS", sum: .net, [(key, cell), (.currency, currencyText)]), cached: t.net[currency],
                                at: XLSXCell(row: row, column: 3 + currencies.count + offset), style: money)
            }
            row += 1
        }
        return Breakdown(firstRow: first, lastRow: row - 1, next: row)
    }

    private func value(of line: Reconciliation.CharterLine, _ key: ChartersColumn) -> String {
        switch key {
        case .boat: line.boat
        case .captain: line.captain
        default: line.source
        }
    }

    /// Revenue per boat, one series per currency, right of the tables.
    private func insertChart(_ sheet: XLSXWorksheet, boats: Breakdown) throws {
        guard boats.lastRow >= boats.firstRow else { return }
        let chart = try workbook.addColumnChart()
        chart.setTitle("Revenue per boat (\(document.month))")
        chart.setAxisNames(x: "Boat", y: "Revenue")
        for (offset, currency) in document.currencies.enumerated() {
            let column = XLSXCell.columnName(3 + offset)
            try chart.addSeries(
                name: currency, categories: "Summary!$A$\(boats.firstRow + 1):$A$\(boats.lastRow + 1)",
                values: "Summary!$\(column)$\(boats.firstRow + 1):$\(column)$\(boats.lastRow + 1)")
        }
        try sheet.insert(chart, at: XLSXCell(row: 2, column: max(9, 4 + 2 * document.currencies.count)))
    }
}
