import DrydockCore

/// One cell with every rendering precomputed at load, so a read only copies text: FORMATTED_VALUE,
/// UNFORMATTED_VALUE (numbers and booleans as JSON), FORMULA, and the JSON fragments for each.
struct RenderedCell: Sendable {
    let value: CellValue
    /// The number format in effect: the fixture's, or the one implied by typing a date; nil for automatic.
    let format: NumberFormat?
    /// The formula text (`=G2-H2`) when the cell computes its value.
    let formula: String?
    /// What Sheets shows (FORMATTED_VALUE).
    let formatted: String
    /// `formatted` as a JSON string.
    let formattedJSON: String
    /// UNFORMATTED_VALUE as JSON: a number, `true`/`false`, or a string.
    let unformattedJSON: String
    /// The formula as a JSON string, when there is one.
    let formulaJSON: String?
    /// The parsed formula; nil for a formula Sheets cannot parse (it computes to `#ERROR!`).
    let expression: FormulaExpression?
    /// The cells the formula reads (empty without one), kept so a recalculation need not walk the tree.
    let references: [FormulaReference]
    /// The formula calls INDIRECT: it is recalculated on every write (its reads are not in `references`).
    let isVolatile: Bool
    /// The spreadsheet's locale, which `formatted` is rendered in.
    let locale: SheetsLocale
    /// Set on a cell that shows part of another cell's array result (`={1,2;3,4}` in A1 fills B1, A2,
    /// B2): the anchor on the same sheet. Such a cell has no entered value of its own: FORMULA reads
    /// it as empty, and data written over it blocks the spill (`Spreadsheet+Spill`).
    var spillOrigin: SpillOrigin? = nil

    /// The same input with another computed value (a formula recalculated).
    func with(value newValue: CellValue) -> RenderedCell {
        RenderedCell(value: newValue, format: format, formula: formula, expression: expression, locale: locale)
    }

    /// The same cell rendered in another locale (the spreadsheet's `locale` changed).
    func with(locale newLocale: SheetsLocale) -> RenderedCell {
        guard newLocale != locale else { return self }
        var cell = RenderedCell(value: value, format: format, formula: formula, expression: expression, locale: newLocale)
        cell.spillOrigin = spillOrigin
        return cell
    }

    /// A spilled value from the anchor at `origin` (no formula of its own).
    static func spilled(_ value: CellValue, format: NumberFormat?, locale: SheetsLocale, from origin: SpillOrigin) -> RenderedCell {
        var cell = RenderedCell(value: value, format: format, formula: nil, expression: nil, locale: locale)
        cell.spillOrigin = origin
        return cell
    }

    /// Whether `DateTimeRenderOption` applies (the effective format is a date, time or date-time).
    var isDateTime: Bool { format?.isDateTime == true }

    /// Empty for FORMATTED_VALUE and UNFORMATTED_VALUE.
    var hasValue: Bool { value != .empty }
    /// Empty for FORMULA.
    var hasValueOrFormula: Bool { value != .empty || formula != nil }

    static let empty = RenderedCell(value: .empty, format: nil, formula: nil)

    /// A cell as typed: a formula is parsed here, once.
    init(value: CellValue, format: NumberFormat?, formula: String?, locale: SheetsLocale = .enUS) {
        self.init(value: value, format: format, formula: formula, expression: formula.flatMap { try? FormulaParser.parse($0, locale: locale) }, locale: locale)
    }

    private init(value: CellValue, format: NumberFormat?, formula: String?, expression: FormulaExpression?, locale: SheetsLocale) {
        self.expression = expression
        self.locale = locale
        references = expression?.references ?? []
        isVolatile = expression?.callsIndirect ?? false
        self.value = value
        self.format = format
        self.formula = formula
        switch value {
        case .empty: formatted = ""
        case .number(let number): formatted = format?.render(value, locale: locale) ?? locale.localized(GeneralFormat.render(number))
        case .text, .bool: formatted = format?.render(value, locale: locale) ?? NumberFormat.automaticText(value)
        case .error(let error): formatted = error.display
        }
        formattedJSON = JSONText.string(formatted)
        switch value {
        case .empty: unformattedJSON = "\"\""
        case .number(let number): unformattedJSON = JSONText.number(number)
        case .text(let text): unformattedJSON = JSONText.string(text)
        case .bool(let flag): unformattedJSON = flag ? "true" : "false"
        case .error(let error): unformattedJSON = JSONText.string(error.display)
        }
        formulaJSON = formula.map(JSONText.string)
    }

    /// The cell's value as `JSONValue` for one render option (used by `includeGridData` and tests).
    var unformattedValue: JSONValue {
        switch value {
        case .empty: return ""
        case .number(let number): return .number(JSONText.number(number))
        case .text(let text): return .string(text)
        case .bool(let flag): return .bool(flag)
        case .error(let error): return .string(error.display)
        }
    }
}

extension NumberFormat {
    /// Text and booleans with no format: as typed, booleans as `TRUE`/`FALSE`.
    static func automaticText(_ value: CellValue) -> String {
        switch value {
        case .text(let text): return text
        case .bool(let flag): return flag ? "TRUE" : "FALSE"
        case .error(let error): return error.display
        default: return ""
        }
    }
}
