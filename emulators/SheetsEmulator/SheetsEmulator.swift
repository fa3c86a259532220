import DrydockHTTP
import EmulatorKit
import GoogleOAuthEmulator
import Synchronization

/// The Google Sheets API v4 (`sheets.googleapis.com/v4/spreadsheets/…`), offline: `spreadsheets.get`,
/// the `spreadsheets.values` methods (get, batchGet, update, append, clear, batchUpdate, batchClear and
/// the `*ByDataFilter` variants) with formulas recalculated on every write, over spreadsheets loaded
/// from fixtures (`<fixtures>/sheets/<id>/spreadsheet.json` plus one CSV per sheet).
///
/// Bearer tokens are checked against the shared `GoogleTokenAuthority`; any of the `drive`,
/// `drive.file`, `drive.readonly`, `spreadsheets`, `spreadsheets.readonly` scopes allows a read. Every
/// cell is rendered once at load (formatted text, unformatted JSON, formula), so reads only copy text
/// and the loaded data is immutable: any number of threads may call `handle(_:)` at once.
///
/// What it checks, in order: the path (Google's HTML 404 page otherwise), credentials (403 "missing a
/// valid API key", 401, 403 insufficient scopes), query parameters (400 for unknown names and bad enum
/// values), the spreadsheet (404), then ranges (400 "Unable to parse range", "exceeds grid limits").
///
/// Not emulated: `fields` (accepted and ignored: responses are always complete), per-user sharing (every
/// valid token may read every spreadsheet), named ranges, hidden sheets, and `includeGridData`
/// cell formats beyond `numberFormat`. Writes live in memory: `reset()` returns to the fixtures.
///
/// Concurrency: the spreadsheets sit behind one lock; a read copies the spreadsheet (copy-on-write
/// arrays, so only references) and renders outside the lock; a write mutates in place under it.
public final class SheetsEmulator: ServiceEmulator {
    public let service = "sheets"
    public let authority: GoogleTokenAuthority
    /// The spreadsheets as loaded, for `reset()`.
    let loaded: [String: Spreadsheet]
    let state: Mutex<[String: Spreadsheet]>

    /// A Sheets emulator over `<fixturesDirectory>/sheets/`, sharing `authority` with the OAuth emulator.
    /// Throws a `FixtureError` naming the file and the place in it for any bad fixture.
    public convenience init(fixturesDirectory: String, authority: GoogleTokenAuthority) throws(FixtureError) {
        self.init(authority: authority, spreadsheets: try SpreadsheetFixtures.load(fixturesDirectory: fixturesDirectory))
    }

    init(authority: GoogleTokenAuthority, spreadsheets: [Spreadsheet]) {
        self.authority = authority
        var byID: [String: Spreadsheet] = [:]
        for spreadsheet in spreadsheets { byID[spreadsheet.id] = spreadsheet }
        loaded = byID
        state = Mutex(byID)
    }

    /// The ids of the spreadsheets, sorted.
    public var spreadsheetIDs: [String] { state.withLock { $0.keys.sorted() } }

    /// A copy of one spreadsheet as it is now.
    func snapshot(_ id: String) -> Spreadsheet? { state.withLock { $0[id] } }

    /// Runs `change` on the spreadsheet `id` under the lock, in place (taken out of the dictionary so
    /// the arrays stay uniquely referenced and are not copied); 404 when there is none.
    func mutate<T>(_ id: String, _ change: (inout Spreadsheet) -> Result<T, GoogleAPIError>) -> Result<T, GoogleAPIError> {
        state.withLock { spreadsheets in
            guard var spreadsheet = spreadsheets.removeValue(forKey: id) else { return .failure(.spreadsheetNotFound) }
            defer { spreadsheets[id] = spreadsheet }
            return change(&spreadsheet)
        }
    }

    public func claims(_ request: HTTPRequest) -> Bool {
        let path = request.rawPath
        return path == SheetsRoute.prefix || path.hasPrefix(SheetsRoute.prefix + "/") || path.hasPrefix(SheetsRoute.prefix + ":")
    }

    public func operation(for request: HTTPRequest) -> String {
        SheetsRoute(request)?.method.id ?? "unknown"
    }

    public var knownOperations: [String] { SheetsMethod.all.map(\.id) }

    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        guard let route = SheetsRoute(request) else { return GoogleErrorPage.notFound(path: request.path) }
        let result = authorize(request, for: route.method).flatMap { _ in
            SheetsQuery.bind(request, for: route.method)
        }.flatMap { query -> Result<HTTPResponse, GoogleAPIError> in
            let pretty = GoogleAPIResponse.prettyPrint(for: request)
            if route.method == .create {
                return createSpreadsheet(body: request.body).map { GoogleAPIResponse.json(200, $0, prettyPrint: pretty) }
            }
            if [SheetsMethod.getByDataFilter, .sheetsCopyTo, .developerMetadataGet, .developerMetadataSearch].contains(route.method) {
                return otherMethod(route, body: request.body).map { GoogleAPIResponse.json(200, $0, prettyPrint: pretty) }
            }
            if route.method == .batchUpdate {
                return batchUpdate(route.spreadsheetID, body: request.body, pretty: pretty).map { GoogleAPIResponse.json(200, $0, prettyPrint: pretty) }
            }
            if route.method.writes || route.method == .valuesBatchGetByDataFilter {
                return write(route, query: query, body: request.body).map { GoogleAPIResponse.json(200, $0, prettyPrint: pretty) }
            }
            guard let spreadsheet = snapshot(route.spreadsheetID) else { return .failure(.spreadsheetNotFound) }
            switch route.method.id {
            case SheetsMethod.get.id: return getSpreadsheet(spreadsheet, query: query, pretty: pretty)
            case SheetsMethod.valuesGet.id: return getValues(spreadsheet, range: route.range ?? "", query: query, pretty: pretty)
            default: return batchGetValues(spreadsheet, query: query, pretty: pretty)
            }
        }
        switch result {
        case .success(let response): return response
        case .failure(let error): return error.response(for: request)
        }
    }

    /// Google's error for an injected status, Sheets-shaped: 429 is the per-user read quota with its
    /// ErrorInfo; anything else the canonical error without a legacy `errors` list.
    public func errorResponse(status: Int, for request: HTTPRequest) -> HTTPResponse {
        if status == 429 { return GoogleAPIError.readQuotaExceeded(projectNumber: projectNumber(for: request)).response(for: request) }
        return GoogleAPIError.canonical(status: status, legacyErrors: false).response(for: request)
    }

    /// Back to the spreadsheets as loaded (issued tokens are reset by the OAuth emulator).
    public func reset() { state.withLock { $0 = loaded } }

    /// `SHEETS_API_ENDPOINT=<base>`: clients append `/v4/spreadsheets/…`.
    public func endpointVariables(baseURL: String) -> [(name: String, value: String)] {
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        return [(name: "SHEETS_API_ENDPOINT", value: base)]
    }
}
