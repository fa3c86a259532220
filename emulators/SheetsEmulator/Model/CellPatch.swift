import Foundation
import DrydockCore
import GoogleOAuthEmulator

/// One `CellData` of updateCells / repeatCell / appendCells, limited by the request's `fields` mask:
/// `userEnteredValue` (an `ExtendedValue`: `numberValue`, `stringValue` — never parsed —, `boolValue`,
/// `formulaValue`) and `userEnteredFormat.numberFormat`. A masked field the cell does not carry is
/// cleared; a field outside the mask is left as it is. Other formatting (colors, fonts) and notes are
/// accepted and not kept.
struct CellPatch {
    var setsValue: Bool
    var setsFormat: Bool
    var value: CellValue = .empty
    var formula: String?
    var format: NumberFormat?

    /// Which parts of a cell a `fields` mask (`userEnteredValue,userEnteredFormat.numberFormat`, `*`) touches.
    struct Mask {
        let value: Bool
        let format: Bool

        init(_ text: String?) throws(GoogleAPIError) {
            guard let text, !text.isEmpty else {
                throw GoogleAPIError.invalidArgument("At least one field must be updated (the request's fields mask is empty).")  // assumed wording
            }
            var value = false, format = false
            for field in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                if field == "*" { value = true; format = true }
                else if field == "userEnteredValue" || field.hasPrefix("userEnteredValue.") { value = true }
                else if field == "userEnteredFormat" || field.hasPrefix("userEnteredFormat.numberFormat") { format = true }
            }
            self.value = value
            self.format = format
        }
    }

    init(_ body: RequestBody, mask: Mask) throws(GoogleAPIError) {
        setsValue = mask.value
        setsFormat = mask.format
        if mask.value, let entered = try body.object("userEnteredValue") {
            try entered.rejectUnknown(["numberValue", "stringValue", "boolValue", "formulaValue", "errorValue"])
            if let number = entered.value("numberValue"), number != .null {
                guard let double = number.doubleValue ?? number.stringValue.flatMap(Double.init), double.isFinite else {
                    throw GoogleAPIError.invalidBodyValue(entered.location("numberValue"), type: "TYPE_DOUBLE", number)
                }
                value = .number(double)
            } else if let text = try entered.string("stringValue") {
                guard text.unicodeScalars.count <= CellWriter.maximumLength else { throw GoogleAPIError.cellTooLong }
                value = text.isEmpty ? .empty : .text(text)
            } else if entered.value("boolValue") != nil {
                value = .bool(try entered.bool("boolValue"))
            } else if let text = try entered.string("formulaValue") {
                guard text.unicodeScalars.count <= CellWriter.maximumLength else { throw GoogleAPIError.cellTooLong }
                formula = text
            }
        }
        if mask.format, let format = try body.object("userEnteredFormat"), let number = try format.object("numberFormat") {
            let type = try number.string("type") ?? "NUMBER"
            guard NumberFormat.types.contains(type) else {
                throw GoogleAPIError.invalidBodyValue(number.location("type"), type: "type.googleapis.com/google.apps.sheets.v4.NumberFormat.NumberFormatType", .string(type))
            }
            let pattern = try number.string("pattern")
            do {
                self.format = try NumberFormat(type: type, pattern: pattern)
            } catch {
                throw GoogleAPIError.invalidArgument("Invalid \(number.location("pattern")): \(error.reason)")  // assumed wording
            }
        }
    }

    /// The cell after the patch, in the spreadsheet's `locale` (which a formula is read in).
    func applied(to cell: RenderedCell, locale: SheetsLocale) -> RenderedCell {
        let newFormat = setsFormat ? format : cell.format
        if setsValue {
            return RenderedCell(value: formula == nil ? value : .empty, format: newFormat, formula: formula.map { FormulaSyntax.normalized($0, locale: locale) }, locale: locale)
        }
        return RenderedCell(value: cell.value, format: newFormat, formula: cell.formula, locale: cell.locale).with(locale: locale)
    }
}

extension Spreadsheet {
    /// Applies rows of patches from (`row`, `column`) on sheet `index`, growing nothing: the caller
    /// checks the grid. Recalculates what the patched cells feed.
    mutating func patch(_ rows: [[CellPatch]], sheet index: Int, row: Int, column: Int) {
        var width = 0
        let locale = localeRules
        for (rowOffset, line) in rows.enumerated() {
            width = max(width, line.count)
            for (columnOffset, patch) in line.enumerated() {
                let cell = sheets[index].cell(row + rowOffset, column + columnOffset)
                sheets[index].set(row + rowOffset, column + columnOffset, patch.applied(to: cell, locale: locale))
            }
        }
        recalculate(changed: [GridRange(sheetIndex: index, startRow: row, endRow: row + max(rows.count, 1), startColumn: column, endColumn: column + max(width, 1))])
    }
}
