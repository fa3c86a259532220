/// A spreadsheet: properties and sheets. A value: the emulator keeps one per id under its lock and
/// hands copies to readers.
struct Spreadsheet: Sendable {
    var id: String
    var title: String
    /// `properties.locale`; setting it sets `localeRules`.
    var locale: String {
        didSet { localeRules = SheetsLocale(locale) }
    }
    var timeZone: String
    var sheets: [Sheet]
    /// `addNamedRange`: usable as A1 ranges (`values.get?range=Totals`).
    var namedRanges: [NamedRange] = []
    /// `createDeveloperMetadata`, found by `developerMetadata.get`/`.search` and metadata data filters.
    var developerMetadata: [DeveloperMetadata] = []
    /// Ids handed out to new sheets, named ranges and protected ranges (deterministic: a counter).
    var nextID = 1_000_000

    /// A named range: an id, a name and the cells it covers (`grid.sheetIndex` is unused: the sheet is
    /// `sheetId`, so adding or moving sheets does not shift it).
    struct NamedRange: Sendable, Equatable {
        var id: String
        var name: String
        var sheetId: Int
        var grid: GridRange
    }

    /// How `locale` reads typed input and renders numbers: read from the locale string once, when it is
    /// set (every USER_ENTERED value and every text a formula coerces asks for it).
    private(set) var localeRules: SheetsLocale

    init(id: String, title: String, locale: String, timeZone: String, sheets: [Sheet]) {
        self.id = id
        self.title = title
        self.locale = locale
        self.timeZone = timeZone
        self.sheets = sheets
        localeRules = SheetsLocale(locale)
    }

    /// Renders every cell again in the spreadsheet's locale (after loading, or when `locale` changes),
    /// formulas written again in its syntax (`FormulaSyntax.translated`: `;` for `,` between arguments
    /// where `,` is the decimal separator, and back).
    mutating func relocalize() {
        let rules = localeRules
        for sheet in sheets.indices {
            for row in sheets[sheet].rows.indices {
                for column in sheets[sheet].rows[row].indices {
                    let cell = sheets[sheet].rows[row][column]
                    if let formula = cell.formula, let translated = FormulaSyntax.translated(formula, from: cell.locale, to: rules) {
                        sheets[sheet].rows[row][column] = RenderedCell(value: cell.value, format: cell.format, formula: translated, locale: rules)
                    } else {
                        sheets[sheet].rows[row][column] = cell.with(locale: rules)
                    }
                }
            }
        }
    }

    /// The named range called `name` (case-insensitive), as a grid on its sheet.
    func namedGrid(_ name: String) -> GridRange? {
        let lowered = name.lowercased()
        guard let named = namedRanges.first(where: { $0.name.lowercased() == lowered }), let index = sheetIndex(id: named.sheetId) else { return nil }
        var grid = named.grid
        grid.sheetIndex = index
        return grid
    }

    /// The index of the sheet with `sheetId`.
    func sheetIndex(id sheetId: Int) -> Int? { sheets.firstIndex { $0.sheetId == sheetId } }

    /// The sheet titled `name`: an exact match, else one differing only in case (Sheets treats titles
    /// case-insensitively and keeps them unique that way).
    func sheetIndex(named name: String) -> Int? {
        if let exact = sheets.firstIndex(where: { $0.title == name }) { return exact }
        let lowered = name.lowercased()
        return sheets.firstIndex { $0.title.lowercased() == lowered }
    }

    /// Resolves an A1 range as `values.get` receives it: the sheet (first when unnamed), open sides
    /// to the grid's edge, the far corner clamped.
    func resolve(_ text: String) -> Result<GridRange, RangeProblem> {
        if let grid = namedGrid(text) { return .success(grid) }
        guard let parsed = A1Range(text) else { return .failure(.unparseable(text)) }
        var index = 0
        if let name = parsed.sheetName {
            guard let found = sheetIndex(named: name) else { return .failure(.unparseable(text)) }
            index = found
        }
        let sheet = sheets[index]
        guard let cells = parsed.cells else {
            return .success(GridRange(sheetIndex: index, startRow: 0, endRow: sheet.rowCount, startColumn: 0, endColumn: sheet.columnCount))
        }
        guard let bounds = cells.resolve(rows: sheet.rowCount, columns: sheet.columnCount) else {
            return .failure(.exceedsGrid(
                range: SheetTitleQuoting.quoted(sheet.title) + "!" + parsed.cellText,
                rows: sheet.rowCount, columns: sheet.columnCount))
        }
        return .success(GridRange(
            sheetIndex: index, startRow: bounds.startRow, endRow: bounds.endRow,
            startColumn: bounds.startColumn, endColumn: bounds.endColumn))
    }
}
