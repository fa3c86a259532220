import DrydockTesting
import DrydockXLSX
import Foundation
import Testing

/// The typed shims over libxlsxwriter: what they write (the zip's parts), what they refuse (with
/// libxlsxwriter's own message or ours, naming the cell), and reproducible output.
@Suite("libxlsxwriter shims")
struct XLSXShimTests {
    static let created = 1_790_000_000

    /// A small workbook with every kind of cell, a chart and the sheet features.
    static func write(_ path: String, created: Int = XLSXShimTests.created) throws {
        let workbook = try XLSXWorkbook(path: path, properties: .init(title: "T", company: "Harbor Charters", created: created))
        let sheet = try workbook.addWorksheet("Data")
        let money = XLSXStyle(numberFormat: "\"€\"#,##0.00")
        try sheet.write("Boat", at: XLSXCell(row: 0, column: 0), style: XLSXStyle(bold: true))
        try sheet.write("Revenue", at: XLSXCell(row: 0, column: 1), style: XLSXStyle(bold: true))
        try sheet.write("Osprey", at: XLSXCell(row: 1, column: 0))
        try sheet.write(decimal: Decimal(string: "1125.50")!, at: XLSXCell(row: 1, column: 1), style: money)
        try sheet.write(date: XLSXDate(year: 2026, month: 9, day: 5), at: XLSXCell(row: 1, column: 2), style: XLSXStyle(numberFormat: "yyyy-mm-dd"))
        try sheet.write(formula: "=SUM(B2:B2)", cached: Decimal(string: "1125.50")!, at: XLSXCell(row: 2, column: 1), style: money)
        try sheet.freezePanes(at: XLSXCell(row: 1, column: 0))
        try sheet.autofilter(from: XLSXCell(row: 0, column: 0), to: XLSXCell(row: 1, column: 2))
        try sheet.highlight(from: XLSXCell(row: 1, column: 0), to: XLSXCell(row: 1, column: 2), where: "=$B2>1000", style: XLSXStyle(fill: 0xFFC7CE))
        let chart = try workbook.addColumnChart()
        try chart.addSeries(name: "EUR", categories: "Data!$A$2:$A$2", values: "Data!$B$2:$B$2")
        try sheet.insert(chart, at: XLSXCell(row: 4, column: 4))
        try workbook.close()
    }

    @Test func writesAWorkbookWithItsParts() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try Self.write(dir.path + "/a.xlsx")
        let bytes = try #require(FileManager.default.contents(atPath: dir.path + "/a.xlsx"))
        #expect(bytes.prefix(4) == Data([0x50, 0x4B, 0x03, 0x04]))
        let text = String(decoding: bytes, as: UTF8.self)
        for part in ["xl/worksheets/sheet1.xml", "xl/charts/chart1.xml", "docProps/core.xml", "xl/styles.xml"] {
            #expect(text.contains(part), "no \(part) in the zip")
        }
    }

    @Test func theSameContentAndCreationDateGiveTheSameBytes() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try Self.write(dir.path + "/a.xlsx")
        try Self.write(dir.path + "/b.xlsx")
        try Self.write(dir.path + "/c.xlsx", created: Self.created + 86_400)
        let a = FileManager.default.contents(atPath: dir.path + "/a.xlsx")
        #expect(a == FileManager.default.contents(atPath: dir.path + "/b.xlsx"))
        #expect(a != FileManager.default.contents(atPath: dir.path + "/c.xlsx"))
    }

    @Test func refusesWhatExcelCannotHold() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let workbook = try XLSXWorkbook(path: dir.path + "/x.xlsx", properties: .init(created: Self.created))
        let sheet = try workbook.addWorksheet("S")
        #expect(throws: XLSXError.self) { try workbook.addWorksheet("S") }
        #expect(throws: XLSXError.self) { try workbook.addWorksheet("a/b") }
        #expect(throws: XLSXError.self) { try workbook.addWorksheet(String(repeating: "x", count: 32)) }
        #expect(throws: XLSXError.self) { try sheet.write("x", at: XLSXCell(row: XLSXCell.maxRows, column: 0)) }
        #expect(throws: XLSXError.self) { try sheet.write(number: .nan, at: XLSXCell(row: 0, column: 0)) }
        do {
            try sheet.write(String(repeating: "é", count: 40_000), at: XLSXCell(row: 0, column: 0))
            Issue.record("a string over Excel's 32,767 characters was accepted")
        } catch let error as XLSXError {
            #expect(error.description.contains("write text to S!A1"))
            #expect(error.code != 0)
        }
        do {
            try sheet.write("x", at: XLSXCell(row: -1, column: 2))
            Issue.record("a negative row was accepted")
        } catch let error as XLSXError {
            #expect(error.description.contains("S!R0C3") && error.description.contains("outside Excel's grid"))
        }
        try workbook.close()
        #expect(throws: XLSXError.self) { _ = try XLSXWorkbook(path: dir.path + "/y.xlsx", properties: .init(created: 0)) }
    }

    @Test func aWorkbookThatCannotBeWrittenSaysWhere() throws {
        let workbook = try XLSXWorkbook(path: "/nonexistent-drydock-dir/x.xlsx", properties: .init(created: Self.created))
        _ = try workbook.addWorksheet("S")
        do {
            try workbook.close()
            Issue.record("closing into a missing directory succeeded")
        } catch let error as XLSXError {
            #expect(error.description.contains("write /nonexistent-drydock-dir/x.xlsx"))
        }
    }

    @Test func columnNamesAndReferences() {
        #expect(XLSXCell.columnName(0) == "A")
        #expect(XLSXCell.columnName(25) == "Z")
        #expect(XLSXCell.columnName(26) == "AA")
        #expect(XLSXCell(row: 6, column: 1).description == "B7")
        #expect(XLSXCell(row: 6, column: 1).absolute == "$B$7")
    }
}
