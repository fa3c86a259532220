import Foundation

/// Applies one format to one message: checks its `match` rules, then reads every field from the
/// sources the field names (the plain part, the HTML as text, the subject), under one `MatchBudget`.
struct FormatEvaluator {
    let format: BookingFormat
    let message: BookingMessage
    let budget = MatchBudget()

    /// The rules only (cheap: decides whether the format applies).
    func checkRules() -> [FormatTrial.RuleCheck] {
        var checks: [FormatTrial.RuleCheck] = []
        let match = format.match
        if !match.from.isEmpty {
            let address = message.senderAddress
            let domain = address.split(separator: "@").last.map(String.init) ?? ""
            let passed = match.from.contains { wanted in
                let wanted = wanted.lowercased()
                return wanted.contains("@") ? address == wanted : (domain == wanted || domain.hasSuffix("." + wanted))
            }
            checks.append(.init(rule: "from", expected: match.from.joined(separator: ", "), actual: address, passed: passed))
        }
        if let subject = match.subject {
            checks.append(.init(rule: "subject", expected: subject.pattern, actual: message.subject, passed: subject.matches(message.subject, budget: budget)))
        }
        if let listId = match.listId {
            checks.append(.init(rule: "listId", expected: listId, actual: message.listId, passed: message.listId.lowercased().contains(listId.lowercased())))
        }
        if let body = match.body {
            let phrase = body.lowercased()
            let passed = message.plainText.lowercased().contains(phrase) || message.htmlText.lowercased().contains(phrase)
            checks.append(.init(rule: "body", expected: body, actual: passed ? "found" : "not in the text or HTML", passed: passed))
        }
        return checks
    }

    /// The rules and, when they hold (or `always`), every field.
    func evaluate(readFieldsEvenIfUnmatched always: Bool = false) -> FormatTrial {
        var trial = FormatTrial(format: format.name, origin: format.origin, kind: format.kind)
        trial.rules = checkRules()
        if trial.matched || always { readFields(into: &trial) }
        trial.stoppedPattern = budget.stoppedPattern
        return trial
    }

    private func readFields(into trial: inout FormatTrial) {
        let scan = format.labelScan
        var hitsBySource: [BookingFormat.Source: [BookingField: LabelScan.Hit]] = [:]
        func hits(_ source: BookingFormat.Source) -> [BookingField: LabelScan.Hit] {
            if let known = hitsBySource[source] { return known }
            let found = scan.hits(in: message.text(of: source))
            hitsBySource[source] = found
            return found
        }
        // Groups of other fields captured by a field's regex, for fields that find nothing themselves.
        var captured: [BookingField: (raw: String, from: String)] = [:]
        var readings: [BookingField: FormatTrial.FieldReading] = [:]
        var unreadable: [BookingField: String] = [:]

        for field in BookingField.allCases {
            var reading = FormatTrial.FieldReading(field: field)
            defer { readings[field] = reading }
            guard let rule = format.fields[field] else { continue }
            sources: for source in rule.sources {
                let text = message.text(of: source)
                guard !text.isEmpty else { reading.tried.append("\(source.rawValue): empty"); continue }
                var candidates: [(raw: String, from: String)] = []
                if !rule.labels.isEmpty {
                    if let hit = hits(source)[field] {
                        let place = "\(source.rawValue) line \(hit.line), label \"\(hit.label)\""
                        if let regex = rule.regex {
                            if let match = regex.firstMatch(in: hit.value, budget: budget), let value = match.groups[field.rawValue] {
                                candidates.append((value, place + ", regex"))
                                capture(match, except: field, from: place, into: &captured)
                            } else {
                                reading.tried.append("regex \(regex.pattern) on the value of \(place) \"\(hit.value.prefix(60))\": no match")
                            }
                        } else {
                            candidates.append((hit.value, place))
                        }
                    } else {
                        reading.tried.append("labels \(rule.labels.map { "\"\($0)\"" }.joined(separator: ", ")) in \(source.rawValue): not found")
                    }
                }
                if candidates.isEmpty, let regex = rule.regex {
                    if let match = regex.firstMatch(in: text, budget: budget), let value = match.groups[field.rawValue] {
                        candidates.append((value, "\(source.rawValue), regex match \"\(match.text.prefix(80))\""))
                        capture(match, except: field, from: "\(source.rawValue), regex of \(field.rawValue)", into: &captured)
                    } else {
                        reading.tried.append("regex \(regex.pattern) in \(source.rawValue): no match")
                    }
                }
                for candidate in candidates {
                    if let value = read(field, candidate.raw, into: &trial) {
                        reading.value = value
                        reading.raw = candidate.raw
                        reading.foundIn = candidate.from
                        break sources
                    }
                    if unreadable[field] == nil { unreadable[field] = candidate.raw }
                    reading.tried.append("\"\(candidate.raw.prefix(60))\" at \(candidate.from): not a readable \(field.spoken)")
                }
            }
            if reading.value == nil, let rule = format.fields[field], let fallback = rule.defaultValue,
               let value = read(field, fallback, into: &trial) {
                reading.value = value
                reading.raw = fallback
                reading.foundIn = "default"
            }
        }
        // Fields filled by another field's regex groups.
        for field in BookingField.allCases where readings[field]?.value == nil {
            guard let capture = captured[field] else { continue }
            if let value = read(field, capture.raw, into: &trial) {
                readings[field]?.value = value
                readings[field]?.raw = capture.raw
                readings[field]?.foundIn = capture.from
                unreadable[field] = nil
            } else if unreadable[field] == nil {
                unreadable[field] = capture.raw
            }
        }
        // The amount's own currency wins; else the currency field; an amount with neither is unreadable.
        if trial.amount != nil, trial.currency == nil {
            trial.amount = nil
            if let raw = readings[.amount]?.raw { unreadable[.amount] = raw }
            readings[.amount]?.value = nil
            readings[.amount]?.tried.append("no currency in the amount, and no currency field")
        }
        if let currency = trial.currency, readings[.currency]?.value == nil {
            readings[.currency]?.value = currency
            let amountText = readings[.amount]?.raw
            readings[.currency]?.raw = amountText
            readings[.currency]?.foundIn = "the amount"
        }
        trial.fields = BookingField.allCases.compactMap { field in
            guard let reading = readings[field], reading.value != nil || format.fields[field] != nil || BookingField.required(for: format.kind).contains(field) else {
                return nil
            }
            return reading
        }
        for field in BookingField.required(for: format.kind) where readings[field]?.value == nil {
            if field != .bookingId, field != .guest, let raw = unreadable[field] {
                trial.problems.append("has an unreadable \(field.spoken) '\(raw)'")
            } else {
                trial.problems.append("has no \(field.spoken)")
            }
        }
    }

    static func trimmed(_ text: String) -> String {
        guard let first = text.firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = text.lastIndex(where: { !$0.isWhitespace }) ?? first
        return String(text[first...last])
    }

    /// `7` → `07` (width 2).
    static func padded(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    private func capture(_ match: BoundedRegex.Match, except field: BookingField, from: String,
                         into captured: inout [BookingField: (raw: String, from: String)]) {
        for (name, value) in match.groups {
            guard let other = BookingField(rawValue: name), other != field, captured[other] == nil else { continue }
            captured[other] = (value, from)
        }
    }

    /// Reads `raw` as `field`, storing the typed value in `trial`; the output text, or nil if unreadable.
    private func read(_ field: BookingField, _ raw: String, into trial: inout FormatTrial) -> String? {
        // Swift's own trimming: Foundation's CharacterSet trimming was 3% of a 5,000-message report.
        let trimmed = Self.trimmed(raw)
        switch field {
        case .bookingId:
            // Labels alone give the rest of the line: the id is its first word.
            let token = format.fields[.bookingId]?.regex == nil
                ? String(trimmed.prefix { !$0.isWhitespace }).trimmingCharacters(in: CharacterSet(charactersIn: ".,;:()[]\"'"))
                : trimmed
            guard !token.isEmpty, token.count <= 100 else { return nil }
            trial.bookingID = token
            return token
        case .charterDate:
            let date: DateComponents? = format.dates.isEmpty
                ? DateText.parse(trimmed)
                : format.dates.lazy.compactMap { $0.date(in: trimmed, receivedAt: message.receivedAt, budget: budget) }.first
            guard let date else { return nil }
            trial.charterDate = date
            // Not String(format:), which was 2.4% of a 5,000-message report on Linux.
            return Self.padded(date.year ?? 0, 4) + "-" + Self.padded(date.month ?? 0, 2) + "-" + Self.padded(date.day ?? 0, 2)
        case .guest:
            guard !trimmed.isEmpty, trimmed.count <= 200 else { return nil }
            trial.guest = trimmed
            return trimmed
        case .partySize:
            guard let size = PartySizeText.parse(trimmed) else { return nil }
            trial.partySize = size
            return String(size)
        case .amount:
            let separator = format.locale?.decimalSeparator
            guard let amount = MoneyText.amount(in: trimmed, decimalSeparator: separator) else { return nil }
            trial.amount = amount
            if let currency = MoneyText.currency(in: trimmed) { trial.currency = currency }
            return "\(amount)"
        case .currency:
            guard let currency = MoneyText.currency(in: trimmed) ?? (trimmed.count == 3 && trimmed.allSatisfy(\.isUppercase) ? trimmed : nil) else {
                return nil
            }
            if trial.currency == nil { trial.currency = currency }
            return currency
        case .status:
            guard !trimmed.isEmpty else { return nil }
            let lowered = trimmed.lowercased()
            trial.status = lowered.contains("cancel") ? "cancelled" : lowered.contains("confirm") ? "confirmed" : lowered
            return trial.status
        }
    }
}

/// Party sizes: the first number (`6`, `4 adults`, `party of 4`) or a number word up to twelve.
enum PartySizeText {
    static let words = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]

    static func parse(_ text: String) -> Int? {
        let digits = text.drop { !$0.isNumber }.prefix { $0.isNumber }
        if !digits.isEmpty {
            guard digits.count <= 4, let value = Int(digits), (1...500).contains(value) else { return nil }
            return value
        }
        let lowered = text.lowercased()
        for token in lowered.split(whereSeparator: { !$0.isLetter }) {
            if let index = words.firstIndex(of: String(token)) { return index + 1 }
        }
        return nil
    }
}
