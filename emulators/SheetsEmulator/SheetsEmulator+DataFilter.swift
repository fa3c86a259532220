import DrydockCore
import GoogleOAuthEmulator

/// The `*ByDataFilter` variants: each `DataFilter` names cells by `a1Range`, by `gridRange` (sheet id
/// and 0-based half-open indexes, open sides to the grid's edge), or by `developerMetadataLookup`.
/// A metadata lookup selects the sheets or rows/columns of the metadata it matches (spreadsheet-level
/// metadata selects no cells).
extension SheetsEmulator {
    /// The grids a filter selects (none for a metadata lookup), and whether it names a single cell.
    static func resolve(_ filter: RequestBody, in spreadsheet: Spreadsheet) throws(GoogleAPIError) -> [(grid: GridRange, singleCell: Bool)] {
        try filter.rejectUnknown(["a1Range", "gridRange", "developerMetadataLookup"])
        if let text = try filter.string("a1Range") {
            return [try writeTarget(spreadsheet, text)]
        }
        if let grid = try filter.object("gridRange") {
            let resolved = try grid.gridRange(in: spreadsheet)
            return [(resolved, resolved.rowCount == 1 && resolved.columnCount == 1)]
        }
        if let lookup = try filter.object("developerMetadataLookup") {
            var grids: [(grid: GridRange, singleCell: Bool)] = []
            for metadata in spreadsheet.developerMetadata where try metadata.matches(lookup) {
                if let grid = metadata.grid(in: spreadsheet) { grids.append((grid, false)) }
            }
            return grids
        }
        throw GoogleAPIError.invalidArgument("Invalid \(filter.path): a data filter needs a1Range, gridRange or developerMetadataLookup")  // assumed wording
    }

    static func batchGetByDataFilter(_ spreadsheet: Spreadsheet, body: RequestBody) throws(GoogleAPIError) -> JSONValue {
        try body.rejectUnknown(["dataFilters", "majorDimension", "valueRenderOption", "dateTimeRenderOption"])
        var options = ReadOptions()
        options.majorDimension = try body.enumeration("majorDimension", ReadOptions.Dimension.self, typeName: "Dimension", unspecified: "DIMENSION_UNSPECIFIED") ?? .rows
        options.valueRender = try body.enumeration("valueRenderOption", ReadOptions.ValueRender.self, typeName: "ValueRenderOption", unspecified: "") ?? .formatted
        options.dateTimeRender = try body.enumeration("dateTimeRenderOption", ReadOptions.DateTimeRender.self, typeName: "DateTimeRenderOption", unspecified: "") ?? .serialNumber
        var ranges: [JSONValue] = []
        var cells = 0
        for (index, item) in try body.array("dataFilters").enumerated() {
            let filter = try RequestBody.object(item, at: "dataFilters[\(index)]")
            for target in try resolve(filter, in: spreadsheet) {
                cells += target.grid.rowCount * target.grid.columnCount
                guard cells <= spreadsheet.cellBudget else {
                    throw GoogleAPIError.range(.tooManyCells(requested: cells, gridCells: spreadsheet.gridCells, budget: spreadsheet.cellBudget))
                }
                let valueRange = ValueRange(sheet: spreadsheet.sheets[target.grid.sheetIndex], grid: target.grid, options: options)
                ranges.append(.object([("valueRange", valueRange.json), ("dataFilters", [item])]))
            }
        }
        var members: [(String, JSONValue)] = [("spreadsheetId", .string(spreadsheet.id))]
        if !ranges.isEmpty { members.append(("valueRanges", .array(ranges))) }
        return .object(members)
    }

    static func batchUpdateByDataFilter(_ spreadsheet: inout Spreadsheet, body: RequestBody) throws(GoogleAPIError) -> JSONValue {
        try body.rejectUnknown(BatchWriteOptions.fields)
        let options = try BatchWriteOptions(body)
        var writes: [(rows: [[JSONValue]], target: (grid: GridRange, singleCell: Bool), filter: JSONValue)] = []
        for (index, item) in try body.array("data").enumerated() {
            let entry = try RequestBody.object(item, at: "data[\(index)]")
            let input = try ValueRangeInput(entry, extraFields: ["dataFilter"])
            guard let filterJSON = entry.value("dataFilter"), let filter = try entry.object("dataFilter") else {
                throw GoogleAPIError.invalidArgument("Invalid data[\(index)]: a dataFilter is required")  // assumed wording
            }
            for target in try resolve(filter, in: spreadsheet) { writes.append((input.rows, target, filterJSON)) }
        }
        var before = spreadsheet
        var outcomes: [Spreadsheet.WriteOutcome] = []
        for write in writes {
            do {
                outcomes.append(try spreadsheet.write(write.rows, at: write.target.grid, bounded: !write.target.singleCell, input: options.input))
            } catch {
                swap(&spreadsheet, &before)
                throw error
            }
        }
        let responses = zip(outcomes, writes).map { outcome, write in
            updateResponse(spreadsheet, outcome, include: options.include, options: options.response, extra: [("dataFilter", write.filter)], withID: false)
        }
        return batchResponse(spreadsheet, outcomes, responses: responses)
    }

    static func batchClearByDataFilter(_ spreadsheet: inout Spreadsheet, body: RequestBody) throws(GoogleAPIError) -> JSONValue {
        try body.rejectUnknown(["dataFilters"])
        var grids: [GridRange] = []
        for (index, item) in try body.array("dataFilters").enumerated() {
            grids.append(contentsOf: try resolve(RequestBody.object(item, at: "dataFilters[\(index)]"), in: spreadsheet).map(\.grid))
        }
        for grid in grids { spreadsheet.clear(grid) }
        var members: [(String, JSONValue)] = [("spreadsheetId", .string(spreadsheet.id))]
        if !grids.isEmpty {
            members.append(("clearedRanges", .array(grids.map { .string($0.a1(title: spreadsheet.sheets[$0.sheetIndex].title)) })))
        }
        return .object(members)
    }
}
