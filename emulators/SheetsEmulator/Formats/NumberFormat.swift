/// A cell's number format, as Sheets' `NumberFormat` resource: a type (`NUMBER`, `CURRENCY`, `PERCENT`,
/// `DATE`, `TIME`, `DATE_TIME`, `SCIENTIFIC`, `TEXT`) and a pattern. A missing pattern means the type's
/// default for the spreadsheet's locale; only en_US default patterns are built in. Separators and
/// month names follow the spreadsheet's `SheetsLocale` when rendering.
struct NumberFormat: Sendable, Equatable {
    /// The `type` as Sheets spells it.
    let type: String
    /// The pattern as given; nil when the fixture left it to the locale default.
    let pattern: String?
    let parsed: FormatPattern

    static let types = ["TEXT", "NUMBER", "PERCENT", "CURRENCY", "DATE", "TIME", "DATE_TIME", "SCIENTIFIC"]

    /// en_US defaults. CURRENCY ("$1,000.12") is from Google's formats guide; the others are assumed from
    /// what the Sheets UI applies.
    static func defaultPattern(for type: String) -> String {
        switch type {
        case "NUMBER": return "#,##0.00"
        case "CURRENCY": return "\"$\"#,##0.00"
        case "PERCENT": return "0.00%"
        case "DATE": return "m/d/yyyy"
        case "TIME": return "h:mm:ss am/pm"
        case "DATE_TIME": return "m/d/yyyy h:mm:ss"
        case "SCIENTIFIC": return "0.00E+00"
        default: return "@"
        }
    }

    /// A format of a known `type`; throws for a pattern that cannot be read.
    init(type: String, pattern: String?) throws(FormatPattern.SyntaxError) {
        self.type = type
        self.pattern = pattern
        parsed = try FormatPattern(pattern ?? Self.defaultPattern(for: type))
    }

    /// The pattern in effect (the given one or the default).
    var effectivePattern: String { pattern ?? Self.defaultPattern(for: type) }

    /// Whether `DateTimeRenderOption` applies to cells in this format.
    var isDateTime: Bool { ["DATE", "TIME", "DATE_TIME"].contains(type) }

    /// The text Sheets shows for `value` in this format (FORMATTED_VALUE), in `locale`.
    func render(_ value: CellValue, locale: SheetsLocale = .enUS) -> String {
        switch value {
        case .empty: return ""
        case .bool(let flag): return flag ? "TRUE" : "FALSE"
        case .error(let error): return error.display
        case .text(let text):
            guard parsed.sections.count == 4 else { return text }
            return renderText(text, in: parsed.sections[3])
        case .number(let number): return render(number, locale: locale)
        }
    }

    private func render(_ number: Double, locale: SheetsLocale) -> String {
        let sections = parsed.sections
        var section = sections[0]
        var magnitude = number
        var signed = true
        if number < 0, sections.count >= 2 {
            section = sections[1]
            magnitude = -number
            signed = false
        } else if number == 0, sections.count >= 3 {
            section = sections[2]
        }
        if section.isDateTime { return section.renderDate(number, locale: locale) }
        if section.tokens.allSatisfy({ if case .text = $0 { return true } else if case .literal = $0 { return true } else { return false } }),
           section.tokens.contains(.text) {
            // `@` (TEXT): numbers show in the automatic format.
            return locale.localized(GeneralFormat.render(number))
        }
        let (text, isZero) = section.renderNumber(abs(magnitude), locale: locale)
        return signed && number < 0 && !isZero ? "-" + text : text
    }

    private func renderText(_ text: String, in section: FormatSection) -> String {
        var output = ""
        for token in section.tokens {
            switch token {
            case .literal(let literal): output += literal
            case .text: output += text
            default: break
            }
        }
        return output
    }
}
