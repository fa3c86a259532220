import DrydockHTTP
import GoogleOAuthEmulator

/// `GET /v4/spreadsheets/{id}/values/{range}` and `GET /v4/spreadsheets/{id}/values:batchGet?ranges=…`.
extension SheetsEmulator {
    func getValues(_ spreadsheet: Spreadsheet, range: String, query: SheetsQuery, pretty: Bool) -> Result<HTTPResponse, GoogleAPIError> {
        spreadsheet.resolve(range).mapError(GoogleAPIError.range).map { grid in
            let valueRange = ValueRange(sheet: spreadsheet.sheets[grid.sheetIndex], grid: grid, options: query.options)
            return Self.json(ResponseWriter.valueRange(valueRange, pretty: pretty))
        }
    }

    /// One bad range fails the whole batch, as in Sheets.
    /// Together the ranges may cover at most `Spreadsheet.cellBudget` cells.
    func batchGetValues(_ spreadsheet: Spreadsheet, query: SheetsQuery, pretty: Bool) -> Result<HTTPResponse, GoogleAPIError> {
        spreadsheet.resolveAll(query.ranges).mapError(GoogleAPIError.range).map { grids in
            let ranges = grids.map { ValueRange(sheet: spreadsheet.sheets[$0.sheetIndex], grid: $0, options: query.options) }
            return Self.json(ResponseWriter.batch(spreadsheetID: spreadsheet.id, ranges, pretty: pretty))
        }
    }

    static func json(_ body: [UInt8]) -> HTTPResponse {
        HTTPResponse(status: 200, headers: GoogleAPIResponse.headers, body: body)
    }
}
