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
    func batchGetValues(_ spreadsheet: Spreadsheet, query: SheetsQuery, pretty: Bool) -> Result<HTTPResponse, GoogleAPIError> {
        var ranges: [ValueRange] = []
        for text in query.ranges {
            switch spreadsheet.resolve(text) {
            case .success(let grid):
                ranges.append(ValueRange(sheet: spreadsheet.sheets[grid.sheetIndex], grid: grid, options: query.options))
            case .failure(let problem):
                return .failure(.range(problem))
            }
        }
        return .success(Self.json(ResponseWriter.batch(spreadsheetID: spreadsheet.id, ranges, pretty: pretty)))
    }

    static func json(_ body: [UInt8]) -> HTTPResponse {
        HTTPResponse(status: 200, headers: GoogleAPIResponse.headers, body: body)
    }
}
