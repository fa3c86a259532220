import DrydockCore
import GoogleOAuthEmulator

/// `POST /v4/spreadsheets/{id}:batchUpdate`: the requests apply in order to a working copy, and only
/// when all succeed does the copy replace the spreadsheet (one failure changes nothing, as in Sheets).
/// Replies come in request order: `{}` for kinds without a reply. A request of a kind the emulator
/// does not model is a 400 naming it (the emulator's own words: Sheets would apply it), a name that is
/// no request kind at all Google's transcoder error.
extension SheetsEmulator {
    /// Every `Request` kind of the Sheets v4 discovery document.
    static let requestKinds: Set<String> = [
        "addBanding", "addChart", "addCommentReply", "addConditionalFormatRule", "addDataSource", "addDimensionGroup",
        "addFilterView", "addNamedRange", "addProtectedRange", "addSheet", "addSlicer", "addTable", "appendCells",
        "appendDimension", "autoFill", "autoResizeDimensions", "cancelDataSourceRefresh", "clearBasicFilter", "copyPaste",
        "createDeveloperMetadata", "cutPaste", "deleteBanding", "deleteComment", "deleteCommentReply",
        "deleteConditionalFormatRule", "deleteDataSource", "deleteDeveloperMetadata", "deleteDimension",
        "deleteDimensionGroup", "deleteDuplicates", "deleteEmbeddedObject", "deleteFilterView", "deleteNamedRange",
        "deleteProtectedRange", "deleteRange", "deleteSheet", "deleteTable", "duplicateFilterView", "duplicateSheet",
        "findReplace", "insertComment", "insertDimension", "insertRange", "mergeCells", "moveDimension", "pasteData",
        "randomizeRange", "refreshDataSource", "repeatCell", "setBasicFilter", "setDataValidation", "sortRange",
        "textToColumns", "trimWhitespace", "unmergeCells", "updateBanding", "updateBorders", "updateCells",
        "updateChartSpec", "updateCommentPost", "updateConditionalFormatRule", "updateDataSource",
        "updateDeveloperMetadata", "updateDimensionGroup", "updateDimensionProperties", "updateEmbeddedObjectBorder",
        "updateEmbeddedObjectPosition", "updateFilterView", "updateNamedRange", "updateProtectedRange",
        "updateSheetProperties", "updateSlicerSpec", "updateSpreadsheetProperties", "updateTable",
    ]

    /// The kinds the emulator applies.
    static let modelledKinds = [
        "addSheet", "deleteSheet", "duplicateSheet", "updateSheetProperties", "updateSpreadsheetProperties", "updateCells",
        "repeatCell", "appendCells", "appendDimension", "insertDimension", "deleteDimension", "autoResizeDimensions",
        "addNamedRange", "deleteNamedRange", "mergeCells", "unmergeCells", "setDataValidation", "addProtectedRange",
        "createDeveloperMetadata",
    ]

    /// At most this many requests in one batch (the emulator's limit).
    static let maximumRequests = 10_000

    func batchUpdate(_ id: String, body bytes: [UInt8], pretty: Bool) -> Result<JSONValue, GoogleAPIError> {
        let body: RequestBody
        do {
            body = try RequestBody.parse(bytes)
            try body.rejectUnknown(["requests", "includeSpreadsheetInResponse", "responseRanges", "responseIncludeGridData"])
        } catch {
            return .failure(error)
        }
        return mutate(id) { spreadsheet in
            do throws(GoogleAPIError) {
                let requests = try body.array("requests")
                guard requests.count <= Self.maximumRequests else {
                    throw GoogleAPIError.invalidArgument("A batchUpdate may carry at most \(Self.maximumRequests) requests (the emulator's limit)")
                }
                var working = spreadsheet
                var replies: [JSONValue] = []
                for (index, item) in requests.enumerated() {
                    replies.append(try Self.apply(item, index: index, to: &working))
                }
                spreadsheet = working
                var members: [(String, JSONValue)] = [("spreadsheetId", .string(spreadsheet.id))]
                members.append(("replies", .array(replies)))
                if try body.bool("includeSpreadsheetInResponse") {
                    var query = SheetsQuery()
                    for (offset, range) in try body.array("responseRanges").enumerated() {
                        guard case .string(let text) = range else { throw GoogleAPIError.invalidBodyValue("response_ranges[\(offset)]", type: "TYPE_STRING", range) }
                        query.ranges.append(text)
                    }
                    query.includeGridData = try body.bool("responseIncludeGridData")
                    members.append(("updatedSpreadsheet", try Self.spreadsheetJSON(spreadsheet, query: query)))
                }
                return .success(.object(members))
            } catch {
                return .failure(error)
            }
        }
    }

    /// One request: its single member names the kind.
    static func apply(_ item: JSONValue, index: Int, to spreadsheet: inout Spreadsheet) throws(GoogleAPIError) -> JSONValue {
        let request = try RequestBody.object(item, at: "requests[\(index)]")
        guard let (kind, content) = request.members.first else {
            throw GoogleAPIError.invalidArgument("Invalid requests[\(index)]: No request set.")  // assumed wording
        }
        guard requestKinds.contains(kind) else { throw GoogleAPIError.unknownBodyField(kind, at: "requests[\(index)]") }
        guard request.members.count == 1 else {
            throw GoogleAPIError.invalidArgument("Invalid requests[\(index)]: a request sets exactly one kind, got \(request.members.map(\.0).joined(separator: ", "))")  // assumed wording
        }
        let prefix = "Invalid requests[\(index)].\(kind): "
        let body = try RequestBody.object(content, at: "requests[\(index)].\(kind)")
        do {
            return try StructureRequest.apply(kind, body, to: &spreadsheet)
        } catch let problem as Spreadsheet.Problem {
            throw GoogleAPIError.invalidArgument(prefix + problem.message)
        } catch let error as GoogleAPIError {
            // Errors about the request's own content read as Sheets words them for batchUpdate.
            if error.message.hasPrefix("Invalid JSON payload") || error.message.hasPrefix("Invalid value at") { throw error }
            throw GoogleAPIError(code: error.code, status: error.status, message: prefix + error.message, details: error.details)
        } catch {
            throw GoogleAPIError.invalidArgument(prefix + "\(error)")
        }
    }
}
