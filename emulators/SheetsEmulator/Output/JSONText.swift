import DrydockCore

/// JSON text for single values, escaped exactly as `JSONValue.serialized()` does, so hand-written
/// responses match the ones built from `JSONValue`.
enum JSONText {
    static func string(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 2)
        JSONValue.writeString(text, to: &out)
        return out
    }

    /// A number as Sheets sends it: integral values without a fraction (`1250`), others in the shortest
    /// form that reads back exactly (`46248.395833333336`) — `JSONValue.number(_:)`'s text.
    static func number(_ value: Double) -> String {
        JSONValue.number(value).serialized()
    }
}
