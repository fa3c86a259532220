import GoogleOAuthEmulator

/// One Sheets API method the emulator serves: the Google method id (the operation name in the journal
/// and fault rules), the RPC name Google reports in error details, and the query parameters it binds.
struct SheetsMethod: Sendable, Equatable {
    /// `spreadsheets.values.get`.
    let id: String
    /// `google.apps.sheets.v4.SpreadsheetsService.GetValues`, as Google's ErrorInfo metadata names it
    /// (confirmed for GetSpreadsheet and GetValues; BatchGetValues by analogy).
    let rpcMethod: String
    /// The method's own query parameters (camelCase; the proto's snake_case names are accepted too).
    let parameters: [String]

    static let get = SheetsMethod(
        id: "spreadsheets.get", rpcMethod: "google.apps.sheets.v4.SpreadsheetsService.GetSpreadsheet",
        parameters: ["ranges", "includeGridData", "excludeTablesInBandedRanges"])
    static let valuesGet = SheetsMethod(
        id: "spreadsheets.values.get", rpcMethod: "google.apps.sheets.v4.SpreadsheetsService.GetValues",
        parameters: ["majorDimension", "valueRenderOption", "dateTimeRenderOption"])
    static let valuesBatchGet = SheetsMethod(
        id: "spreadsheets.values.batchGet", rpcMethod: "google.apps.sheets.v4.SpreadsheetsService.BatchGetValues",
        parameters: ["ranges", "majorDimension", "valueRenderOption", "dateTimeRenderOption"])

    static let all: [SheetsMethod] = [.get, .valuesGet, .valuesBatchGet]

    /// Any one of these allows a read (the scopes Google's discovery document lists for all three).
    static let readScopes = [
        "https://www.googleapis.com/auth/drive",
        "https://www.googleapis.com/auth/drive.file",
        "https://www.googleapis.com/auth/drive.readonly",
        "https://www.googleapis.com/auth/spreadsheets",
        "https://www.googleapis.com/auth/spreadsheets.readonly",
    ]

    /// Google's standard query parameters, accepted by every method (the conventions layer's list).
    static let systemParameters: Set<String> = GoogleSystemParameters.names

    static let serviceName = "sheets.googleapis.com"
}
