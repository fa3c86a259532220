/// A cell format as a value: the workbook turns each distinct style into one libxlsxwriter format.
public struct XLSXStyle: Hashable, Sendable {
    public enum Alignment: Hashable, Sendable { case general, left, center, right }

    public var bold = false
    public var fontSize: Double?
    /// RGB, e.g. 0xFFFFFF.
    public var fontColor: UInt32?
    /// RGB solid fill.
    public var fill: UInt32?
    /// An Excel number format, e.g. `"$"#,##0.00` or `yyyy-mm-dd`.
    public var numberFormat: String?
    public var wrap = false
    public var alignment: Alignment = .general
    public var bottomBorder = false

    public init(
        bold: Bool = false, fontSize: Double? = nil, fontColor: UInt32? = nil, fill: UInt32? = nil, numberFormat: String? = nil,
        wrap: Bool = false, alignment: Alignment = .general, bottomBorder: Bool = false
    ) {
        self.bold = bold
        self.fontSize = fontSize
        self.fontColor = fontColor
        self.fill = fill
        self.numberFormat = numberFormat
        self.wrap = wrap
        self.alignment = alignment
        self.bottomBorder = bottomBorder
    }

    /// This style with another number format.
    public func with(numberFormat: String?) -> XLSXStyle {
        var copy = self
        copy.numberFormat = numberFormat
        return copy
    }
}
