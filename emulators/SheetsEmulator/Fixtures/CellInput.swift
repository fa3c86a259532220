/// Reads a CSV cell the way Sheets reads what a user types (en_US): numbers (`1250`, `-3.5`, `1e3`),
/// ISO dates (`2026-08-14`) and date-times (`2026-08-14 09:30`, `…T09:30:15`) as serial numbers,
/// `TRUE`/`FALSE` (any case) as booleans, a leading `'` forcing text (`'00123`), and everything else as
/// text. Dates and date-times bring the format they were typed in, as Sheets keeps it
/// (`yyyy-mm-dd`, `yyyy-mm-dd hh:mm[:ss]`; assumed).
enum CellInput {
    struct Parsed: Sendable, Equatable {
        var value: CellValue
        /// The format Sheets infers from the typing, used when no fixture format covers the cell.
        var implied: ImpliedFormat?
    }

    /// A number format's type and pattern, as typing a date implies them.
    struct ImpliedFormat: Sendable, Equatable {
        let type: String
        let pattern: String
    }

    /// A date-shaped cell that names no real date (`2026-02-30`).
    struct InvalidDate: Error, Sendable, Equatable { let text: String }

    static func parse(_ text: String) throws(InvalidDate) -> Parsed {
        if text.isEmpty { return Parsed(value: .empty) }
        if text.hasPrefix("'") { return Parsed(value: .text(String(text.dropFirst()))) }
        switch text.uppercased() {
        case "TRUE": return Parsed(value: .bool(true))
        case "FALSE": return Parsed(value: .bool(false))
        default: break
        }
        if isPlainNumber(text), let number = Double(text), number.isFinite { return Parsed(value: .number(number)) }
        if let parsed = try dateTime(text) { return parsed }
        return Parsed(value: .text(text))
    }

    /// `[-+]digits[.digits][e[-+]digits]` or `.5`: what Swift's `Double(_:)` also accepts minus hex,
    /// `inf` and `nan`.
    private static func isPlainNumber(_ text: String) -> Bool {
        var bytes = Array(text.utf8)[...]
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        let isDigit = { (byte: UInt8) in byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        let integer = bytes.prefix(while: isDigit)
        bytes = bytes.dropFirst(integer.count)
        var fractionCount = 0
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            let fraction = bytes.prefix(while: isDigit)
            fractionCount = fraction.count
            bytes = bytes.dropFirst(fraction.count)
        }
        guard integer.count + fractionCount > 0 else { return false }
        if let e = bytes.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
            let exponent = bytes.prefix(while: isDigit)
            guard !exponent.isEmpty else { return false }
            bytes = bytes.dropFirst(exponent.count)
        }
        return bytes.isEmpty
    }

    /// `yyyy-mm-dd`, optionally followed by ` ` or `T` and `hh:mm` or `hh:mm:ss`.
    private static func dateTime(_ text: String) throws(InvalidDate) -> Parsed? {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[range] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        var civil = SerialDate.Civil(year: year, month: month, day: day)
        var pattern = "yyyy-mm-dd"
        var type = "DATE"
        if bytes.count > 10 {
            guard bytes.count == 16 || bytes.count == 19, bytes[10] == UInt8(ascii: " ") || bytes[10] == UInt8(ascii: "T"),
                  bytes[13] == UInt8(ascii: ":"), let hour = number(11..<13), let minute = number(14..<16) else { return nil }
            civil.hour = hour
            civil.minute = minute
            pattern = "yyyy-mm-dd hh:mm"
            type = "DATE_TIME"
            if bytes.count == 19 {
                guard bytes[16] == UInt8(ascii: ":"), let second = number(17..<19) else { return nil }
                civil.second = second
                pattern += ":ss"
            }
        }
        guard let serial = SerialDate.serial(civil) else { throw InvalidDate(text: text) }
        return Parsed(value: .number(serial), implied: ImpliedFormat(type: type, pattern: pattern))
    }
}
