import DrydockCore
import GoogleOAuthEmulator

/// The batchUpdate request kinds the emulator applies, one function each; each returns its reply
/// (`{}` when the kind has none). Throws `Spreadsheet.Problem` or `GoogleAPIError`, which the batch
/// prefixes with "Invalid requests[i].kind: ".
enum StructureRequest {
    static func apply(_ kind: String, _ body: RequestBody, to spreadsheet: inout Spreadsheet) throws -> JSONValue {
        switch kind {
        case "addSheet": return try addSheet(body, &spreadsheet)
        case "deleteSheet":
            try body.rejectUnknown(["sheetId"])
            let sheetId = try body.int("sheetId") ?? 0
            guard let index = spreadsheet.sheetIndex(id: sheetId) else { throw Spreadsheet.Problem("No sheet with id: \(sheetId)") }
            try spreadsheet.deleteSheet(at: index)
            return [:]
        case "duplicateSheet": return try duplicateSheet(body, &spreadsheet)
        case "updateSheetProperties": return try updateSheetProperties(body, &spreadsheet)
        case "updateSpreadsheetProperties": return try updateSpreadsheetProperties(body, &spreadsheet)
        case "updateCells": return try updateCells(body, &spreadsheet)
        case "repeatCell": return try repeatCell(body, &spreadsheet)
        case "appendCells": return try appendCells(body, &spreadsheet)
        case "appendDimension":
            try body.rejectUnknown(["sheetId", "dimension", "length"])
            let index = try body.sheetIndex(in: spreadsheet)
            try spreadsheet.appendDimension(index, rows: try body.dimension(), count: try body.int("length") ?? 0)
            return [:]
        case "insertDimension":
            try body.rejectUnknown(["range", "inheritFromBefore"])
            guard let range = try body.object("range") else { throw Spreadsheet.Problem("range is required.") }  // assumed wording
            let target = try range.dimensionRange(in: spreadsheet)
            try spreadsheet.insertDimension(target.sheet, rows: target.rows, start: target.start, end: target.end)
            return [:]
        case "deleteDimension":
            try body.rejectUnknown(["range"])
            guard let range = try body.object("range") else { throw Spreadsheet.Problem("range is required.") }  // assumed wording
            let target = try range.dimensionRange(in: spreadsheet)
            try spreadsheet.deleteDimension(target.sheet, rows: target.rows, start: target.start, end: target.end)
            return [:]
        case "autoResizeDimensions":
            // Accepted: the emulator keeps no pixel sizes.
            return [:]
        case "addNamedRange": return try addNamedRange(body, &spreadsheet)
        case "deleteNamedRange":
            try body.rejectUnknown(["namedRangeId"])
            let id = try body.string("namedRangeId") ?? ""
            guard spreadsheet.namedRanges.contains(where: { $0.id == id }) else { throw Spreadsheet.Problem("No named range with id: \(id)") }  // assumed wording
            spreadsheet.namedRanges.removeAll { $0.id == id }
            spreadsheet.recalculate(changed: nil)
            return [:]
        case "mergeCells":
            try body.rejectUnknown(["range", "mergeType"])
            guard let range = try body.object("range") else { throw Spreadsheet.Problem("range is required.") }  // assumed wording
            let grid = try range.gridRange(in: spreadsheet)
            guard !spreadsheet.sheets[grid.sheetIndex].merges.contains(where: { $0.intersects(grid) }) else {
                throw Spreadsheet.Problem("You can't merge cells that overlap an existing merge.")  // assumed wording
            }
            spreadsheet.sheets[grid.sheetIndex].merges.append(grid)
            return [:]
        case "unmergeCells":
            try body.rejectUnknown(["range"])
            guard let range = try body.object("range") else { throw Spreadsheet.Problem("range is required.") }  // assumed wording
            let grid = try range.gridRange(in: spreadsheet)
            spreadsheet.sheets[grid.sheetIndex].merges.removeAll { $0.intersects(grid) }
            return [:]
        case "setDataValidation":
            try body.rejectUnknown(["range", "rule", "filteredRowsIncluded"])
            guard let range = try body.object("range") else { throw Spreadsheet.Problem("range is required.") }  // assumed wording
            let grid = try range.gridRange(in: spreadsheet)
            spreadsheet.sheets[grid.sheetIndex].validations.append((grid, body.value("rule")))
            return [:]
        case "addProtectedRange": return try addProtectedRange(body, &spreadsheet)
        case "createDeveloperMetadata": return try createDeveloperMetadata(body, &spreadsheet)
        default:
            throw Spreadsheet.Problem("\(kind) is not modelled by the Drydock emulator (it applies: \(SheetsEmulator.modelledKinds.joined(separator: ", ")))")
        }
    }

    private static func addSheet(_ body: RequestBody, _ spreadsheet: inout Spreadsheet) throws -> JSONValue {
        try body.rejectUnknown(["properties"])
        let properties = try body.object("properties") ?? RequestBody(members: [], path: body.location("properties"))
        try properties.rejectUnknown(["sheetId", "title", "index", "sheetType", "gridProperties", "hidden", "tabColor", "tabColorStyle", "rightToLeft"])
        let grid = try properties.object("gridProperties")
        try grid?.rejectUnknown(["rowCount", "columnCount", "frozenRowCount", "frozenColumnCount", "hideGridlines", "rowGroupControlAfter", "columnGroupControlAfter"])
        let position = try spreadsheet.addSheet(
            title: try properties.string("title"), sheetId: try properties.int("sheetId"), index: try properties.int("index"),
            rows: try grid?.int("rowCount") ?? 1000, columns: try grid?.int("columnCount") ?? 26,
            frozenRows: try grid?.int("frozenRowCount") ?? 0, frozenColumns: try grid?.int("frozenColumnCount") ?? 0)
        return ["addSheet": ["properties": SheetsEmulator.properties(of: spreadsheet.sheets[position])]]
    }

    private static func duplicateSheet(_ body: RequestBody, _ spreadsheet: inout Spreadsheet) throws -> JSONValue {
        try body.rejectUnknown(["sourceSheetId", "insertSheetIndex", "newSheetId", "newSheetName"])
        let sourceId = try body.int("sourceSheetId") ?? 0
        guard let source = spreadsheet.sheetIndex(id: sourceId) else { throw Spreadsheet.Problem("No sheet with id: \(sourceId)") }
        let position = try spreadsheet.duplicateSheet(
            at: source, title: try body.string("newSheetName"), sheetId: try body.int("newSheetId"), index: try body.int("insertSheetIndex"))
        return ["duplicateSheet": ["properties": SheetsEmulator.properties(of: spreadsheet.sheets[position])]]
    }

    /// The names a `fields` mask lists (`title,gridProperties.rowCount`; `*` for all).
    static func fieldNames(_ body: RequestBody) throws -> Set<String> {
        guard let text = try body.string("fields"), !text.isEmpty else {
            throw Spreadsheet.Problem("At least one field must be updated. Set 'fields' to name them.")  // assumed wording
        }
        return Set(text.split(separator: ",").map { String($0).trimmingSpaces })
    }

    private static func updateSheetProperties(_ body: RequestBody, _ spreadsheet: inout Spreadsheet) throws -> JSONValue {
        try body.rejectUnknown(["properties", "fields"])
        let fields = try fieldNames(body)
        let properties = try body.object("properties") ?? RequestBody(members: [], path: body.location("properties"))
        let sheetId = try properties.int("sheetId") ?? 0
        guard let index = spreadsheet.sheetIndex(id: sheetId) else { throw Spreadsheet.Problem("No sheet with id: \(sheetId)") }
        let all = fields.contains("*")
        let grid = try properties.object("gridProperties")
        func wants(_ name: String) -> Bool { all || fields.contains(name) || (name.hasPrefix("gridProperties.") && fields.contains("gridProperties")) }
        if wants("title") {
            let title = try properties.string("title") ?? ""
            try spreadsheet.checkTitle(title, except: index)
            if title != spreadsheet.sheets[index].title { spreadsheet.renameReferences(toSheet: index, title: title) }
            spreadsheet.sheets[index].title = title
        }
        if wants("index"), let position = try properties.int("index") {
            let sheet = spreadsheet.sheets.remove(at: index)
            spreadsheet.sheets.insert(sheet, at: min(max(position, 0), spreadsheet.sheets.count))
            spreadsheet.renumber()
        }
        guard let current = spreadsheet.sheetIndex(id: sheetId) else { return [:] }
        var rows = spreadsheet.sheets[current].rowCount
        var columns = spreadsheet.sheets[current].columnCount
        if wants("gridProperties.rowCount") { rows = try grid?.int("rowCount") ?? 0 }
        if wants("gridProperties.columnCount") { columns = try grid?.int("columnCount") ?? 0 }
        if rows != spreadsheet.sheets[current].rowCount || columns != spreadsheet.sheets[current].columnCount {
            guard rows >= 1, columns >= 1 else { throw Spreadsheet.Problem("The grid must have at least one row and one column.") }  // assumed wording
            if rows < spreadsheet.sheets[current].rowCount {
                try spreadsheet.deleteDimension(current, rows: true, start: rows, end: spreadsheet.sheets[current].rowCount)
            }
            if columns < spreadsheet.sheets[current].columnCount {
                try spreadsheet.deleteDimension(current, rows: false, start: columns, end: spreadsheet.sheets[current].columnCount)
            }
            if rows > spreadsheet.sheets[current].rowCount {
                try spreadsheet.appendDimension(current, rows: true, count: rows - spreadsheet.sheets[current].rowCount)
            }
            if columns > spreadsheet.sheets[current].columnCount {
                try spreadsheet.appendDimension(current, rows: false, count: columns - spreadsheet.sheets[current].columnCount)
            }
        }
        if wants("gridProperties.frozenRowCount") { spreadsheet.sheets[current].frozenRowCount = max(0, min(try grid?.int("frozenRowCount") ?? 0, rows)) }
        if wants("gridProperties.frozenColumnCount") {
            spreadsheet.sheets[current].frozenColumnCount = max(0, min(try grid?.int("frozenColumnCount") ?? 0, columns))
        }
        spreadsheet.recalculate(changed: nil)
        return [:]
    }

    private static func updateSpreadsheetProperties(_ body: RequestBody, _ spreadsheet: inout Spreadsheet) throws -> JSONValue {
        try body.rejectUnknown(["properties", "fields"])
        let fields = try fieldNames(body)
        let properties = try body.object("properties") ?? RequestBody(members: [], path: body.location("properties"))
        let all = fields.contains("*")
        if all || fields.contains("title") { spreadsheet.title = try properties.string("title") ?? "" }
        if all || fields.contains("locale"), let locale = try properties.string("locale"), locale != spreadsheet.locale {
            spreadsheet.locale = locale
            spreadsheet.relocalize()
            // Text built from numbers (`&`, CONCATENATE) follows the locale.
            spreadsheet.recalculate(changed: nil)
        }
        if all || fields.contains("timeZone"), let zone = try properties.string("timeZone") { spreadsheet.timeZone = zone }
        return [:]
    }

    /// The rows of `CellData` in a request (`rows: [{values: [CellData]}]`).
    private static func patches(_ body: RequestBody, mask: CellPatch.Mask) throws -> [[CellPatch]] {
        var rows: [[CellPatch]] = []
        var count = 0
        for (rowIndex, item) in try body.array("rows").enumerated() {
            let row = try RequestBody.object(item, at: body.location("rows[\(rowIndex)]"))
            var line: [CellPatch] = []
            for (columnIndex, cell) in try row.array("values").enumerated() {
                count += 1
                guard count <= Spreadsheet.maximumCellsPerWrite else {
                    throw GoogleAPIError.invalidArgument("A request may carry at most \(Spreadsheet.maximumCellsPerWrite) cells (the emulator's limit)")
                }
                line.append(try CellPatch(RequestBody.object(cell, at: row.location("values[\(columnIndex)]")), mask: mask))
            }
            rows.append(line)
        }
        return rows
    }

    private static func updateCells(_ body: RequestBody, _ spreadsheet: inout Spreadsheet) throws -> JSONValue {
        try body.rejectUnknown(["rows", "fields", "start", "range"])
        let rows = try patches(body, mask: try CellPatch.Mask(try body.string("fields")))
        let height = rows.count
        let width = rows.map(\.count).max() ?? 0
        if let start = try body.object("start") {
            try start.rejectUnknown(["sheetId", "rowIndex", "columnIndex"])
            let index = try start.sheetIndex(in: spreadsheet)
            let row = try start.int("rowIndex") ?? 0
            let column = try start.int("columnIndex") ?? 0
            let sheet = spreadsheet.sheets[index]
            guard row >= 0, column >= 0, row + height <= sheet.rowCount, column + width <= sheet.columnCount else {
                throw GoogleAPIError.range(.exceedsGrid(
                    range: SheetTitleQuoting.quoted(sheet.title) + "!" + ColumnLetters.letters(max(column, 0) + 1) + String(max(row, 0) + 1),
                    rows: sheet.rowCount, columns: sheet.columnCount))
            }
            spreadsheet.patch(rows, sheet: index, row: row, column: column)
        } else if let range = try body.object("range") {
            let grid = try range.gridRange(in: spreadsheet)
            // Cells of the range the rows leave out are cleared of the masked fields.
            var filled: [[CellPatch]] = []
            let blank = try CellPatch(RequestBody(members: [], path: ""), mask: CellPatch.Mask(try body.string("fields")))
            for rowOffset in 0..<grid.rowCount {
                let given = rowOffset < rows.count ? rows[rowOffset] : []
                guard given.count <= grid.columnCount, rows.count <= grid.rowCount else {
                    throw Spreadsheet.Problem("The rows hold more cells than the range \(grid.a1(title: spreadsheet.sheets[grid.sheetIndex].title)).")  // assumed wording
                }
                filled.append(given + Array(repeating: blank, count: grid.columnCount - given.count))
            }
            spreadsheet.patch(filled, sheet: grid.sheetIndex, row: grid.startRow, column: grid.startColumn)
        } else {
            throw Spreadsheet.Problem("Either start or range must be set.")  // assumed wording
        }
        return [:]
    }

    private static func repeatCell(_ body: RequestBody, _ spreadsheet: inout Spreadsheet) throws -> JSONValue {
        try body.rejectUnknown(["range", "cell", "fields"])
        guard let range = try body.object("range") else { throw Spreadsheet.Problem("range is required.") }  // assumed wording
        let grid = try range.gridRange(in: spreadsheet)
        guard grid.rowCount * grid.columnCount <= Spreadsheet.maximumCellsPerWrite else {
            throw GoogleAPIError.invalidArgument("repeatCell may cover at most \(Spreadsheet.maximumCellsPerWrite) cells (the emulator's limit)")
        }
        let cell = try body.object("cell") ?? RequestBody(members: [], path: body.location("cell"))
        let patch = try CellPatch(cell, mask: CellPatch.Mask(try body.string("fields")))
        let rows = Array(repeating: Array(repeating: patch, count: grid.columnCount), count: grid.rowCount)
        spreadsheet.patch(rows, sheet: grid.sheetIndex, row: grid.startRow, column: grid.startColumn)
        return [:]
    }

    private static func appendCells(_ body: RequestBody, _ spreadsheet: inout Spreadsheet) throws -> JSONValue {
        try body.rejectUnknown(["sheetId", "rows", "fields", "tableId"])
        let index = try body.sheetIndex(in: spreadsheet)
        let rows = try patches(body, mask: try CellPatch.Mask(try body.string("fields")))
        // After the last row holding data; rows are added when needed.
        let start = spreadsheet.sheets[index].rows.count
        let width = rows.map(\.count).max() ?? 0
        try spreadsheet.grow(index, rows: start + rows.count, columns: width)
        spreadsheet.patch(rows, sheet: index, row: start, column: 0)
        return [:]
    }

    private static func addNamedRange(_ body: RequestBody, _ spreadsheet: inout Spreadsheet) throws -> JSONValue {
        try body.rejectUnknown(["namedRange"])
        guard let named = try body.object("namedRange") else { throw Spreadsheet.Problem("namedRange is required.") }  // assumed wording
        try named.rejectUnknown(["namedRangeId", "name", "range"])
        let name = try named.string("name") ?? ""
        let valid = !name.isEmpty && name.count <= 250 && (name.first.map { $0.isLetter || $0 == "_" } ?? false)
            && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." } && A1CellRange(name) == nil
            && !["TRUE", "FALSE"].contains(name.uppercased())
        guard valid else { throw Spreadsheet.Problem("The name \"\(name)\" is not a valid named range name.") }  // assumed wording
        guard !spreadsheet.namedRanges.contains(where: { $0.name.lowercased() == name.lowercased() }) else {
            throw Spreadsheet.Problem("A named range with the name \"\(name)\" already exists.")  // assumed wording
        }
        guard let range = try named.object("range") else { throw Spreadsheet.Problem("range is required.") }  // assumed wording
        let grid = try range.gridRange(in: spreadsheet)
        var id = try named.string("namedRangeId") ?? ""
        if id.isEmpty {
            id = String(spreadsheet.nextID)
            spreadsheet.nextID += 1
        }
        let sheetId = spreadsheet.sheets[grid.sheetIndex].sheetId
        spreadsheet.namedRanges.append(Spreadsheet.NamedRange(id: id, name: name, sheetId: sheetId, grid: grid))
        spreadsheet.recalculate(changed: nil)
        return ["addNamedRange": ["namedRange": namedRangeJSON(spreadsheet.namedRanges[spreadsheet.namedRanges.count - 1])]]
    }

    static func namedRangeJSON(_ named: Spreadsheet.NamedRange) -> JSONValue {
        .object([("namedRangeId", .string(named.id)), ("name", .string(named.name)), ("range", gridJSON(named.grid, sheetId: named.sheetId))])
    }

    /// A `GridRange` as Sheets returns it (zero starts omitted, as proto3 JSON omits defaults).
    static func gridJSON(_ grid: GridRange, sheetId: Int) -> JSONValue {
        var members: [(String, JSONValue)] = []
        if sheetId != 0 { members.append(("sheetId", .number(sheetId))) }
        if grid.startRow != 0 { members.append(("startRowIndex", .number(grid.startRow))) }
        members.append(("endRowIndex", .number(grid.endRow)))
        if grid.startColumn != 0 { members.append(("startColumnIndex", .number(grid.startColumn))) }
        members.append(("endColumnIndex", .number(grid.endColumn)))
        return .object(members)
    }

    private static func addProtectedRange(_ body: RequestBody, _ spreadsheet: inout Spreadsheet) throws -> JSONValue {
        try body.rejectUnknown(["protectedRange"])
        guard let protected = try body.object("protectedRange") else { throw Spreadsheet.Problem("protectedRange is required.") }  // assumed wording
        guard let range = try protected.object("range") else { throw Spreadsheet.Problem("range is required.") }  // assumed wording
        let grid = try range.gridRange(in: spreadsheet)
        let id = spreadsheet.nextID
        spreadsheet.nextID += 1
        var members: [(String, JSONValue)] = [("protectedRangeId", .number(id)), ("range", gridJSON(grid, sheetId: spreadsheet.sheets[grid.sheetIndex].sheetId))]
        for (name, value) in protected.members where name != "protectedRangeId" && name != "range" { members.append((name, value)) }
        members.append(("requestingUserCanEdit", true))
        let stored = JSONValue.object(members)
        spreadsheet.sheets[grid.sheetIndex].protectedRanges.append(stored)
        return ["addProtectedRange": ["protectedRange": stored]]
    }
}
