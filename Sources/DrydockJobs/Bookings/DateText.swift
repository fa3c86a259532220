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
/// `1250.00 CAD`.
enum MoneyText {
    static let symbols: [(String, String)] = [("ca$", "CAD"), ("c$", "CAD"), ("us$", "USD"), ("$", "USD"), ("€", "EUR"), ("£", "GBP")]
    static let codes = ["USD", "EUR", "CAD", "GBP", "AUD", "MXN"]

    static func parse(_ text: String) -> (amount: Decimal, currency: String)? {
        let upper = text.uppercased()
        var currency: String?
        for code in codes where upper.contains(code) { currency = code; break }
        if currency == nil {
            let lowered = text.lowercased()
            currency = symbols.first { lowered.contains($0.0) }?.1
        }
        guard let currency else { return nil }
        // The number: digits with , and . separators; a trailing ",dd" is a decimal comma.
        let allowed = Set("0123456789.,")
        guard let start = text.firstIndex(where: \.isNumber) else { return nil }
        var number = String(text[start...].prefix { allowed.contains($0) })
        while let last = number.last, last == "." || last == "," { number.removeLast() }
        if let comma = number.lastIndex(of: ","), number.distance(from: comma, to: number.endIndex) == 3,
           !number.contains(".") || number.firstIndex(of: ".")! < comma {
            number = number.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: ".")
        } else {
            number = number.replacingOccurrences(of: ",", with: "")
        }
        guard let amount = Decimal(string: number, locale: Locale(identifier: "en_US_POSIX")), amount > 0 else { return nil }
        return (amount, currency)
    }
}
