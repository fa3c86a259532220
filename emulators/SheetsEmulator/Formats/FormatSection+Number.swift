/// Rendering a number through a number section: digit placeholders, grouping, scaling, percent and
/// scientific notation. The caller picks the section and adds the minus sign.
extension FormatSection {
    /// `magnitude` (non-negative) as this section shows it, and whether the shown digits are all zero
    /// (so the caller does not print "-0.00").
    /// Separators are `locale`'s (`1.234,50` in de_DE).
    func renderNumber(_ magnitude: Double, locale: SheetsLocale = .enUS) -> (text: String, isZero: Bool) {
        let layout = NumberLayout(tokens)
        var scaled = magnitude
        for _ in 0..<layout.percentCount { scaled *= 100 }
        for _ in 0..<layout.scaleCount { scaled /= 1000 }

        var outputs = [String](repeating: "", count: tokens.count)
        var isZero: Bool
        if let exponentIndex = layout.exponentIndex {
            isZero = fillScientific(scaled, layout: layout, exponentIndex: exponentIndex, into: &outputs)
        } else {
            let digits = DecimalDigits(scaled, decimals: layout.fractionPlaceholders.count)
            isZero = digits.isZero
            fillInteger(digits.integer, layout: layout, grouping: locale.groupingSeparator, into: &outputs)
            fillFraction(digits.fraction, layout: layout, into: &outputs)
        }
        if layout.integerPlaceholders.isEmpty && layout.fractionPlaceholders.isEmpty { isZero = magnitude == 0 }

        var text = ""
        for (index, token) in tokens.enumerated() {
            switch token {
            case .literal(let literal): text += literal
            case .digit: text += outputs[index]
            case .decimalPoint: text.append(locale.decimalSeparator)
            case .comma: break
            case .percent: text += "%"
            case .exponent: text += outputs[index]
            case .text: break
            case .date: break
            }
        }
        return (text, isZero)
    }

    private func fillInteger(_ digits: [UInt8], layout: NumberLayout, grouping separator: Character, into outputs: inout [String]) {
        let placeholders = layout.integerPlaceholders
        guard !placeholders.isEmpty else { return }
        if layout.grouping {
            // Pad to the placeholders from the first `0` on, then group by thousands into the first slot.
            let minimum = placeholders.firstIndex { placeholderCharacter(at: $0) == "0" }.map { placeholders.count - $0 } ?? 0
            var padded = digits
            if padded.count < minimum { padded = Array(repeating: 0, count: minimum - padded.count) + padded }
            var text = ""
            for (offset, digit) in padded.enumerated() {
                if offset > 0, (padded.count - offset) % 3 == 0 { text.append(separator) }
                text.append(Character(Unicode.Scalar(digit + UInt8(ascii: "0"))))
            }
            outputs[placeholders[0]] = text
            return
        }
        // Fill right to left; the leftmost placeholder takes every remaining digit.
        var remaining = digits[...]
        for position in stride(from: placeholders.count - 1, through: 0, by: -1) {
            let index = placeholders[position]
            if position == 0, !remaining.isEmpty {
                outputs[index] = String(decoding: remaining.map { $0 + UInt8(ascii: "0") }, as: UTF8.self)
            } else if let digit = remaining.popLast() {
                outputs[index] = String(Character(Unicode.Scalar(digit + UInt8(ascii: "0"))))
            } else {
                outputs[index] = filler(placeholderCharacter(at: index))
            }
        }
    }

    private func fillFraction(_ digits: [UInt8], layout: NumberLayout, into outputs: inout [String]) {
        var trimming = true
        for (position, index) in layout.fractionPlaceholders.enumerated().reversed() {
            let digit = digits[position]
            let placeholder = placeholderCharacter(at: index)
            if trimming, digit == 0, placeholder != "0" {
                outputs[index] = filler(placeholder)
            } else {
                trimming = false
                outputs[index] = String(Character(Unicode.Scalar(digit + UInt8(ascii: "0"))))
            }
        }
    }

    /// Mantissa in [1, 10) with the pattern's decimals, exponent padded to its placeholders.
    private func fillScientific(_ value: Double, layout: NumberLayout, exponentIndex: Int, into outputs: inout [String]) -> Bool {
        var exponent = 0
        var mantissa = DecimalDigits(0, decimals: layout.fractionPlaceholders.count)
        if value > 0 {
            exponent = DecimalDigits.significantDigits(value).exponent
            mantissa = DecimalDigits(value / pow10(exponent), decimals: layout.fractionPlaceholders.count)
            if mantissa.integer.count > 1 {
                exponent += 1
                mantissa = DecimalDigits(value / pow10(exponent), decimals: layout.fractionPlaceholders.count)
            }
        }
        fillInteger(mantissa.integer.isEmpty && value == 0 ? [] : mantissa.integer, layout: layout, grouping: ",", into: &outputs)
        fillFraction(mantissa.fraction, layout: layout, into: &outputs)
        guard case .exponent(let alwaysSign, let uppercase) = tokens[exponentIndex] else { return mantissa.isZero }
        var text = uppercase ? "E" : "e"
        if exponent < 0 { text += "-" } else if alwaysSign { text += "+" }
        var digits = String(abs(exponent))
        let width = layout.exponentPlaceholders.count
        if digits.count < width { digits = String(repeating: "0", count: width - digits.count) + digits }
        outputs[exponentIndex] = text + digits
        return mantissa.isZero
    }

    private func pow10(_ exponent: Int) -> Double {
        var result = 1.0
        if exponent >= 0 { for _ in 0..<exponent { result *= 10 } } else { for _ in 0..<(-exponent) { result /= 10 } }
        return result
    }

    private func placeholderCharacter(at index: Int) -> Character {
        if case .digit(let character) = tokens[index] { return character }
        return "#"
    }

    private func filler(_ placeholder: Character) -> String {
        switch placeholder {
        case "0": return "0"
        case "?": return " "
        default: return ""
        }
    }
}

/// Where a number section's placeholders are.
struct NumberLayout {
    var integerPlaceholders: [Int] = []
    var fractionPlaceholders: [Int] = []
    var exponentPlaceholders: [Int] = []
    var exponentIndex: Int?
    var grouping = false
    var scaleCount = 0
    var percentCount = 0

    init(_ tokens: [FormatToken]) {
        var pointSeen = false
        var pendingCommas = 0
        for (index, token) in tokens.enumerated() {
            switch token {
            case .digit:
                if exponentIndex != nil {
                    exponentPlaceholders.append(index)
                } else if pointSeen {
                    fractionPlaceholders.append(index)
                } else {
                    // A comma between integer placeholders groups thousands.
                    if pendingCommas > 0, !integerPlaceholders.isEmpty { grouping = true }
                    integerPlaceholders.append(index)
                }
                if exponentIndex == nil { pendingCommas = 0 }
            case .comma:
                pendingCommas += 1
            case .decimalPoint:
                if !pointSeen, exponentIndex == nil {
                    scaleCount += integerPlaceholders.isEmpty ? 0 : pendingCommas
                    pendingCommas = 0
                    pointSeen = true
                }
            case .exponent:
                if exponentIndex == nil { exponentIndex = index }
            case .percent:
                percentCount += 1
            default:
                break
            }
        }
        // Commas after the last placeholder scale by a thousand each (`0.0,,` shows millions).
        if !integerPlaceholders.isEmpty || !fractionPlaceholders.isEmpty { scaleCount += pendingCommas }
    }
}
