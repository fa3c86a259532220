import DrydockCore

/// Sums `ConsumedCapacity` entries per table (every number member, nested ones too), in the order
/// tables were first seen.
enum ConsumedCapacitySum {
    static func byTable(_ entries: [JSONValue]) -> [JSONValue] {
        var order: [String] = []
        var sums: [String: JSONValue] = [:]
        for entry in entries {
            let table = entry["TableName"]?.stringValue ?? ""
            if let sum = sums[table] { sums[table] = add(sum, entry) } else {
                order.append(table)
                sums[table] = entry
            }
        }
        return order.compactMap { sums[$0] }
    }

    private static func add(_ a: JSONValue, _ b: JSONValue) -> JSONValue {
        switch (a, b) {
        case (.number, .number): return .number((a.doubleValue ?? 0) + (b.doubleValue ?? 0))
        case (.object(let left), .object(let right)):
            var out = left
            for (key, value) in right {
                if let at = out.firstIndex(where: { $0.0 == key }) { out[at].1 = add(out[at].1, value) } else { out.append((key, value)) }
            }
            return .object(out)
        default: return a
        }
    }
}
