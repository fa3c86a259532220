import Foundation

/// Calendar dates as confirmations write them: ISO `2026-08-14`, US `08/14/2026`,
/// `August 14, 2026`, `Aug 14 2026`, `14 August 2026`, `Friday, August 14, 2026`.
enum DateText {
    static let months = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                         "october", "november", "december"]

    static func parse(_ text: String) -> DateComponents? {
        let lowered = text.lowercased().replacingOccurrences(of: ",", with: " ")
        let tokens = lowered.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        // ISO yyyy-mm-dd or US mm/dd/yyyy as the first date-looking token.
        for token in tokens {
            let iso = token.split(separator: "-")
            if iso.count == 3, iso[0].count == 4, let y = Int(iso[0]), let m = Int(iso[1]), let d = Int(iso[2]) {
                return valid(y, m, d)
            }
            let us = token.split(separator: "/")
            if us.count == 3, us[2].count == 4, let m = Int(us[0]), let d = Int(us[1]), let y = Int(us[2]) {
                return valid(y, m, d)
            }
        }
        // Month names: "august 14 2026", "14 august 2026", "aug 14 2026".
        for (i, token) in tokens.enumerated() {
            guard let month = monthNumber(token) else { continue }
            let around = tokens[max(0, i - 1)...min(tokens.count - 1, i + 2)]
            let numbers = around.compactMap { Int($0.trimmingCharacters(in: CharacterSet.letters.union(.punctuationCharacters))) }
            guard let year = numbers.first(where: { $0 >= 1900 }), let day = numbers.first(where: { $0 >= 1 && $0 <= 31 }) else {
                continue
            }
            return valid(year, month, day)
        }
        return nil
    }

    static func monthNumber(_ token: String) -> Int? {
        guard token.count >= 3 else { return nil }
        let word = token.trimmingCharacters(in: .punctuationCharacters)
        return months.firstIndex { $0 == word || ($0.hasPrefix(word) && word.count >= 3) }.map { $0 + 1 }
    }

    static func valid(_ year: Int, _ month: Int, _ day: Int) -> DateComponents? {
        var components = DateComponents(year: year, month: month, day: day)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard (1...12).contains(month), let date = calendar.date(from: components),
              calendar.component(.day, from: date) == day else { return nil }
        components.calendar = nil
        return components
    }
}

/// Money as confirmations write it: `$1,250.00`, `USD 1,250.00`, `1.250,00 €`, `€980`, `CA$1,100.00`,
/// `1250.00 CAD`, `1 480,00 EUR`, `480 euros`.
enum MoneyText {
    static let symbols: [(String, String)] = [("ca$", "CAD"), ("c$", "CAD"), ("us$", "USD"), ("a$", "AUD"), ("$", "USD"), ("€", "EUR"), ("£", "GBP")]
    static let codes = ["USD", "EUR", "CAD", "GBP", "AUD", "MXN", "NZD", "CHF", "SEK", "NOK", "DKK"]
    static let words: [(String, String)] = [("dollar", "USD"), ("euro", "EUR"), ("pound", "GBP")]

    /// The amount and its currency; nil when either is missing.
    static func parse(_ text: String) -> (amount: Decimal, currency: String)? {
        guard let currency = currency(in: text), let amount = amount(in: text, decimalSeparator: nil) else { return nil }
        return (amount, currency)
    }

    /// The ISO code of the first currency code, symbol or word in `text`.
    static func currency(in text: String) -> String? {
        let upper = text.uppercased()
        for code in codes where upper.contains(code) { return code }
        let lowered = text.lowercased()
        if let symbol = symbols.first(where: { lowered.contains($0.0) }) { return symbol.1 }
        return words.first { lowered.contains($0.0) }?.1
    }

    /// The first number: digits with `,` `.` and space separators. With a locale's `decimalSeparator`
    /// the other marks are grouping; without one, a trailing `,dd` is a decimal comma.
    static func amount(in text: String, decimalSeparator: String?) -> Decimal? {
        guard let start = text.firstIndex(where: \.isNumber) else { return nil }
        let spaces: Set<Character> = [" ", "\u{00A0}", "\u{202F}", "'"]
        var number = ""
        var index = start
        while index < text.endIndex {
            let char = text[index]
            let next = text.index(after: index)
            if char.isASCII && char.isNumber || char == "." || char == "," {
                number.append(char)
            } else if spaces.contains(char), next < text.endIndex, text[next].isASCII, text[next].isNumber, !number.isEmpty {
                // A space between digit groups (`1 480,00`) is grouping.
            } else {
                break
            }
            index = next
        }
        while let last = number.last, last == "." || last == "," { number.removeLast() }
        if let decimalSeparator, decimalSeparator == "," || decimalSeparator == "." {
            let grouping: Character = decimalSeparator == "," ? "." : ","
            number = number.filter { $0 != grouping }.replacingOccurrences(of: decimalSeparator, with: ".")
        } else if let comma = number.lastIndex(of: ","), number.distance(from: comma, to: number.endIndex) == 3,
                  !number.contains(".") || (number.firstIndex(of: ".").map { $0 < comma } ?? true) {
            number = number.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: ".")
        } else {
            number = number.replacingOccurrences(of: ",", with: "")
        }
        guard number.count <= 30, let amount = Decimal(string: number, locale: Locale(identifier: "en_US_POSIX")), amount > 0 else { return nil }
        return amount
    }
}
