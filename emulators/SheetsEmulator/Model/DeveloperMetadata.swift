import DrydockCore
import GoogleOAuthEmulator

/// Developer metadata (`createDeveloperMetadata` in batchUpdate; `developerMetadata.get` and `.search`;
/// `developerMetadataLookup` data filters): a key, an optional value, a visibility and a location — the
/// spreadsheet, a sheet, or a row/column range of a sheet. Kept as the JSON Sheets answers with.
struct DeveloperMetadata: Sendable {
    let id: Int
    let key: String
    let value: String?
    let visibility: String
    /// nil: the spreadsheet.
    let sheetId: Int?
    /// A `DimensionRange` location: rows (true) or columns, start..<end.
    let dimension: (rows: Bool, start: Int, end: Int)?

    var locationType: String { dimension.map { $0.rows ? "ROW" : "COLUMN" } ?? (sheetId == nil ? "SPREADSHEET" : "SHEET") }

    var json: JSONValue {
        var location: [(String, JSONValue)] = [("locationType", .string(locationType))]
        if let dimension, let sheetId {
            location.append(("dimensionRange", .object([
                ("sheetId", .number(sheetId)), ("dimension", dimension.rows ? "ROWS" : "COLUMNS"),
                ("startIndex", .number(dimension.start)), ("endIndex", .number(dimension.end)),
            ])))
        } else if let sheetId {
            location.append(("sheetId", .number(sheetId)))
        } else {
            location.append(("spreadsheet", true))
        }
        var members: [(String, JSONValue)] = [("metadataId", .number(id)), ("metadataKey", .string(key))]
        if let value { members.append(("metadataValue", .string(value))) }
        members.append(("location", .object(location)))
        members.append(("visibility", .string(visibility)))
        return .object(members)
    }

    /// Whether a `DeveloperMetadataLookup` selects this metadata (every field it sets must match).
    func matches(_ lookup: RequestBody) throws(GoogleAPIError) -> Bool {
        try lookup.rejectUnknown(["locationMatchingStrategy", "locationType", "metadataId", "metadataKey", "metadataLocation", "metadataValue", "visibility"])
        if let wanted = try lookup.int("metadataId"), wanted != id { return false }
        if let wanted = try lookup.string("metadataKey"), wanted != key { return false }
        if let wanted = try lookup.string("metadataValue"), wanted != value { return false }
        if let wanted = try lookup.string("visibility"), wanted != "DEVELOPER_METADATA_VISIBILITY_UNSPECIFIED", wanted != visibility { return false }
        if let wanted = try lookup.string("locationType"), wanted != "DEVELOPER_METADATA_LOCATION_TYPE_UNSPECIFIED", wanted != locationType { return false }
        if let location = try lookup.object("metadataLocation") {
            if let wantedSheet = try location.int("sheetId"), wantedSheet != sheetId { return false }
            if try location.bool("spreadsheet"), sheetId != nil { return false }
        }
        return true
    }

    /// The cells the metadata covers, as a data filter selects them: a sheet or its rows/columns (none
    /// for spreadsheet-level metadata).
    func grid(in spreadsheet: Spreadsheet) -> GridRange? {
        guard let sheetId, let index = spreadsheet.sheetIndex(id: sheetId) else { return nil }
        let sheet = spreadsheet.sheets[index]
        var grid = GridRange(sheetIndex: index, startRow: 0, endRow: sheet.rowCount, startColumn: 0, endColumn: sheet.columnCount)
        if let dimension {
            if dimension.rows {
                grid.startRow = min(dimension.start, sheet.rowCount)
                grid.endRow = min(dimension.end, sheet.rowCount)
            } else {
                grid.startColumn = min(dimension.start, sheet.columnCount)
                grid.endColumn = min(dimension.end, sheet.columnCount)
            }
        }
        return grid.rowCount > 0 && grid.columnCount > 0 ? grid : nil
    }
}

extension StructureRequest {
    /// createDeveloperMetadata: stored with a fresh id unless one is given.
    static func createDeveloperMetadata(_ body: RequestBody, _ spreadsheet: inout Spreadsheet) throws -> JSONValue {
        try body.rejectUnknown(["developerMetadata"])
        guard let metadata = try body.object("developerMetadata") else { throw Spreadsheet.Problem("developerMetadata is required.") }  // assumed wording
        try metadata.rejectUnknown(["metadataId", "metadataKey", "metadataValue", "location", "visibility"])
        guard let key = try metadata.string("metadataKey"), !key.isEmpty else { throw Spreadsheet.Problem("metadataKey is required.") }  // assumed wording
        guard let visibility = try metadata.string("visibility"), ["DOCUMENT", "PROJECT"].contains(visibility) else {
            throw Spreadsheet.Problem("visibility must be DOCUMENT or PROJECT.")  // assumed wording
        }
        guard let location = try metadata.object("location") else { throw Spreadsheet.Problem("location is required.") }  // assumed wording
        try location.rejectUnknown(["spreadsheet", "sheetId", "dimensionRange", "locationType"])
        var sheetId: Int?
        var dimension: (Bool, Int, Int)?
        if let range = try location.object("dimensionRange") {
            let target = try range.dimensionRange(in: spreadsheet)
            sheetId = spreadsheet.sheets[target.sheet].sheetId
            dimension = (target.rows, target.start, target.end)
        } else if location.value("sheetId") != nil {
            sheetId = spreadsheet.sheets[try location.sheetIndex(in: spreadsheet)].sheetId
        } else if !(try location.bool("spreadsheet")) {
            throw Spreadsheet.Problem("location must name the spreadsheet, a sheet or a dimension range.")  // assumed wording
        }
        var id = try metadata.int("metadataId") ?? 0
        if id == 0 {
            id = spreadsheet.nextID
            spreadsheet.nextID += 1
        } else if spreadsheet.developerMetadata.contains(where: { $0.id == id }) {
            throw Spreadsheet.Problem("Developer metadata with ID \(id) already exists.")  // assumed wording
        }
        let created = DeveloperMetadata(id: id, key: key, value: try metadata.string("metadataValue"), visibility: visibility, sheetId: sheetId, dimension: dimension)
        spreadsheet.developerMetadata.append(created)
        return ["createDeveloperMetadata": ["developerMetadata": created.json]]
    }
}
