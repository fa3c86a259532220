import DrydockCore
import GoogleOAuthEmulator

/// A `ValueRange` in a request body: `range` (optional where the URL names it), `majorDimension`
/// (COLUMNS values are transposed here, so writes always see rows) and `values`.
struct ValueRangeInput {
    var range: String?
    /// Row-major.
    var rows: [[JSONValue]]

    static let fields = ["range", "majorDimension", "values"]

    init(_ body: RequestBody, extraFields: [String] = []) throws(GoogleAPIError) {
        try body.rejectUnknown(Self.fields + extraFields)
        range = try body.string("range")
        let dimension = try body.enumeration("majorDimension", ReadOptions.Dimension.self, typeName: "Dimension", unspecified: "DIMENSION_UNSPECIFIED") ?? .rows
        var lines: [[JSONValue]] = []
        for (index, line) in try body.array("values").enumerated() {
            guard case .array(let cells) = line else {
                throw GoogleAPIError.invalidBodyValue(body.location("values[\(index)]"), type: "type.googleapis.com/google.protobuf.ListValue", line)
            }
            lines.append(cells)
        }
        rows = dimension == .rows ? lines : Self.transpose(lines)
    }

    /// Columns → rows; short columns leave nulls (skipped cells) below them.
    static func transpose(_ columns: [[JSONValue]]) -> [[JSONValue]] {
        let height = columns.map(\.count).max() ?? 0
        var rows = Array(repeating: [JSONValue](), count: height)
        for (index, column) in columns.enumerated() {
            for (row, value) in column.enumerated() {
                while rows[row].count < index { rows[row].append(.null) }
                rows[row].append(value)
            }
        }
        return rows
    }
}

extension ValueRange {
    /// This range as a JSON value (for `updatedData` and `valueRanges` inside larger responses).
    var json: JSONValue {
        var members: [(String, JSONValue)] = [("range", .string(range)), ("majorDimension", .string(majorDimension.rawValue))]
        if let lines = values {
            members.append(("values", .array(lines.map { line in
                .array(line.map { (try? JSONValue.parse($0)) ?? .string($0) })
            })))
        }
        return .object(members)
    }
}
