import DrydockCore

/// `GridData` for `spreadsheets.get?includeGridData=true`: `startRow`/`startColumn` (omitted when 0),
/// `rowData` up to the last row holding something (each row's `values` up to its last non-empty cell;
/// empty cells and rows as `{}`), and 21 px / 100 px row and column metadata for the whole range.
/// Cells carry `userEnteredValue`, `effectiveValue`, `formattedValue` and, when a number format applies,
/// `userEnteredFormat`/`effectiveFormat` with only `numberFormat` (Sheets sends more style fields).
enum GridDataBuilder {
    static func gridData(sheet: Sheet, grid: GridRange) -> JSONValue {
        var members: [(String, JSONValue)] = []
        if grid.startRow > 0 { members.append(("startRow", .number(grid.startRow))) }
        if grid.startColumn > 0 { members.append(("startColumn", .number(grid.startColumn))) }
        var rows: [JSONValue] = []
        let lastRow = min(grid.endRow, sheet.rows.count)
        if grid.startRow < lastRow {
            for row in grid.startRow..<lastRow {
                let cells = sheet.rows[row]
                var end = min(grid.endColumn, cells.count)
                while end > grid.startColumn, !cells[end - 1].hasValueOrFormula { end -= 1 }
                if end <= grid.startColumn {
                    rows.append([:])
                } else {
                    rows.append(["values": .array((grid.startColumn..<end).map { cellData(cells[$0]) })])
                }
            }
        }
        while let last = rows.last, last == [:] { rows.removeLast() }
        if !rows.isEmpty { members.append(("rowData", .array(rows))) }
        members.append(("rowMetadata", .array(Array(repeating: ["pixelSize": 21], count: grid.rowCount))))
        members.append(("columnMetadata", .array(Array(repeating: ["pixelSize": 100], count: grid.columnCount))))
        return .object(members)
    }

    static func cellData(_ cell: RenderedCell) -> JSONValue {
        guard cell.hasValueOrFormula else { return [:] }
        var members: [(String, JSONValue)] = []
        let effective = extendedValue(cell.value)
        // A spilled cell shows the anchor's result but holds no entered value of its own.
        if cell.spillOrigin == nil {
            members.append(("userEnteredValue", cell.formula.map { ["formulaValue": .string($0)] } ?? effective))
        }
        if cell.value != .empty {
            members.append(("effectiveValue", effective))
            members.append(("formattedValue", .string(cell.formatted)))
        }
        if let format = cell.format {
            let numberFormat: JSONValue = ["numberFormat": ["type": .string(format.type), "pattern": .string(format.effectivePattern)]]
            members.append(("userEnteredFormat", numberFormat))
            members.append(("effectiveFormat", numberFormat))
        }
        return .object(members)
    }

    private static func extendedValue(_ value: CellValue) -> JSONValue {
        switch value {
        case .empty: return [:]
        case .number(let number): return ["numberValue": .number(JSONText.number(number))]
        case .text(let text): return ["stringValue": .string(text)]
        case .bool(let flag): return ["boolValue": .bool(flag)]
        case .error(let error): return ["errorValue": ["type": .string(error.type), "message": .string(error.message)]]
        }
    }
}
