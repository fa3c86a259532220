import DrydockCore
import EmulatorKit
import Foundation

/// One entry of `spreadsheet.json`'s `sheets`, turned into a `Sheet` with its CSV read and every cell
/// rendered:
///
/// ```json
/// {"title": "August", "file": "August.csv", "sheetId": 0, "rowCount": 1000, "columnCount": 26,
///  "frozenRowCount": 1,
///  "formats": {"A2:A": {"type": "DATE", "pattern": "yyyy-mm-dd"}, "G2:H": {"type": "CURRENCY"}},
///  "formulas": {"J2": "=G2-H2"}}
/// ```
///
/// `file` defaults to `<title>.csv`, `sheetId` to the sheet's index, `rowCount`/`columnCount` to
/// 1000 × 26 or the data's extent if larger. `formats` keys are A1 ranges without a sheet name; later
/// entries win where they overlap. `formulas` keys are single cells; the CSV holds their computed value.
enum SheetFixture {
    static let fields = ["title", "description", "file", "sheetId", "rowCount", "columnCount", "frozenRowCount", "frozenColumnCount", "formats", "formulas"]

    static func load(_ object: FixtureObject, index: Int, directory: String) throws(FixtureError) -> Sheet {
        try object.rejectUnknown(fields)
        let title = try object.string("title", required: true)!
        let fileName = try object.string("file") ?? title + ".csv"
        guard !fileName.contains("/"), fileName != "..", fileName != "." else {
            throw object.error("file", "expected a file name in the spreadsheet's directory, got \"\(fileName)\"")
        }
        let csvPath = directory + "/" + fileName
        let rows = try readCSV(csvPath)

        let dataRows = rows.count
        let dataColumns = rows.map(\.count).max() ?? 0
        let rowCount = try object.int("rowCount", in: 1...A1CellRange.maximumRow) ?? max(1000, dataRows)
        let columnCount = try object.int("columnCount", in: 1...ColumnLetters.maximum) ?? max(26, dataColumns)
        guard dataRows <= rowCount, dataColumns <= columnCount else {
            throw object.error(nil, "\(fileName) holds \(dataRows) rows × \(dataColumns) columns, more than the grid's \(rowCount) × \(columnCount)")
        }
        let sheetId = try object.int("sheetId", in: 0...Int(Int32.max)) ?? index
        let frozenRows = try object.int("frozenRowCount", in: 0...rowCount) ?? 0
        let frozenColumns = try object.int("frozenColumnCount", in: 0...columnCount) ?? 0

        let formats = try readFormats(object, rows: rowCount, columns: columnCount)
        let formulas = try readFormulas(object, rows: rowCount, columns: columnCount)

        // Formula cells past the CSV's data still exist (their value is empty).
        var formulaWidths: [Int: Int] = [:]
        for key in formulas.keys { formulaWidths[key.row] = max(formulaWidths[key.row] ?? 0, key.column + 1) }
        let height = max(dataRows, (formulaWidths.keys.max() ?? -1) + 1)
        var rendered: [[RenderedCell]] = []
        rendered.reserveCapacity(height)
        for row in 0..<height {
            let fields = row < rows.count ? rows[row] : []
            let width = max(fields.count, formulaWidths[row] ?? 0)
            var cells: [RenderedCell] = []
            cells.reserveCapacity(width)
            for column in 0..<width {
                let field = column < fields.count ? fields[column] : nil
                let parsed: CellInput.Parsed
                do {
                    parsed = try CellInput.parse(field?.text ?? "")
                } catch {
                    throw FixtureError(path: csvPath, reason: "line \(field?.line ?? 0), column \(field?.column ?? 0) (cell \(ColumnLetters.letters(column + 1))\(row + 1)): \"\(error.text)\" is not a real date")
                }
                var format = formats.last { $0.range.contains(row: row, column: column) }?.format
                if format == nil, let implied = parsed.implied {
                    format = try? NumberFormat(type: implied.type, pattern: implied.pattern)
                }
                cells.append(RenderedCell(value: parsed.value, format: format, formula: formulas[CellKey(row: row, column: column)]))
            }
            while let last = cells.last, !last.hasValueOrFormula { cells.removeLast() }
            rendered.append(cells)
        }
        while let last = rendered.last, last.isEmpty { rendered.removeLast() }

        var sheet = Sheet(
            sheetId: sheetId, title: title, index: index, rowCount: rowCount, columnCount: columnCount,
            frozenRowCount: frozenRows, frozenColumnCount: frozenColumns, rows: rendered)
        sheet.reindexFormulas()
        sheet.formatRules = formats.map { ($0.range, $0.format) }
        return sheet
    }

    private static func readCSV(_ path: String) throws(FixtureError) -> [[CSVReader.Field]] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FixtureError(path: path, reason: "cannot be read (missing or not a file)")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw FixtureError(path: path, reason: "is not UTF-8 text") }
        do {
            return try CSVReader.parse(text)
        } catch {
            throw FixtureError(path: path, reason: error.description)
        }
    }

    struct CellKey: Hashable {
        let row: Int
        let column: Int
    }

    struct FormatRule {
        let range: GridRange
        let format: NumberFormat
    }

    private static func readFormats(_ sheet: FixtureObject, rows: Int, columns: Int) throws(FixtureError) -> [FormatRule] {
        guard let formats = try sheet.object("formats") else { return [] }
        var rules: [FormatRule] = []
        for (key, value) in formats.members {
            guard let cells = A1CellRange(key) else {
                throw formats.error(key, "expected an A1 range without a sheet name (\"A2:A\", \"G2:H20\", \"B:B\")")
            }
            guard let bounds = cells.resolve(rows: rows, columns: columns) else {
                throw formats.error(key, "starts outside the \(rows) × \(columns) grid")
            }
            let entry = try FixtureObject(value, file: formats.file, path: formats.path(of: key))
            try entry.rejectUnknown(["type", "pattern"])
            let type = try entry.string("type", required: true)!
            guard NumberFormat.types.contains(type) else {
                throw entry.error("type", "expected one of \(NumberFormat.types.joined(separator: ", ")), got \"\(type)\"")
            }
            let pattern = try entry.string("pattern")
            let format: NumberFormat
            do {
                format = try NumberFormat(type: type, pattern: pattern)
            } catch {
                throw entry.error("pattern", error.reason)
            }
            let range = GridRange(sheetIndex: 0, startRow: bounds.startRow, endRow: bounds.endRow,
                                  startColumn: bounds.startColumn, endColumn: bounds.endColumn)
            rules.append(FormatRule(range: range, format: format))
        }
        return rules
    }

    private static func readFormulas(_ sheet: FixtureObject, rows: Int, columns: Int) throws(FixtureError) -> [CellKey: String] {
        guard let formulas = try sheet.object("formulas") else { return [:] }
        var result: [CellKey: String] = [:]
        for (key, value) in formulas.members {
            guard let cell = A1CellRange(key), cell.end == nil, let row = cell.start.row, let column = cell.start.column else {
                throw formulas.error(key, "expected a single cell (\"J2\")")
            }
            guard row <= rows, column <= columns else { throw formulas.error(key, "outside the \(rows) × \(columns) grid") }
            guard let text = value.stringValue, text.hasPrefix("=") else {
                throw formulas.error(key, "expected a formula string starting with \"=\", got \(value.serialized())")
            }
            result[CellKey(row: row - 1, column: column - 1)] = text
        }
        return result
    }
}

extension GridRange {
    func contains(row: Int, column: Int) -> Bool {
        row >= startRow && row < endRow && column >= startColumn && column < endColumn
    }
}
