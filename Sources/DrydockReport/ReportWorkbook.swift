import DrydockXLSX
import Foundation

/// Writes a `ReportDocument` as an XLSX workbook: `Summary`, `Charters`, `Discrepancies`, `Sources`.
/// The output depends only on the document (its `generatedAt` is the file's creation date), so the same
/// inputs and clock give a byte-identical file.
public struct ReportWorkbook {
    let document: ReportDocument
    let workbook: XLSXWorkbook

    /// Writes the workbook to `path` (which `XLSXWorkbook` creates or truncates); libxlsxwriter's own
    /// temporary files go to `temporaryDirectory`.
    public static func write(_ document: ReportDocument, to path: String, temporaryDirectory: String? = nil) throws {
        let properties = XLSXWorkbook.Properties(
            title: "Revenue report \(document.month)", subject: "Monthly revenue: Gmail confirmations, trip sheets, crew dispatch",
            author: document.version, company: document.company,
            comments: document.partial ? "PARTIAL: " + document.failures.map(\.source).joined(separator: ", ") : "Complete",
            created: max(1, Int(document.generatedAt.timeIntervalSince1970.rounded(.down))))
        let workbook = try XLSXWorkbook(path: path, properties: properties, temporaryDirectory: temporaryDirectory)
        let report = ReportWorkbook(document: document, workbook: workbook)
        let summary = try workbook.addWorksheet("Summary")
        let charters = try workbook.addWorksheet("Charters")
        let discrepancies = try workbook.addWorksheet("Discrepancies")
        let sources = try workbook.addWorksheet("Sources")
        _ = try report.writeSummary(summary)
        try report.writeCharters(charters)
        try report.writeDiscrepancies(discrepancies)
        try report.writeSources(sources)
        summary.activate()
        try workbook.close()
    }

    func writeDiscrepancies(_ sheet: XLSXWorksheet) throws {
        let headers = ["Kind", "Booking ID", "Mail says", "Sheet says", "Dispatch says", "Where", "What to do"]
        let widths: [Double] = [24, 14, 26, 26, 40, 60, 60]
        for (column, title) in headers.enumerated() {
            try sheet.write(title, at: XLSXCell(row: 0, column: column), style: ReportStyle.header)
            try sheet.setColumns(column, column, width: widths[column], style: column >= 4 ? ReportStyle.wrap : nil)
        }
        for (index, finding) in document.reconciliation.findings.enumerated() {
            let values = [finding.kind.rawValue, finding.bookingID, finding.mail, finding.sheet, finding.dispatch, finding.location, finding.kind.action]
            for (column, value) in values.enumerated() { try sheet.write(value, at: XLSXCell(row: index + 1, column: column)) }
        }
        try sheet.freezePanes(at: XLSXCell(row: 1, column: 0))
        try sheet.autofilter(from: XLSXCell(row: 0, column: 0), to: XLSXCell(row: max(1, document.reconciliation.findings.count), column: headers.count - 1))
    }

    func writeSources(_ sheet: XLSXWorksheet) throws {
        try sheet.setColumns(0, 0, width: 22)
        try sheet.setColumns(1, 1, width: 28)
        try sheet.setColumns(2, 2, width: 90, style: ReportStyle.wrap)
        for (column, title) in ["Source", "Item", "Value"].enumerated() {
            try sheet.write(title, at: XLSXCell(row: 0, column: column), style: ReportStyle.header)
        }
        var row = 1
        func line(_ source: String, _ item: String, _ value: String, style: XLSXStyle? = nil) throws {
            try sheet.write(source, at: XLSXCell(row: row, column: 0), style: style)
            try sheet.write(item, at: XLSXCell(row: row, column: 1), style: style)
            try sheet.write(value, at: XLSXCell(row: row, column: 2), style: style)
            row += 1
        }
        for failure in document.failures {
            try line(failure.source, "FAILED (exit \(failure.status.rawValue))", "\(failure.message)\(failure.fix.isEmpty ? "" : " — \(failure.fix)")",
                     style: ReportStyle.failure)
        }
        for source in document.sources { try line(source.source, source.item, source.value) }
        for warning in document.warnings { try line("gmail", "warning", warning) }
        try line("drydock", "version", document.version)
        try sheet.freezePanes(at: XLSXCell(row: 1, column: 0))
    }
}
