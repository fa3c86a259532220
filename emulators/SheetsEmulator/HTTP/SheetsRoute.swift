import DrydockHTTP

/// A request resolved to a Sheets method: `GET /v4/spreadsheets/{spreadsheetId}`,
/// `GET /v4/spreadsheets/{spreadsheetId}/values/{range}`, `GET /v4/spreadsheets/{spreadsheetId}/values:batchGet`.
struct SheetsRoute: Sendable {
    let method: SheetsMethod
    let spreadsheetID: String
    /// `values.get`'s range, percent-decoded (`+` stays a plus in a path).
    let range: String?

    static let prefix = "/v4/spreadsheets"

    /// nil when nothing matches (Google's HTML 404 page).
    init?(_ request: HTTPRequest) {
        guard request.method == "GET", request.rawPath.hasPrefix(Self.prefix + "/") else { return nil }
        // Split before decoding, so an encoded "/" (%2F) stays inside its segment.
        let segments = request.rawPath.dropFirst(Self.prefix.count + 1)
            .split(separator: "/", omittingEmptySubsequences: false)
        guard let first = segments.first else { return nil }
        let id = PercentEncoding.decode(String(first), plusAsSpace: false)
        guard !id.isEmpty else { return nil }
        spreadsheetID = id
        switch segments.count {
        case 1:
            method = .get
            range = nil
        case 2 where PercentEncoding.decode(String(segments[1]), plusAsSpace: false) == "values:batchGet":
            method = .valuesBatchGet
            range = nil
        default:
            guard segments.count >= 3, PercentEncoding.decode(String(segments[1]), plusAsSpace: false) == "values" else { return nil }
            // A raw "/" inside a sheet title arrives as more segments: join them back.
            let raw = segments[2...].joined(separator: "/")
            guard !raw.isEmpty else { return nil }
            method = .valuesGet
            range = PercentEncoding.decode(raw, plusAsSpace: false)
        }
    }
}
