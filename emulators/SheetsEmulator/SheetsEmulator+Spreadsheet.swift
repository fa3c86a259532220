import DrydockCore
import DrydockHTTP
import GoogleOAuthEmulator

/// `GET /v4/spreadsheets/{id}`: properties and sheets; with `ranges`, only the sheets they touch; with
/// `includeGridData=true`, each sheet's cells (see `GridDataBuilder`). `fields` is ignored. The ranges
/// together may cover at most `Spreadsheet.cellBudget` cells.
extension SheetsEmulator {
    func getSpreadsheet(_ spreadsheet: Spreadsheet, query: SheetsQuery, pretty: Bool) -> Result<HTTPResponse, GoogleAPIError> {
        do {
            return .success(GoogleAPIResponse.json(200, try Self.spreadsheetJSON(spreadsheet, query: query), prettyPrint: pretty))
        } catch {
            return .failure(error)
        }
    }

    /// The `Spreadsheet` resource: with `ranges`, only the sheets they touch; with `includeGridData`,
    /// their cells. Merges, protected ranges and named ranges when there are any.
    static func spreadsheetJSON(_ spreadsheet: Spreadsheet, query: SheetsQuery) throws(GoogleAPIError) -> JSONValue {
        let grids: [GridRange]
        switch spreadsheet.resolveAll(query.ranges) {
        case .success(let resolved): grids = resolved
        case .failure(let problem): throw GoogleAPIError.range(problem)
        }
        var sheets: [JSONValue] = []
        for sheet in spreadsheet.sheets {
            let own = grids.filter { $0.sheetIndex == sheet.index }
            if !query.ranges.isEmpty && own.isEmpty { continue }
            var members: [(String, JSONValue)] = [("properties", Self.properties(of: sheet))]
            if query.includeGridData {
                let wanted = own.isEmpty
                    ? [GridRange(sheetIndex: sheet.index, startRow: 0, endRow: sheet.rowCount, startColumn: 0, endColumn: sheet.columnCount)]
                    : own
                members.append(("data", .array(wanted.map { GridDataBuilder.gridData(sheet: sheet, grid: $0) })))
            }
            if !sheet.merges.isEmpty {
                members.append(("merges", .array(sheet.merges.map { StructureRequest.gridJSON($0, sheetId: sheet.sheetId) })))
            }
            if !sheet.protectedRanges.isEmpty { members.append(("protectedRanges", .array(sheet.protectedRanges))) }
            sheets.append(.object(members))
        }
        var body: [(String, JSONValue)] = [
            ("spreadsheetId", .string(spreadsheet.id)),
            ("properties", Self.properties(of: spreadsheet)),
            ("sheets", .array(sheets)),
        ]
        if !spreadsheet.namedRanges.isEmpty {
            body.append(("namedRanges", .array(spreadsheet.namedRanges.map(StructureRequest.namedRangeJSON))))
        }
        body.append(("spreadsheetUrl", .string("https://docs.google.com/spreadsheets/d/\(spreadsheet.id)/edit")))
        return .object(body)
    }

    static func properties(of sheet: Sheet) -> JSONValue {
        var grid: [(String, JSONValue)] = [("rowCount", .number(sheet.rowCount)), ("columnCount", .number(sheet.columnCount))]
        if sheet.frozenRowCount > 0 { grid.append(("frozenRowCount", .number(sheet.frozenRowCount))) }
        if sheet.frozenColumnCount > 0 { grid.append(("frozenColumnCount", .number(sheet.frozenColumnCount))) }
        return .object([
            ("sheetId", .number(sheet.sheetId)),
            ("title", .string(sheet.title)),
            ("index", .number(sheet.index)),
            ("sheetType", "GRID"),
            ("gridProperties", .object(grid)),
        ])
    }

    /// `SpreadsheetProperties` with the default cell format and theme a new Google spreadsheet carries
    /// (values as seen in typical responses; not every locale's defaults are modelled).
    static func properties(of spreadsheet: Spreadsheet) -> JSONValue {
        .object([
            ("title", .string(spreadsheet.title)),
            ("locale", .string(spreadsheet.locale)),
            ("autoRecalc", "ON_CHANGE"),
            ("timeZone", .string(spreadsheet.timeZone)),
            ("defaultFormat", defaultFormat),
            ("spreadsheetTheme", theme),
        ])
    }

    private static let white: JSONValue = ["red": 1, "green": 1, "blue": 1]

    static let defaultFormat: JSONValue = [
        "backgroundColor": white,
        "padding": ["top": 2, "right": 3, "bottom": 2, "left": 3],
        "verticalAlignment": "BOTTOM",
        "wrapStrategy": "OVERFLOW_CELL",
        "textFormat": [
            "foregroundColor": [:],
            "fontFamily": "arial,sans,sans-serif",
            "fontSize": 10,
            "bold": false,
            "italic": false,
            "strikethrough": false,
            "underline": false,
            "foregroundColorStyle": ["rgbColor": [:]],
        ],
        "backgroundColorStyle": ["rgbColor": white],
    ]

    static let theme: JSONValue = [
        "primaryFontFamily": "Arial",
        "themeColors": [
            ["colorType": "TEXT", "color": ["rgbColor": [:]]],
            ["colorType": "BACKGROUND", "color": ["rgbColor": white]],
            themeColor("ACCENT1", "0.25882354", "0.52156866", "0.95686275"),
            themeColor("ACCENT2", "0.91764706", "0.2627451", "0.20784314"),
            themeColor("ACCENT3", "0.9843137", "0.7372549", "0.015686275"),
            themeColor("ACCENT4", "0.20392157", "0.65882355", "0.3254902"),
            themeColor("ACCENT5", "1", "0.42745098", "0.003921569"),
            themeColor("ACCENT6", "0.27450982", "0.7411765", "0.7764706"),
            themeColor("LINK", "0.06666667", "0.33333334", "0.8"),
        ],
    ]

    private static func themeColor(_ type: String, _ red: String, _ green: String, _ blue: String) -> JSONValue {
        ["colorType": .string(type), "color": ["rgbColor": ["red": .number(red), "green": .number(green), "blue": .number(blue)]]]
    }
}
