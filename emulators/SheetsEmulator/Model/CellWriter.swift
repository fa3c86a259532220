import DrydockCore
import GoogleOAuthEmulator

/// Turns one JSON value of a written `ValueRange` into a cell, as Sheets stores it:
///
/// - `null`: skipped (the cell keeps what it has).
/// - RAW: strings are text as given (`"=1+2"` stays text, `""` clears), numbers and booleans as such.
/// - USER_ENTERED: strings are read as typed (`UserEnteredInput`: numbers, percentages, currency,
///   dates and times with the format they imply, booleans, a leading `'` for text) and `=…` is a formula.
///
/// The cell keeps its number format (its own or the fixture's for its range) unless the typing implies one.
enum CellWriter {
    /// Sheets' limit on one cell's content.
    static let maximumLength = 50_000

    static func cell(_ json: JSONValue, input: ValueInputOption, existing: NumberFormat?, locale: SheetsLocale, at place: String) throws(GoogleAPIError) -> RenderedCell? {
        switch json {
        case .null:
            return nil
        case .bool(let flag):
            return RenderedCell(value: .bool(flag), format: existing, formula: nil, locale: locale)
        case .number(let text):
            guard let number = Double(text), number.isFinite else { throw GoogleAPIError.invalidArgument("Invalid \(place): \(text)") }
            return RenderedCell(value: .number(number), format: existing, formula: nil, locale: locale)
        case .string(let text):
            guard text.unicodeScalars.count <= maximumLength else { throw GoogleAPIError.cellTooLong }
            if text.isEmpty { return RenderedCell(value: .empty, format: existing, formula: nil, locale: locale) }
            guard input == .userEntered else { return RenderedCell(value: .text(text), format: existing, formula: nil, locale: locale) }
            if text.hasPrefix("="), text.count > 1 {
                return RenderedCell(value: .empty, format: existing, formula: FormulaSyntax.normalized(text, locale: locale), locale: locale)
            }
            let parsed = (try? UserEnteredInput.parse(text, locale: locale)) ?? CellInput.Parsed(value: .text(text))
            var format = existing
            if let implied = parsed.implied, let impliedFormat = try? NumberFormat(type: implied.type, pattern: implied.pattern) {
                format = impliedFormat
            }
            return RenderedCell(value: parsed.value, format: format, formula: nil, locale: locale)
        case .array, .object:
            // Sheets names the cell and prints the protobuf value (`struct_value {…}`); assumed shape.
            let kind = json.typeName == "array" ? "list_value" : "struct_value"
            throw GoogleAPIError.invalidArgument("Invalid \(place): \(kind) \(json.serialized())")
        }
    }
}
