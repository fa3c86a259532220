import Foundation

/// Money as exact decimals, kept apart per currency: amounts are `Decimal` (base-10, so 0.1 + 0.2 is
/// 0.3) and a total is only ever the sum of one currency's amounts.
public struct CurrencyTotals: Sendable, Equatable {
    public private(set) var byCurrency: [String: Decimal] = [:]

    public init() {}

    public mutating func add(_ amount: Decimal?, _ currency: String) {
        guard let amount else { return }
        byCurrency[currency, default: 0] += amount
    }

    public subscript(currency: String) -> Decimal { byCurrency[currency] ?? 0 }
}

/// Reading decimals out of cell text and JSON numbers without going through `Double`.
public enum DecimalText {
    /// `1250`, `1250.5`, `-3.25`, `1.5E3`: the exact decimal, or nil. Locale-independent.
    public static func parse(_ text: String) -> Decimal? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 40,
              trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }) else { return nil }
        return Decimal(string: trimmed, locale: Locale(identifier: "en_US_POSIX"))
    }

    /// `1900.00` — two places, no grouping, rounded half-even.
    public static func plain(_ value: Decimal, places: Int = 2) -> String {
        var input = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &input, places, .bankers)
        var text = rounded.description
        if places > 0 {
            if !text.contains(".") { text += "." }
            let decimals = text.count - 1 - (text.firstIndex(of: ".").map { text.distance(from: text.startIndex, to: $0) } ?? 0)
            text += String(repeating: "0", count: max(0, places - decimals))
        }
        return text
    }
}
