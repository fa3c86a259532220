/// Excel number formats for amounts in each currency.
enum CurrencyFormat {
    static let symbols = ["USD": "$", "EUR": "€", "CAD": "CA$", "GBP": "£", "AUD": "A$", "MXN": "MX$"]

    /// `"$"#,##0.00`, `"€"#,##0.00`, …; an unknown code as a suffix: `#,##0.00" XYZ"`.
    static func numberFormat(_ currency: String) -> String {
        let safe = currency.filter { $0.isLetter && $0.isASCII }
        if let symbol = symbols[safe] { return "\"\(symbol)\"#,##0.00" }
        return "#,##0.00\" \(safe)\""
    }
}
