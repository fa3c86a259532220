/// Spreadsheet column letters, as A1 notation writes them (Google Sheets and Excel alike).
public enum A1Column {
    /// `A`, …, `Z`, `AA`, `AB`, … for a zero-based column index (≥ 0).
    public static func name(_ index: Int) -> String {
        var n = max(0, index) + 1
        var name = ""
        while n > 0 {
            n -= 1
            name = String(UnicodeScalar(UInt8(65 + n % 26))) + name
            n /= 26
        }
        return name
    }
}
