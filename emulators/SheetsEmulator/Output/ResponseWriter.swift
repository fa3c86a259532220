/// Writes `ValueRange` responses straight to bytes from precomputed JSON fragments, in exactly the
/// layout `JSONValue.serialized(pretty:)` produces (two-space indent, `": "`), so a 1,000-row read is a
/// copy, not a tree build.
struct ResponseWriter {
    private(set) var bytes: [UInt8] = []
    let pretty: Bool

    init(pretty: Bool, capacity: Int = 1024) {
        self.pretty = pretty
        bytes.reserveCapacity(capacity)
    }

    /// `{"range", "majorDimension", "values"}` (values.get).
    static func valueRange(_ range: ValueRange, pretty: Bool) -> [UInt8] {
        var writer = ResponseWriter(pretty: pretty, capacity: estimate(range))
        writer.write(range, level: 0)
        if pretty { writer.bytes.append(10) }
        return writer.bytes
    }

    /// `{"spreadsheetId", "valueRanges": [...]}` (values.batchGet); no `valueRanges` when none were asked for.
    static func batch(spreadsheetID: String, _ ranges: [ValueRange], pretty: Bool) -> [UInt8] {
        var writer = ResponseWriter(pretty: pretty, capacity: ranges.reduce(256) { $0 + estimate($1) })
        writer.raw("{")
        writer.newline(1)
        writer.key("spreadsheetId")
        writer.raw(JSONText.string(spreadsheetID))
        if !ranges.isEmpty {
            writer.raw(",")
            writer.newline(1)
            writer.key("valueRanges")
            writer.raw("[")
            for (index, range) in ranges.enumerated() {
                if index > 0 { writer.raw(",") }
                writer.newline(2)
                writer.write(range, level: 2)
            }
            writer.newline(1)
            writer.raw("]")
        }
        writer.newline(0)
        writer.raw("}")
        if pretty { writer.bytes.append(10) }
        return writer.bytes
    }

    private mutating func write(_ range: ValueRange, level: Int) {
        raw("{")
        newline(level + 1)
        key("range")
        raw(JSONText.string(range.range))
        raw(",")
        newline(level + 1)
        key("majorDimension")
        raw(JSONText.string(range.majorDimension.rawValue))
        if !range.lineEnds.isEmpty {
            raw(",")
            newline(level + 1)
            key("values")
            raw("[")
            let start = range.lineStart
            for (line, end) in range.lineEnds.enumerated() {
                if line > 0 { raw(",") }
                newline(level + 2)
                if end == start {
                    raw("[]")
                    continue
                }
                raw("[")
                if range.majorDimension == .rows {
                    // One row's cells, fetched once.
                    let cells = range.sheet.rows[range.grid.startRow + line]
                    for index in start..<end {
                        if index > start { raw(",") }
                        newline(level + 3)
                        raw(range.options.fragment(cells[index]))
                    }
                } else {
                    for index in start..<end {
                        if index > start { raw(",") }
                        newline(level + 3)
                        raw(range.fragment(line: line, index: index))
                    }
                }
                newline(level + 2)
                raw("]")
            }
            newline(level + 1)
            raw("]")
        }
        newline(level)
        raw("}")
    }

    private mutating func key(_ name: String) {
        raw(JSONText.string(name))
        raw(pretty ? ": " : ":")
    }

    private mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    private mutating func newline(_ level: Int) {
        guard pretty else { return }
        bytes.append(10)
        bytes.append(contentsOf: repeatElement(32, count: level * 2))
    }

    private static func estimate(_ range: ValueRange) -> Int {
        range.lineEnds.reduce(0) { $0 + $1 - range.lineStart } * 24 + 128
    }
}
