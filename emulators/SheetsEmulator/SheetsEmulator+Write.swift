import DrydockCore
import DrydockHTTP
import GoogleOAuthEmulator

/// The `spreadsheets.values` methods that take a body: update, append, clear, batchUpdate, batchClear
/// and the `*ByDataFilter` variants. Each runs under the lock on its spreadsheet and answers Google's
/// response message as JSON.
extension SheetsEmulator {
    func write(_ route: SheetsRoute, query: SheetsQuery, body bytes: [UInt8]) -> Result<JSONValue, GoogleAPIError> {
        let body: RequestBody
        do { body = try RequestBody.parse(bytes) } catch { return .failure(error) }
        return mutate(route.spreadsheetID) { spreadsheet in
            do throws(GoogleAPIError) {
                switch route.method.id {
                case SheetsMethod.valuesUpdate.id: return .success(try Self.update(&spreadsheet, range: route.range ?? "", query: query, body: body))
                case SheetsMethod.valuesAppend.id: return .success(try Self.append(&spreadsheet, range: route.range ?? "", query: query, body: body))
                case SheetsMethod.valuesClear.id: return .success(try Self.clear(&spreadsheet, range: route.range ?? "", body: body))
                case SheetsMethod.valuesBatchUpdate.id: return .success(try Self.batchUpdate(&spreadsheet, body: body))
                case SheetsMethod.valuesBatchClear.id: return .success(try Self.batchClear(&spreadsheet, body: body))
                case SheetsMethod.valuesBatchGetByDataFilter.id: return .success(try Self.batchGetByDataFilter(spreadsheet, body: body))
                case SheetsMethod.valuesBatchUpdateByDataFilter.id: return .success(try Self.batchUpdateByDataFilter(&spreadsheet, body: body))
                default: return .success(try Self.batchClearByDataFilter(&spreadsheet, body: body))
                }
            } catch {
                return .failure(error)
            }
        }
    }

    /// Resolves `text` for a write: the grid and whether it names a single cell (an anchor).
    static func writeTarget(_ spreadsheet: Spreadsheet, _ text: String) throws(GoogleAPIError) -> (grid: GridRange, singleCell: Bool) {
        let grid: GridRange
        switch spreadsheet.resolve(text) {
        case .success(let resolved): grid = resolved
        case .failure(let problem): throw GoogleAPIError.range(problem)
        }
        let singleCell = A1Range(text)?.cells.map { $0.end == nil } ?? false
        return (grid, singleCell)
    }

    /// `UpdateValuesResponse`, with `updatedData` when asked for.
    static func updateResponse(_ spreadsheet: Spreadsheet, _ outcome: Spreadsheet.WriteOutcome, include: Bool, options: ReadOptions, extra: [(String, JSONValue)] = [], withID: Bool = true) -> JSONValue {
        let title = spreadsheet.sheets[outcome.grid.sheetIndex].title
        var members: [(String, JSONValue)] = withID ? [("spreadsheetId", .string(spreadsheet.id))] : []
        members.append(("updatedRange", .string(outcome.grid.a1(title: title))))
        if outcome.rows > 0 { members.append(("updatedRows", .number(outcome.rows))) }
        if outcome.columns > 0 { members.append(("updatedColumns", .number(outcome.columns))) }
        if outcome.cells > 0 { members.append(("updatedCells", .number(outcome.cells))) }
        members.append(contentsOf: extra)
        if include {
            let sheet = spreadsheet.sheets[outcome.grid.sheetIndex]
            members.append(("updatedData", ValueRange(sheet: sheet, grid: outcome.grid, options: options).json))
        }
        return .object(members)
    }

    static func update(_ spreadsheet: inout Spreadsheet, range: String, query: SheetsQuery, body: RequestBody) throws(GoogleAPIError) -> JSONValue {
        let input = try ValueRangeInput(body)
        guard let option = query.valueInput else { throw GoogleAPIError.valueInputRequired }
        try checkBodyRange(input.range, matches: range)
        let target = try writeTarget(spreadsheet, range)
        let outcome = try spreadsheet.write(input.rows, at: target.grid, bounded: !target.singleCell, input: option)
        return updateResponse(spreadsheet, outcome, include: query.includeValuesInResponse, options: query.responseOptions)
    }

    /// A body `range` must name the same range as the URL (Sheets' message; assumed wording).
    static func checkBodyRange(_ bodyRange: String?, matches urlRange: String) throws(GoogleAPIError) {
        guard let bodyRange, bodyRange != urlRange, A1Range(bodyRange) != A1Range(urlRange) else { return }
        throw GoogleAPIError.invalidArgument("Requested range [\(urlRange)] must match range in ValueRange [\(bodyRange)]")
    }

    static func append(_ spreadsheet: inout Spreadsheet, range: String, query: SheetsQuery, body: RequestBody) throws(GoogleAPIError) -> JSONValue {
        let input = try ValueRangeInput(body)
        guard let option = query.valueInput else { throw GoogleAPIError.valueInputRequired }
        try checkBodyRange(input.range, matches: range)
        let target = try writeTarget(spreadsheet, range)
        let (table, outcome) = try spreadsheet.append(input.rows, in: target.grid, singleCell: target.singleCell, input: option, insert: query.insertData)
        var members: [(String, JSONValue)] = [("spreadsheetId", .string(spreadsheet.id))]
        if let table { members.append(("tableRange", .string(table.a1(title: spreadsheet.sheets[table.sheetIndex].title)))) }
        members.append(("updates", updateResponse(spreadsheet, outcome, include: query.includeValuesInResponse, options: query.responseOptions)))
        return .object(members)
    }

    static func clear(_ spreadsheet: inout Spreadsheet, range: String, body: RequestBody) throws(GoogleAPIError) -> JSONValue {
        try body.rejectUnknown([])
        let target = try writeTarget(spreadsheet, range)
        spreadsheet.clear(target.grid)
        return .object([
            ("spreadsheetId", .string(spreadsheet.id)),
            ("clearedRange", .string(target.grid.a1(title: spreadsheet.sheets[target.grid.sheetIndex].title))),
        ])
    }

    /// The options every batch write body carries.
    struct BatchWriteOptions {
        var input: ValueInputOption
        var include: Bool
        var response = ReadOptions()

        init(_ body: RequestBody) throws(GoogleAPIError) {
            guard let option = try body.enumeration("valueInputOption", ValueInputOption.self, typeName: "ValueInputOption", unspecified: "INPUT_VALUE_OPTION_UNSPECIFIED") else {
                throw GoogleAPIError.valueInputRequired
            }
            input = option
            include = try body.bool("includeValuesInResponse")
            response.valueRender = try body.enumeration("responseValueRenderOption", ReadOptions.ValueRender.self, typeName: "ValueRenderOption", unspecified: "") ?? .formatted
            response.dateTimeRender = try body.enumeration("responseDateTimeRenderOption", ReadOptions.DateTimeRender.self, typeName: "DateTimeRenderOption", unspecified: "") ?? .serialNumber
        }

        static let fields = ["valueInputOption", "data", "includeValuesInResponse", "responseValueRenderOption", "responseDateTimeRenderOption"]
    }

    /// `BatchUpdateValuesResponse` totals over the responses.
    static func batchResponse(_ spreadsheet: Spreadsheet, _ outcomes: [Spreadsheet.WriteOutcome], responses: [JSONValue]) -> JSONValue {
        var members: [(String, JSONValue)] = [("spreadsheetId", .string(spreadsheet.id))]
        let rows = outcomes.reduce(0) { $0 + $1.rows }
        let columns = outcomes.reduce(0) { $0 + $1.columns }
        let cells = outcomes.reduce(0) { $0 + $1.cells }
        let sheetsTouched = Set(outcomes.filter { $0.cells > 0 }.map(\.grid.sheetIndex)).count
        if rows > 0 { members.append(("totalUpdatedRows", .number(rows))) }
        if columns > 0 { members.append(("totalUpdatedColumns", .number(columns))) }
        if cells > 0 { members.append(("totalUpdatedCells", .number(cells))) }
        if sheetsTouched > 0 { members.append(("totalUpdatedSheets", .number(sheetsTouched))) }
        if !responses.isEmpty { members.append(("responses", .array(responses))) }
        return .object(members)
    }

    /// All ranges are checked before any is written (one bad range fails the batch, as in Sheets).
    static func batchUpdate(_ spreadsheet: inout Spreadsheet, body: RequestBody) throws(GoogleAPIError) -> JSONValue {
        try body.rejectUnknown(BatchWriteOptions.fields)
        let options = try BatchWriteOptions(body)
        var inputs: [(ValueRangeInput, String, (grid: GridRange, singleCell: Bool))] = []
        for (index, item) in try body.array("data").enumerated() {
            let input = try ValueRangeInput(RequestBody.object(item, at: "data[\(index)]"))
            guard let range = input.range else { throw GoogleAPIError.invalidArgument("Invalid data[\(index)]: Unable to parse range: ") }
            inputs.append((input, range, try writeTarget(spreadsheet, range)))
        }
        var before = spreadsheet
        var outcomes: [Spreadsheet.WriteOutcome] = []
        for (input, _, target) in inputs {
            do {
                outcomes.append(try spreadsheet.write(input.rows, at: target.grid, bounded: !target.singleCell, input: options.input))
            } catch {
                swap(&spreadsheet, &before)  // all or nothing
                throw error
            }
        }
        let responses = outcomes.map { updateResponse(spreadsheet, $0, include: options.include, options: options.response) }
        return batchResponse(spreadsheet, outcomes, responses: responses)
    }

    static func batchClear(_ spreadsheet: inout Spreadsheet, body: RequestBody) throws(GoogleAPIError) -> JSONValue {
        try body.rejectUnknown(["ranges"])
        var grids: [GridRange] = []
        for (index, item) in try body.array("ranges").enumerated() {
            guard case .string(let text) = item else { throw GoogleAPIError.invalidBodyValue("ranges[\(index)]", type: "TYPE_STRING", item) }
            grids.append(try writeTarget(spreadsheet, text).grid)
        }
        for grid in grids { spreadsheet.clear(grid) }
        var members: [(String, JSONValue)] = [("spreadsheetId", .string(spreadsheet.id))]
        if !grids.isEmpty {
            members.append(("clearedRanges", .array(grids.map { .string($0.a1(title: spreadsheet.sheets[$0.sheetIndex].title)) })))
        }
        return .object(members)
    }
}
