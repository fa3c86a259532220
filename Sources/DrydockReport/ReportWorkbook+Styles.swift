import DrydockXLSX

/// The report's look: one place for colours and formats.
enum ReportStyle {
    static let title = XLSXStyle(bold: true, fontSize: 14)
    static let section = XLSXStyle(bold: true, fontSize: 12)
    static let header = XLSXStyle(bold: true, fill: 0xDDEBF7, wrap: true, bottomBorder: true)
    static let label = XLSXStyle(bold: true)
    static let banner = XLSXStyle(bold: true, fontSize: 12, fontColor: 0xFFFFFF, fill: 0xC00000, wrap: true)
    static let failure = XLSXStyle(fontColor: 0xC00000, wrap: true)
    static let wrap = XLSXStyle(wrap: true)
    static let date = XLSXStyle(numberFormat: "yyyy-mm-dd", alignment: .left)
    static let timestamp = XLSXStyle(numberFormat: "yyyy-mm-dd hh:mm:ss \"UTC\"", alignment: .left)
    static let count = XLSXStyle(numberFormat: "0")
    /// Conditional format for a charter with a mismatch (Excel's "light red fill with dark red text").
    static let mismatch = XLSXStyle(fontColor: 0x9C0006, fill: 0xFFC7CE)

    static func money(_ currency: String) -> XLSXStyle { XLSXStyle(numberFormat: CurrencyFormat.numberFormat(currency)) }
}
