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
    /// Whether the method changes the spreadsheet (and so needs a read-write scope).
    var writes = false
    /// A method that only reads but, per the discovery document, still needs a read-write scope
    /// (getByDataFilter, developerMetadata.get/search).
    var needsWriteScope = false

    static let get = SheetsMethod(
        id: "spreadsheets.get", rpcMethod: "google.apps.sheets.v4.SpreadsheetsService.GetSpreadsheet",
        parameters: ["ranges", "includeGridData", "excludeTablesInBandedRanges"])
    static let valuesGet = SheetsMethod(
        id: "spreadsheets.values.get", rpcMethod: "google.apps.sheets.v4.SpreadsheetsService.GetValues",
        parameters: ["majorDimension", "valueRenderOption", "dateTimeRenderOption"])
    static let valuesBatchGet = SheetsMethod(
        id: "spreadsheets.values.batchGet", rpcMethod: "google.apps.sheets.v4.SpreadsheetsService.BatchGetValues",
        parameters: ["ranges", "majorDimension", "valueRenderOption", "dateTimeRenderOption"])

    static let writeParameters = ["valueInputOption", "includeValuesInResponse", "responseValueRenderOption", "responseDateTimeRenderOption"]

    static let valuesUpdate = SheetsMethod(
        id: "spreadsheets.values.update", rpcMethod: "google.apps.sheets.v4.SpreadsheetsService.UpdateValues",
        parameters: writeParameters, writes: true)
    static let valuesAppend = SheetsMethod(
        id: "spreadsheets.values.append", rpcMethod: "google.apps.sheets.v4.SpreadsheetsService.AppendValues",
        parameters: writeParameters + ["insertDataOption"], writes: true)
    static let valuesClear = SheetsMethod(
        id: "spreadsheets.values.clear", rpcMethod: "google.apps.sheets.v4.SpreadsheetsService.ClearValues",
        parameters: [], writes: true)
    static let valuesBatchUpdate = SheetsMethod(
        id: "spreadsheets.values.batchUpdate", rpcMethod: "google.apps.sheets.v4.SpreadsheetsService.BatchUpdateValues",
        parameters: [], writes: true)
    static let valuesBatchClear = SheetsMethod(
        id: "spreadsheets.values.batchClear", rpcMethod: "google.apps.sheets.v4.SpreadsheetsService.BatchClearValues",
        parameters: [], writes: true)
    static let valuesBatchGetByDataFilter = SheetsMethod(
        id: "spreadsheets.values.batchGetByDataFilter", rpcMethod: "google.apps.sheets.v4.SpreadsheetsService.BatchGetValuesByDataFilter",
        parameters: [])
    static let valuesBatchUpdateByDataFilter = SheetsMethod(
        id: "spreadsheets.values.batchUpdateByDataFilter", rpcMethod: "google.apps.sheets.v4.SpreadsheetsService.BatchUpdateValuesByDataFilter",
        parameters: [], writes: true)
    static let valuesBatchClearByDataFilter = SheetsMethod(
        id: "spreadsheets.values.batchClearByDataFilter", rpcMethod: "google.apps.sheets.v4.SpreadsheetsService.BatchClearValuesByDataFilter",
        parameters: [], writes: true)

    static let create = SheetsMethod(
        id: "spreadsheets.create", rpcMethod: "google.apps.sheets.v4.SpreadsheetsService.CreateSpreadsheet",
        parameters: [], writes: true)
    static let batchUpdate = SheetsMethod(
        id: "spreadsheets.batchUpdate", rpcMethod: "google.apps.sheets.v4.SpreadsheetsService.BatchUpdateSpreadsheet",
        parameters: [], writes: true)

    static let getByDataFilter = SheetsMethod(
        id: "spreadsheets.getByDataFilter", rpcMethod: "google.apps.sheets.v4.SpreadsheetsService.GetSpreadsheetByDataFilter",
        parameters: [], needsWriteScope: true)
    static let sheetsCopyTo = SheetsMethod(
        id: "spreadsheets.sheets.copyTo", rpcMethod: "google.apps.sheets.v4.SpreadsheetsService.CopyTo",
        parameters: [], writes: true)
    static let developerMetadataGet = SheetsMethod(
        id: "spreadsheets.developerMetadata.get", rpcMethod: "google.apps.sheets.v4.SpreadsheetsService.GetDeveloperMetadata",
        parameters: [], needsWriteScope: true)
    static let developerMetadataSearch = SheetsMethod(
        id: "spreadsheets.developerMetadata.search", rpcMethod: "google.apps.sheets.v4.SpreadsheetsService.SearchDeveloperMetadata",
        parameters: [], needsWriteScope: true)

    static let all: [SheetsMethod] = [
        .get, .create, .batchUpdate, .getByDataFilter, .sheetsCopyTo, .developerMetadataGet, .developerMetadataSearch, .valuesGet, .valuesBatchGet, .valuesUpdate, .valuesAppend, .valuesClear, .valuesBatchUpdate, .valuesBatchClear,
        .valuesBatchGetByDataFilter, .valuesBatchUpdateByDataFilter, .valuesBatchClearByDataFilter,
    ]

    /// The scopes a write accepts (the discovery document's list for every write method).
    static let writeScopes = [
        "https://www.googleapis.com/auth/drive",
        "https://www.googleapis.com/auth/drive.file",
        "https://www.googleapis.com/auth/spreadsheets",
    ]

    /// The scopes this method accepts.
    var acceptedScopes: [String] { writes || needsWriteScope ? Self.writeScopes : Self.readScopes }

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
