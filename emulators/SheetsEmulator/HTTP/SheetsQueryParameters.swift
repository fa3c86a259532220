import GoogleOAuthEmulator

/// Every Sheets method's own parameters (path and query), by method id, as the Sheets discovery
/// document (sheets v4, as shipped in google-api-python-client) lists them. The conventions layer
/// answers a query parameter outside this list and Google's standard ones with Google's 400 "Cannot
/// bind query parameter", the same way for every method, implemented or not yet.
extension SheetsMethod {
    static let queryParameters: [String: [String]] = [
        "spreadsheets.batchUpdate": ["spreadsheetId"],
        "spreadsheets.create": [],
        "spreadsheets.developerMetadata.get": ["metadataId", "spreadsheetId"],
        "spreadsheets.developerMetadata.search": ["spreadsheetId"],
        "spreadsheets.get": ["commentsViewMode", "excludeTablesInBandedRanges", "includeGridData", "ranges", "spreadsheetId"],
        "spreadsheets.getByDataFilter": ["spreadsheetId"],
        "spreadsheets.sheets.copyTo": ["sheetId", "spreadsheetId"],
        "spreadsheets.values.append": ["includeValuesInResponse", "insertDataOption", "range", "responseDateTimeRenderOption", "responseValueRenderOption", "spreadsheetId", "valueInputOption"],
        "spreadsheets.values.batchClear": ["spreadsheetId"],
        "spreadsheets.values.batchClearByDataFilter": ["spreadsheetId"],
        "spreadsheets.values.batchGet": ["dateTimeRenderOption", "majorDimension", "ranges", "spreadsheetId", "valueRenderOption"],
        "spreadsheets.values.batchGetByDataFilter": ["spreadsheetId"],
        "spreadsheets.values.batchUpdate": ["spreadsheetId"],
        "spreadsheets.values.batchUpdateByDataFilter": ["spreadsheetId"],
        "spreadsheets.values.clear": ["range", "spreadsheetId"],
        "spreadsheets.values.get": ["dateTimeRenderOption", "majorDimension", "range", "spreadsheetId", "valueRenderOption"],
        "spreadsheets.values.update": ["includeValuesInResponse", "range", "responseDateTimeRenderOption", "responseValueRenderOption", "spreadsheetId", "valueInputOption"],
    ]
}

extension SheetsMethod {
    /// This method's own parameters by the Sheets discovery document (empty for an id it does not list).
    var queryParameters: [String] { Self.queryParameters[id] ?? [] }
}

extension SheetsEmulator {
    /// Sheets as Google's API conventions see it: its batch endpoint answers every request inside a
    /// batch 501 UNIMPLEMENTED, as the real one does (googleapis/google-api-python-client#2085); errors
    /// without the legacy `errors` list.
    public static let googleAPI = GoogleAPIDescription(
        host: "sheets.googleapis.com", batchPath: "/batch/sheets/v4", batch: .unimplemented, legacyErrors: false,
        parameters: { SheetsMethod.queryParameters[$0] },
        schemas: { parsedSchemas }, responseSchema: { SheetsMethod.responseSchemas[$0] })

    /// `SheetsMethod.schemaText` parsed, on first use.
    static let parsedSchemas = FieldMaskSchema(text: SheetsMethod.schemaText)

    /// This emulator behind Google's API conventions (`fields`, `alt`, unknown parameters, HEAD, gzip,
    /// batch): what the edge serves.
    public func withGoogleConventions() -> GoogleAPIEmulator {
        GoogleAPIEmulator(self, api: Self.googleAPI, authority: authority)
    }
}
