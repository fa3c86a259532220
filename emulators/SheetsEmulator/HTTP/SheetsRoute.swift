import DrydockHTTP

/// A request resolved to a Sheets method, by HTTP method and path (as the discovery document lists them):
///
/// | | path under `/v4/spreadsheets/{spreadsheetId}` |
/// |---|---|
/// | GET | `` (spreadsheets.get), `/values/{range}`, `/values:batchGet` |
/// | POST | `/v4/spreadsheets` itself (create), `:batchUpdate`, `:getByDataFilter`, `/sheets/{sheetId}:copyTo`, `/developerMetadata:search` |
/// | GET | `/developerMetadata/{metadataId}` |
/// | PUT | `/values/{range}` (values.update) |
/// | POST | `/values/{range}:append`, `/values/{range}:clear`, `/values:batchUpdate`, `/values:batchClear`, `/values:batch{Get,Update,Clear}ByDataFilter` |
struct SheetsRoute: Sendable {
    let method: SheetsMethod
    let spreadsheetID: String
    /// The range of a `values/{range}` path, percent-decoded (`+` stays a plus in a path); the sheet id
    /// of `sheets/{sheetId}:copyTo`; the metadata id of `developerMetadata/{metadataId}`.
    let range: String?

    static let prefix = "/v4/spreadsheets"

    /// `values:{verb}` → method, for POSTs on the collection.
    private static let valuesCollectionVerbs: [String: SheetsMethod] = [
        "batchUpdate": .valuesBatchUpdate, "batchClear": .valuesBatchClear,
        "batchGetByDataFilter": .valuesBatchGetByDataFilter, "batchUpdateByDataFilter": .valuesBatchUpdateByDataFilter,
        "batchClearByDataFilter": .valuesBatchClearByDataFilter,
    ]

    /// nil when nothing matches (Google's HTML 404 page).
    init?(_ request: HTTPRequest) {
        if request.rawPath == Self.prefix, request.method == "POST" {
            method = .create
            spreadsheetID = ""
            range = nil
            return
        }
        guard request.rawPath.hasPrefix(Self.prefix + "/") else { return nil }
        // Split before decoding, so an encoded "/" (%2F) stays inside its segment.
        let segments = request.rawPath.dropFirst(Self.prefix.count + 1)
            .split(separator: "/", omittingEmptySubsequences: false)
        guard let first = segments.first else { return nil }
        var id = PercentEncoding.decode(String(first), plusAsSpace: false)
        let verb = request.method
        if segments.count == 1, verb == "POST", let colon = id.lastIndex(of: ":") {
            let verbName = String(id[id.index(after: colon)...])
            id = String(id[..<colon])
            guard !id.isEmpty, !id.contains(":") else { return nil }
            switch verbName {
            case "batchUpdate": method = .batchUpdate
            case "getByDataFilter": method = .getByDataFilter
            default: return nil
            }
            spreadsheetID = id
            range = nil
            return
        }
        guard !id.isEmpty, !id.contains(":") else { return nil }
        spreadsheetID = id
        switch segments.count {
        case 1:
            guard verb == "GET" else { return nil }
            method = .get
            range = nil
        case 2:
            let second = PercentEncoding.decode(String(segments[1]), plusAsSpace: false)
            if verb == "GET", second == "values:batchGet" {
                method = .valuesBatchGet
            } else if verb == "POST", second == "developerMetadata:search" {
                method = .developerMetadataSearch
            } else if verb == "POST", second.hasPrefix("values:"), let found = Self.valuesCollectionVerbs[String(second.dropFirst("values:".count))] {
                method = found
            } else {
                return nil
            }
            range = nil
        case 3 where PercentEncoding.decode(String(segments[1]), plusAsSpace: false) == "sheets":
            let target = PercentEncoding.decode(String(segments[2]), plusAsSpace: false)
            guard verb == "POST", target.hasSuffix(":copyTo") else { return nil }
            method = .sheetsCopyTo
            range = String(target.dropLast(":copyTo".count))
        case 3 where PercentEncoding.decode(String(segments[1]), plusAsSpace: false) == "developerMetadata":
            guard verb == "GET" else { return nil }
            method = .developerMetadataGet
            range = PercentEncoding.decode(String(segments[2]), plusAsSpace: false)
        default:
            guard PercentEncoding.decode(String(segments[1]), plusAsSpace: false) == "values" else { return nil }
            // A raw "/" inside a sheet title arrives as more segments: join them back.
            var decoded = PercentEncoding.decode(segments[2...].joined(separator: "/"), plusAsSpace: false)
            switch verb {
            case "GET": method = .valuesGet
            case "PUT": method = .valuesUpdate
            case "POST":
                if decoded.hasSuffix(":append") {
                    method = .valuesAppend
                    decoded.removeLast(":append".count)
                } else if decoded.hasSuffix(":clear") {
                    method = .valuesClear
                    decoded.removeLast(":clear".count)
                } else {
                    return nil
                }
            default: return nil
            }
            guard !decoded.isEmpty else { return nil }
            range = decoded
        }
    }
}
