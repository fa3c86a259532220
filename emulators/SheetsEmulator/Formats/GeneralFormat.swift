/// Sheets' automatic format for a number no format applies to: the number as typed (`1250` → "1250",
/// `1250.5` → "1250.5"). Assumed beyond that: at most 10 decimals (1/3 → "0.3333333333"), 15
/// significant digits, and scientific notation from 1e15 up.
enum GeneralFormat {
    static func render(_ value: Double) -> String {
        guard value.isFinite else { return "#NUM!" }
        let magnitude = abs(value)
        let sign = value < 0 ? "-" : ""
        if magnitude >= 1e15 {
            let (digits, exponent) = DecimalDigits.significantDigits(magnitude)
            var mantissa = String(digits[0]) + "." + digits[1..<6].map(String.init).joined()
            while mantissa.hasSuffix("0") { mantissa.removeLast() }
            if mantissa.hasSuffix(".") { mantissa.removeLast() }
            return sign + mantissa + "E+" + String(exponent)
        }
        let rounded = DecimalDigits(magnitude, decimals: 10)
        guard !rounded.isZero else { return "0" }
        var fraction = rounded.fraction
        while fraction.last == 0 { fraction.removeLast() }
        var text = sign + (rounded.integer.isEmpty ? "0" : String(decoding: rounded.integer.map { $0 + 48 }, as: UTF8.self))
        if !fraction.isEmpty { text += "." + String(decoding: fraction.map { $0 + 48 }, as: UTF8.self) }
        return text
    }
}
