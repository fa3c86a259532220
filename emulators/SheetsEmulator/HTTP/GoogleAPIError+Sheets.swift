import DrydockCore
import GoogleOAuthEmulator

/// The errors the Sheets API sends, exactly as Google's front end renders them. Sheets errors carry no
/// legacy `errors` list (confirmed in recent raw responses; some older client logs show one).
extension GoogleAPIError {
    /// 404 for a spreadsheet id that does not exist (confirmed).
    static let spreadsheetNotFound = GoogleAPIError(code: 404, status: "NOT_FOUND", message: "Requested entity was not found.")

    /// 400 for a range Sheets cannot read or whose sheet does not exist: "Unable to parse range: NOPE!A5:F15"
    /// (confirmed), and for a range that starts beyond the grid:
    /// "Range (Mass!151154:151354) exceeds grid limits. Max rows: 151000, max columns: 26" (confirmed).
    static func range(_ problem: RangeProblem) -> GoogleAPIError {
        switch problem {
        case .unparseable(let text):
            return GoogleAPIError(code: 400, status: "INVALID_ARGUMENT", message: "Unable to parse range: " + text)
        case .exceedsGrid(let range, let rows, let columns):
            return GoogleAPIError(
                code: 400, status: "INVALID_ARGUMENT",
                message: "Range (\(range)) exceeds grid limits. Max rows: \(rows), max columns: \(columns)")
        case .tooManyCells(let requested, let gridCells, let budget):
            // The emulator's own limit (real Sheets has none), so its own words.
            return GoogleAPIError(
                code: 400, status: "INVALID_ARGUMENT",
                message: "Requested ranges cover \(grouped(requested)) cells, more than twice the \(grouped(gridCells)) cells of the spreadsheet's grids (\(grouped(budget))); read fewer or smaller ranges")
        }
    }

    /// `78000000` → `78,000,000`.
    private static func grouped(_ number: Int) -> String {
        let digits = Array(String(number))
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return text
    }

    /// 400 for a query value that does not bind to its field: an unknown enum value
    /// (`Invalid value at 'value_render_option' (type.googleapis.com/google.apps.sheets.v4.ValueRenderOption), "FOO"`)
    /// or a bad boolean (`… (TYPE_BOOL), "maybe"`). The message is confirmed; the BadRequest detail is
    /// Google's usual shape for binding errors (assumed).
    static func invalidValue(field: String, type: String, value: String) -> GoogleAPIError {
        let message = "Invalid value at '\(field)' (\(type)), " + JSONValue.string(value).serialized()
        return GoogleAPIError(
            code: 400, status: "INVALID_ARGUMENT", message: message,
            details: [badRequest([("field", field), ("description", message)])])
    }

    /// 400 for a query parameter the method does not have (see `GoogleAPIError.unknownQueryParameter`).
    static func unknownParameter(_ name: String) -> GoogleAPIError {
        unknownQueryParameter(name, legacyErrors: false)
    }

    /// 403 for a request with no credentials at all: Sheets allows API keys, so Google asks for one
    /// (confirmed).
    static let apiKeyMissing = GoogleAPIError(code: 403, status: "PERMISSION_DENIED", message: "The request is missing a valid API key.")

    /// 400 for a `key=` the emulator does not know (it knows none); confirmed shape.
    static var apiKeyInvalid: GoogleAPIError {
        GoogleAPIError(
            code: 400, status: "INVALID_ARGUMENT", message: "API key not valid. Please pass a valid API key.",
            details: [errorInfo(reason: "API_KEY_INVALID", metadata: [("service", SheetsMethod.serviceName)])])
    }

    /// 429 for the per-user read quota, as Sheets sends it (message, ErrorInfo and Help link confirmed
    /// from a recorded response). `projectNumber` is the OAuth client's project (the digits that start
    /// its client id).
    static func readQuotaExceeded(projectNumber: String) -> GoogleAPIError {
        GoogleAPIError(
            code: 429, status: "RESOURCE_EXHAUSTED",
            message: "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' of service 'sheets.googleapis.com' for consumer 'project_number:\(projectNumber)'.",
            details: [
                errorInfo(reason: "RATE_LIMIT_EXCEEDED", metadata: [
                    ("quota_location", "global"),
                    ("quota_metric", "sheets.googleapis.com/read_requests"),
                    ("quota_limit", "ReadRequestsPerMinutePerUser"),
                    ("quota_limit_value", "60"),
                    ("consumer", "projects/" + projectNumber),
                    ("service", SheetsMethod.serviceName),
                ]),
                .object([
                    ("@type", "type.googleapis.com/google.rpc.Help"),
                    ("links", [["description": "Request a higher quota limit.", "url": "https://cloud.google.com/docs/quota#requesting_higher_quota"]]),
                ]),
            ])
    }
}
