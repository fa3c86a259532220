/// How `values.get` and `values.batchGet` lay out and render cells.
struct ReadOptions: Sendable, Equatable {
    enum Dimension: String, Sendable { case rows = "ROWS", columns = "COLUMNS" }
    enum ValueRender: String, Sendable { case formatted = "FORMATTED_VALUE", unformatted = "UNFORMATTED_VALUE", formula = "FORMULA" }
    enum DateTimeRender: String, Sendable { case serialNumber = "SERIAL_NUMBER", formattedString = "FORMATTED_STRING" }

    var majorDimension = Dimension.rows
    var valueRender = ValueRender.formatted
    /// Ignored for FORMATTED_VALUE (dates are formatted anyway).
    var dateTimeRender = DateTimeRender.serialNumber

    /// The JSON text for `cell` under these options.
    func fragment(_ cell: RenderedCell) -> String {
        switch valueRender {
        case .formatted:
            return cell.formattedJSON
        case .unformatted:
            return dateTimeRender == .formattedString && cell.isDateTime ? cell.formattedJSON : cell.unformattedJSON
        case .formula:
            if let formula = cell.formulaJSON { return formula }
            // A spilled cell holds no entered value (assumed: Sheets' FORMULA shows it empty).
            if cell.spillOrigin != nil { return "\"\"" }
            return dateTimeRender == .formattedString && cell.isDateTime ? cell.formattedJSON : cell.unformattedJSON
        }
    }

    /// Whether `cell` counts as holding something (trailing empty cells and rows are dropped).
    func isPresent(_ cell: RenderedCell) -> Bool {
        valueRender == .formula ? cell.hasValueOrFormula && cell.spillOrigin == nil : cell.hasValue
    }
}
