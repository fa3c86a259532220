import DrydockCore
import DrydockCredentials
import DrydockHTTP

/// The Google Sheets API v4 over the shared authorized pipeline: `spreadsheets.get`, `values.get` and
/// `values.batchGet`. Retries follow `GoogleAPICaller`.
public struct SheetsClient: Sendable {
    public static let defaultEndpoint = "https://sheets.googleapis.com"

    /// How cell values come back (`valueRenderOption`).
    public enum Render: String, Sendable, CaseIterable {
        case formatted = "FORMATTED_VALUE"
        case unformatted = "UNFORMATTED_VALUE"
        case formula = "FORMULA"
    }

    public let caller: GoogleAPICaller
    public let endpoint: String

    public init(pipeline: AuthorizedPipeline, endpoint: String = SheetsClient.defaultEndpoint,
                retry: GoogleAPICaller.Configuration = .init()) {
        caller = GoogleAPICaller(api: "Sheets", pipeline: pipeline, configuration: retry)
        self.endpoint = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
    }

    /// `SHEETS_API_ENDPOINT`, else Google's.
    public init(pipeline: AuthorizedPipeline, environment: Environment, retry: GoogleAPICaller.Configuration = .init()) {
        self.init(pipeline: pipeline, endpoint: environment["SHEETS_API_ENDPOINT"] ?? Self.defaultEndpoint, retry: retry)
    }

    private func url(_ spreadsheetID: String, _ suffix: String, _ query: [(String, String)] = []) -> String {
        let base = "\(endpoint)/v4/spreadsheets/\(PercentEncoding.encode(spreadsheetID))\(suffix)"
        return query.isEmpty ? base : base + "?" + FormEncoding.encode(query)
    }

    /// The spreadsheet's title and sheets.
    public func spreadsheet(_ id: String) throws -> Spreadsheet {
        let json = try caller.json(ClientRequest(method: "GET", url: url(id, ""), headers: ["Accept": "application/json"]))
        let sheets = (json["sheets"]?.arrayValue ?? []).compactMap { sheet -> Spreadsheet.Sheet? in
            guard let properties = sheet["properties"], let title = properties["title"]?.stringValue else { return nil }
            return Spreadsheet.Sheet(
                sheetId: properties["sheetId"]?.intValue ?? 0, title: title, index: properties["index"]?.intValue ?? 0,
                rowCount: properties["gridProperties"]?["rowCount"]?.intValue ?? 0,
                columnCount: properties["gridProperties"]?["columnCount"]?.intValue ?? 0)
        }
        return Spreadsheet(id: id, title: json["properties"]?["title"]?.stringValue ?? "", sheets: sheets)
    }

    /// The cells of one A1 range.
    public func values(_ id: String, range: String, render: Render = .formatted, columns: Bool = false) throws -> ValueRange {
        var query: [(String, String)] = [("valueRenderOption", render.rawValue)]
        if columns { query.append(("majorDimension", "COLUMNS")) }
        let json = try caller.json(ClientRequest(
            method: "GET", url: url(id, "/values/\(PercentEncoding.encode(range))", query), headers: ["Accept": "application/json"]))
        return ValueRange(json: json, requested: range)
    }

    /// The cells of several ranges in one request.
    public func batchValues(_ id: String, ranges: [String], render: Render = .formatted) throws -> [ValueRange] {
        let query = ranges.map { ("ranges", $0) } + [("valueRenderOption", render.rawValue)]
        let json = try caller.json(ClientRequest(
            method: "GET", url: url(id, "/values:batchGet", query), headers: ["Accept": "application/json"]))
        let ranges = json["valueRanges"]?.arrayValue ?? []
        return zip(ranges, ranges.indices).map { ValueRange(json: $0.0, requested: "#\($0.1)") }
    }
}

/// A spreadsheet's metadata.
public struct Spreadsheet: Sendable, Equatable {
    public struct Sheet: Sendable, Equatable {
        public let sheetId: Int
        public let title: String
        public let index: Int
        public let rowCount: Int
        public let columnCount: Int
    }
    public let id: String
    public let title: String
    public let sheets: [Sheet]
}

/// The values of one range: rows of cells, each a JSON string, number or boolean.
public struct ValueRange: Sendable {
    /// The range Sheets reports (normalised, e.g. `August!A1:J40`).
    public let range: String
    public let rows: [[JSONValue]]

    init(json: JSONValue, requested: String) {
        range = json["range"]?.stringValue ?? requested
        rows = (json["values"]?.arrayValue ?? []).map { $0.arrayValue ?? [] }
    }

    /// A cell as text: strings as they are, numbers as written, booleans TRUE/FALSE.
    public static func text(_ cell: JSONValue) -> String {
        switch cell {
        case .string(let s): s
        case .number(let n): n
        case .bool(let b): b ? "TRUE" : "FALSE"
        case .null: ""
        default: cell.serialized()
        }
    }
}
