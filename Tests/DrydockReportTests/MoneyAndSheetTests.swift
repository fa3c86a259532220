import DrydockCore
import DrydockReport
import Foundation
import Testing

@Suite("money and trip sheets")
struct MoneyAndSheetTests {
    @Test func decimalsAreExactAndNeverSummedAcrossCurrencies() {
        var totals = CurrencyTotals()
        for _ in 0..<10 { totals.add(Decimal(string: "0.10"), "USD") }
        totals.add(Decimal(string: "0.20"), "EUR")
        totals.add(nil, "CAD")
        #expect(totals["USD"] == Decimal(1))
        #expect(totals["EUR"] == Decimal(string: "0.2"))
        #expect(totals["CAD"] == 0)
        #expect(totals.byCurrency.keys.sorted() == ["EUR", "USD"])
        #expect(DecimalText.plain(Decimal(string: "1090")!) == "1090.00")
        #expect(DecimalText.plain(Decimal(string: "2178.755")!) == "2178.76")
        #expect(DecimalText.parse("1e400") == nil || DecimalText.parse("1e400") != nil)  // never traps
        #expect(DecimalText.parse("12,5") == nil)
        #expect(DecimalText.parse(String(repeating: "9", count: 41)) == nil)
    }

    @Test func calendarDaysFromSerialsAndText() {
        #expect(CalendarDay(serial: "46270")?.description == "2026-09-05")
        #expect(CalendarDay(serial: "46270.75")?.description == "2026-09-05")
        #expect(CalendarDay(serial: "-3") == nil)
        #expect(CalendarDay(serial: "1e30") == nil)
        #expect(CalendarDay(iso: "2026-02-30") == nil)
        #expect(CalendarDay(iso: "2026-09-05")?.description == "2026-09-05")
    }

    static let header: [JSONValue] = ["Date", "Booking ID", "Boat", "Captain", "Guest", "Party", "Revenue", "Fuel", "Tip %", "Net", "Notes"]

    @Test func parsesTheTabSkippingBlankAndTotalRows() throws {
        let values: [[JSONValue]] = [
            Self.header,
            [.number("46270"), "HC-1", "Osprey", "Eli Brooks", "Zoë", .number("9"), .number("1090"), .number("174.84"), .number("0.1"), .number("915.16"), "Paid in EUR"],
            [],
            ["Total", "", "", "", "", "", .number("1090"), .number("174.84"), "", .number("915.16")],
        ]
        let formulas: [[JSONValue]] = [
            Self.header, [.number("46270"), "HC-1", "Osprey", "Eli Brooks", "Zoë", .number("9"), .number("1090"), .number("174.84"), .number("0.1"), "=G2-H2"],
            [], ["Total", "", "", "", "", "", "=SUM(G2:G2)"],
        ]
        let sheet = try TripSheet.parse(spreadsheetID: "s", tab: "September", range: "September!A1:Z4", values: values, formulas: formulas)
        #expect(sheet.rows.count == 1)
        #expect(sheet.skippedRows == 2)
        let row = sheet.rows[0]
        #expect(row.row == 2 && row.bookingID == "HC-1" && row.party == 9)
        #expect(row.date?.description == "2026-09-05")
        #expect(row.revenue == Decimal(1090) && row.fuel == Decimal(string: "174.84"))
        #expect(row.currencyNote == "EUR")
        #expect(sheet.formulaColumns == ["Net"])
    }

    @Test func aTabWithoutTheNeededColumnsIsRefusedByName() {
        #expect(throws: TripSheetError.self) {
            try TripSheet.parse(spreadsheetID: "s", tab: "September", range: "r", values: [["Date", "Boat"]], formulas: [])
        }
        do {
            _ = try TripSheet.parse(spreadsheetID: "s", tab: "September", range: "r", values: [["Date", "Boat"]], formulas: [])
        } catch {
            #expect("\(error)".contains("no column 'booking id', 'captain'"))
        }
        #expect(throws: TripSheetError.self) { try TripSheet.parse(spreadsheetID: "s", tab: "T", range: "r", values: [], formulas: []) }
    }
}
