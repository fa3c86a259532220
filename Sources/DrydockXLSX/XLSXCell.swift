import DrydockCore

/// A zero-based cell position, shown in A1 notation.
public struct XLSXCell: Hashable, Sendable, CustomStringConvertible {
    public let row: Int
    public let column: Int

    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }

    /// Excel's limits: 1,048,576 rows, 16,384 columns.
    public static let maxRows = 1_048_576
    public static let maxColumns = 16_384

    var isValid: Bool { (0..<Self.maxRows).contains(row) && (0..<Self.maxColumns).contains(column) }

    /// `A`, …, `Z`, `AA`, …
    public static func columnName(_ index: Int) -> String { A1Column.name(index) }

    /// `B7`.
    public var description: String { "\(Self.columnName(column))\(row + 1)" }
    /// `$B$7`.
    public var absolute: String { "$\(Self.columnName(column))$\(row + 1)" }
}

/// A calendar date (no time, no zone) as Excel stores it.
public struct XLSXDate: Hashable, Sendable {
    public let year: Int
    public let month: Int
    public let day: Int
    public var hour = 0
    public var minute = 0
    public var second = 0

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }
}
