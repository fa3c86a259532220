import DrydockCore
import GoogleOAuthEmulator

/// `spreadsheets.getByDataFilter`, `spreadsheets.sheets.copyTo` and `spreadsheets.developerMetadata`
/// get/search.
extension SheetsEmulator {
    func otherMethod(_ route: SheetsRoute, body bytes: [UInt8]) -> Result<JSONValue, GoogleAPIError> {
        do throws(GoogleAPIError) {
            let body = try RequestBody.parse(bytes)
            switch route.method.id {
            case SheetsMethod.sheetsCopyTo.id: return .success(try copyTo(route, body: body))
            default: break
            }
            guard let spreadsheet = snapshot(route.spreadsheetID) else { throw GoogleAPIError.spreadsheetNotFound }
            switch route.method.id {
            case SheetsMethod.getByDataFilter.id:
                try body.rejectUnknown(["dataFilters", "includeGridData", "excludeTablesInBandedRanges", "commentsViewMode"])
                var query = SheetsQuery()
                query.includeGridData = try body.bool("includeGridData")
                var grids: [GridRange] = []
                for (index, item) in try body.array("dataFilters").enumerated() {
                    grids += try Self.resolve(RequestBody.object(item, at: "dataFilters[\(index)]"), in: spreadsheet).map(\.grid)
                }
                query.ranges = grids.map { $0.a1(title: spreadsheet.sheets[$0.sheetIndex].title) }
                var answer = try Self.spreadsheetJSON(spreadsheet, query: query)
                // Filters that select no cells select no sheets (no filters at all: every sheet, as get).
                if grids.isEmpty, !(try body.array("dataFilters")).isEmpty, case .object(var members) = answer {
                    members = members.map { $0.0 == "sheets" ? ("sheets", []) : $0 }
                    answer = .object(members)
                }
                return .success(answer)
            case SheetsMethod.developerMetadataGet.id:
                guard let id = Int(route.range ?? ""), let found = spreadsheet.developerMetadata.first(where: { $0.id == id }) else {
                    // Assumed wording (Sheets answers 404 for an unknown metadata id).
                    throw GoogleAPIError(code: 404, status: "NOT_FOUND", message: "No developer metadata with ID: \(route.range ?? "")")
                }
                return .success(found.json)
            default:
                try body.rejectUnknown(["dataFilters"])
                var matched: [JSONValue] = []
                for (index, item) in try body.array("dataFilters").enumerated() {
                    let filter = try RequestBody.object(item, at: "dataFilters[\(index)]")
                    try filter.rejectUnknown(["a1Range", "gridRange", "developerMetadataLookup"])
                    guard let lookup = try filter.object("developerMetadataLookup") else { continue }
                    for metadata in spreadsheet.developerMetadata {
                        if try metadata.matches(lookup) { matched.append(.object([("developerMetadata", metadata.json), ("dataFilters", [item])])) }
                    }
                }
                return .success(matched.isEmpty ? [:] : ["matchedDeveloperMetadata": .array(matched)])
            }
        } catch {
            return .failure(error)
        }
    }

    /// sheets.copyTo: the sheet (cells, formats, formulas) into another spreadsheet as "Copy of <title>".
    private func copyTo(_ route: SheetsRoute, body: RequestBody) throws(GoogleAPIError) -> JSONValue {
        try body.rejectUnknown(["destinationSpreadsheetId"])
        guard let destination = try body.string("destinationSpreadsheetId"), !destination.isEmpty else {
            throw GoogleAPIError.invalidArgument("destinationSpreadsheetId is required")  // assumed wording
        }
        guard let source = snapshot(route.spreadsheetID) else { throw GoogleAPIError.spreadsheetNotFound }
        guard let sheetId = Int(route.range ?? ""), let index = source.sheetIndex(id: sheetId) else {
            throw GoogleAPIError.invalidArgument("No grid with id: \(route.range ?? "")")
        }
        var copy = source.sheets[index]
        return try mutate(destination) { target -> Result<JSONValue, GoogleAPIError> in
            var title = "Copy of " + copy.title
            var number = 2
            while target.sheets.contains(where: { $0.title.lowercased() == title.lowercased() }) {
                title = "Copy \(number) of " + copy.title
                number += 1
            }
            copy.title = title
            copy.sheetId = target.newSheetID()
            copy.index = target.sheets.count
            guard target.gridCells + copy.rowCount * copy.columnCount <= Spreadsheet.maximumCells else { return .failure(.tooManyCellsInWorkbook) }
            target.sheets.append(copy)
            // Formulas take the destination's syntax (`;` between arguments in a decimal-comma locale).
            if target.localeRules != source.localeRules { target.relocalize() }
            target.recalculate(changed: nil)
            return .success(Self.properties(of: copy))
        }.get()
    }
}
