import CXLSXWriter
import Foundation

/// One worksheet of an `XLSXWorkbook`. Positions are zero-based; each write checks Excel's limits and
/// throws `XLSXError` naming the cell.
public final class XLSXWorksheet {
    let handle: UnsafeMutablePointer<lxw_worksheet>
    public let name: String
    private unowned let workbook: XLSXWorkbook

    init(_ handle: UnsafeMutablePointer<lxw_worksheet>, name: String, workbook: XLSXWorkbook) {
        self.handle = handle
        self.name = name
        self.workbook = workbook
    }

    /// `'Sheet name'!` for references from other sheets.
    public var reference: String { "'" + name.replacingOccurrences(of: "'", with: "''") + "'!" }

    private func place(_ cell: XLSXCell, _ what: String) throws -> (lxw_row_t, lxw_col_t) {
        guard cell.isValid else {
            throw XLSXError(code: -1, operation: "\(what) \(name)!R\(cell.row + 1)C\(cell.column + 1)", message: "outside Excel's grid")
        }
        return (lxw_row_t(cell.row), lxw_col_t(cell.column))
    }

    public func write(_ text: String, at cell: XLSXCell, style: XLSXStyle? = nil) throws {
        let (r, c) = try place(cell, "write text to")
        try XLSXError.check(worksheet_write_string(handle, r, c, text, workbook.format(style)), "write text to \(name)!\(cell)")
    }

    public func write(number: Double, at cell: XLSXCell, style: XLSXStyle? = nil) throws {
        let (r, c) = try place(cell, "write a number to")
        guard number.isFinite else { throw XLSXError(code: -1, operation: "write a number to \(name)!\(cell)", message: "\(number) is not finite") }
        try XLSXError.check(worksheet_write_number(handle, r, c, number, workbook.format(style)), "write a number to \(name)!\(cell)")
    }

    /// An exact decimal amount. XLSX cells hold IEEE doubles, so this is where an amount becomes binary:
    /// the nearest double to the decimal text (correctly rounded by `Double(String)`), which Excel and
    /// LibreOffice display back as the same decimal for amounts with up to 15 significant digits.
    public func write(decimal: Decimal, at cell: XLSXCell, style: XLSXStyle? = nil) throws {
        try write(number: Self.double(decimal), at: cell, style: style)
    }

    public func write(date: XLSXDate, at cell: XLSXCell, style: XLSXStyle? = nil) throws {
        let (r, c) = try place(cell, "write a date to")
        var value = lxw_datetime(year: Int32(date.year), month: Int32(date.month), day: Int32(date.day),
                                 hour: Int32(date.hour), min: Int32(date.minute), sec: Double(date.second))
        try XLSXError.check(worksheet_write_datetime(handle, r, c, &value, workbook.format(style)), "write a date to \(name)!\(cell)")
    }

    /// A formula (`=SUM(B2:B9)`) with its value already computed, so the file shows numbers before any
    /// recalculation.
    public func write(formula: String, cached: Decimal, at cell: XLSXCell, style: XLSXStyle? = nil) throws {
        let (r, c) = try place(cell, "write a formula to")
        try XLSXError.check(
            worksheet_write_formula_num(handle, r, c, formula, workbook.format(style), Self.double(cached)),
            "write formula \(formula) to \(name)!\(cell)")
    }

    /// A formula whose value is text.
    public func write(formula: String, cachedText: String, at cell: XLSXCell, style: XLSXStyle? = nil) throws {
        let (r, c) = try place(cell, "write a formula to")
        try XLSXError.check(
            worksheet_write_formula_str(handle, r, c, formula, workbook.format(style), cachedText),
            "write formula \(formula) to \(name)!\(cell)")
    }

    /// Merges `from`…`to` into one cell holding `text`.
    public func merge(from: XLSXCell, to: XLSXCell, text: String, style: XLSXStyle? = nil) throws {
        let (r1, c1) = try place(from, "merge")
        let (r2, c2) = try place(to, "merge")
        try XLSXError.check(worksheet_merge_range(handle, r1, c1, r2, c2, text, workbook.format(style)), "merge \(name)!\(from):\(to)")
    }

    /// Column widths in characters, with an optional default style.
    public func setColumns(_ first: Int, _ last: Int, width: Double, style: XLSXStyle? = nil) throws {
        let (_, c1) = try place(XLSXCell(row: 0, column: first), "size columns of")
        let (_, c2) = try place(XLSXCell(row: 0, column: last), "size columns of")
        try XLSXError.check(worksheet_set_column(handle, c1, c2, width, workbook.format(style)), "size columns of \(name)")
    }

    /// Freezes the rows above and the columns left of `cell`.
    public func freezePanes(at cell: XLSXCell) throws {
        let (r, c) = try place(cell, "freeze panes of")
        worksheet_freeze_panes(handle, r, c)
    }

    public func autofilter(from: XLSXCell, to: XLSXCell) throws {
        let (r1, c1) = try place(from, "filter")
        let (r2, c2) = try place(to, "filter")
        try XLSXError.check(worksheet_autofilter(handle, r1, c1, r2, c2), "add an autofilter to \(name)")
    }

    /// Conditional formatting: `style` applies to `from`…`to` where `formula` (relative to `from`, e.g.
    /// `=$P2<>"OK"`) is true.
    public func highlight(from: XLSXCell, to: XLSXCell, where formula: String, style: XLSXStyle) throws {
        let (r1, c1) = try place(from, "format")
        let (r2, c2) = try place(to, "format")
        var rule = lxw_conditional_format()
        rule.type = UInt8(LXW_CONDITIONAL_TYPE_FORMULA.rawValue)
        let text = strdup(formula)
        defer { free(text) }
        rule.value_string = text
        rule.format = workbook.format(style)
        try XLSXError.check(worksheet_conditional_format_range(handle, r1, c1, r2, c2, &rule), "add conditional formatting to \(name)")
    }

    public func insert(_ chart: XLSXChart, at cell: XLSXCell, scale: Double = 1) throws {
        let (r, c) = try place(cell, "insert a chart into")
        var options = lxw_chart_options()
        options.x_scale = scale
        options.y_scale = scale
        try XLSXError.check(worksheet_insert_chart_opt(handle, r, c, chart.handle, &options), "insert a chart into \(name)!\(cell)")
    }

    /// Makes this the sheet shown when the file opens.
    public func activate() { worksheet_activate(handle) }

    /// The nearest double to a decimal (through its exact text form).
    static func double(_ value: Decimal) -> Double {
        Double(value.description) ?? NSDecimalNumber(decimal: value).doubleValue
    }
}
