import Foundation

/// A non-negative number as decimal digits, rounded the way Sheets displays numbers: first to 15
/// significant digits (so 1.005, stored as 1.00499999…, displays as 1.01 like a person expects), then
/// half away from zero at the requested number of decimals.
struct DecimalDigits: Sendable, Equatable {
    /// The integer part without leading zeros ("" for zero).
    var integer: [UInt8]
    /// Exactly the requested number of fraction digits.
    var fraction: [UInt8]

    var isZero: Bool { integer.isEmpty && fraction.allSatisfy { $0 == 0 } }

    /// `value` (made non-negative) rounded to `decimals` fraction digits.
    init(_ value: Double, decimals: Int) {
        let magnitude = abs(value)
        guard magnitude.isFinite, magnitude > 0 else {
            integer = []
            fraction = Array(repeating: 0, count: decimals)
            return
        }
        let (digits, exponent) = Self.significantDigits(magnitude)
        // digits d0 d1 … d14 mean d0.d1d2… × 10^exponent.
        let pointPosition = exponent + 1
        var integerDigits: [UInt8] = []
        var fractionDigits: [UInt8] = []
        if pointPosition <= 0 {
            fractionDigits = Array(repeating: 0, count: -pointPosition) + digits
        } else if pointPosition >= digits.count {
            integerDigits = digits + Array(repeating: 0, count: pointPosition - digits.count)
        } else {
            integerDigits = Array(digits[..<pointPosition])
            fractionDigits = Array(digits[pointPosition...])
        }
        var roundUp = false
        if fractionDigits.count > decimals {
            roundUp = fractionDigits[decimals] >= 5
            fractionDigits.removeSubrange(decimals...)
        } else {
            fractionDigits += Array(repeating: 0, count: decimals - fractionDigits.count)
        }
        if roundUp {
            var carry = true
            var index = fractionDigits.count - 1
            while carry && index >= 0 {
                if fractionDigits[index] == 9 { fractionDigits[index] = 0 } else { fractionDigits[index] += 1; carry = false }
                index -= 1
            }
            index = integerDigits.count - 1
            while carry && index >= 0 {
                if integerDigits[index] == 9 { integerDigits[index] = 0 } else { integerDigits[index] += 1; carry = false }
                index -= 1
            }
            if carry { integerDigits.insert(1, at: 0) }
        }
        while integerDigits.first == 0 { integerDigits.removeFirst() }
        integer = integerDigits
        fraction = fractionDigits
    }

    /// 15 significant digits and the decimal exponent of the first.
    static func significantDigits(_ magnitude: Double) -> (digits: [UInt8], exponent: Int) {
        // C's printf, not Foundation's String(format:), which cost ~40k instructions a call (a fifth of
        // serve's start went to rendering the Sheets fixtures' numbers).
        var buffer = [CChar](repeating: 0, count: 40)
        let count = buffer.withUnsafeMutableBufferPointer { out in
            withVaList([magnitude]) { vsnprintf(out.baseAddress, out.count, "%.14e", $0) }
        }
        guard count > 0, count < buffer.count else { return ([0], 0) }
        let text = String(decoding: buffer.prefix(Int(count)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }), let exponent = Int(text[text.index(after: e)...]) else {
            return ([0], 0)
        }
        let digits = text[..<e].utf8.filter { $0 != UInt8(ascii: ".") }.map { $0 - UInt8(ascii: "0") }
        return (digits, exponent)
    }

    /// The digits as text: `integer` (or "0") then, when `decimals` > 0, a point and the fraction.
    var plainText: String {
        var text = integer.isEmpty ? "0" : String(decoding: integer.map { $0 + UInt8(ascii: "0") }, as: UTF8.self)
        if !fraction.isEmpty {
            text += "." + String(decoding: fraction.map { $0 + UInt8(ascii: "0") }, as: UTF8.self)
        }
        return text
    }
}
