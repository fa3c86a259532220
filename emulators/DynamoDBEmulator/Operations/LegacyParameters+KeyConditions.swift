import DrydockCore

/// `KeyConditions` (Query's legacy member), checked against the key schema it reads.
extension LegacyParameters {
    /// The KeyConditions as a key condition over `schema` (the table's or the index's), with
    /// DynamoDB's checks: every key element present (the sort key may be left out), only indexable
    /// operators, values of the key's type, equality on the partition key.
    static func keyCondition(_ conditions: [LegacyCondition], schema: KeySchema) throws(DynamoDBError) -> Condition {
        if schema.isMultiAttribute { return try multiAttributeKeyCondition(conditions, schema: schema) }
        if conditions.count > 2 { throw .validation("Conditions can be of length 1 or 2 only") }
        let byName = Dictionary(conditions.map { ($0.attribute, $0) }, uniquingKeysWith: { a, _ in a })
        var parts: [Condition] = []
        for (position, key) in schema.attributes.enumerated() {
            let isHash = position == 0
            if isHash, schema.attributes.count == 1, conditions.count > 1 {
                throw .validation("Query key condition not supported")
            }
            guard let condition = byName[key.name] else {
                if isHash || conditions.count > 1 { throw .validation("Query condition missed key schema element: \(key.name)") }
                continue
            }
            try checkIndexable(condition, key: key)
            if isHash, condition.comparison != .eq { throw .validation("Query key condition not supported") }
            parts.append(condition.condition)
        }
        return try joined(parts, schema: schema)
    }

    /// KeyConditions on a multi-attribute GSI key: every partition attribute with EQ, sort attributes
    /// optional (`KeyCondition` then checks them left to right, as for KeyConditionExpression).
    private static func multiAttributeKeyCondition(_ conditions: [LegacyCondition], schema: KeySchema) throws(DynamoDBError) -> Condition {
        let byName = Dictionary(conditions.map { ($0.attribute, $0) }, uniquingKeysWith: { a, _ in a })
        for key in schema.hashAttributes where byName[key.name] == nil {
            throw .validation("Query condition missed key schema element: \(key.name)")
        }
        var parts: [Condition] = []
        for condition in conditions {
            guard let key = schema.attributes.first(where: { $0.name == condition.attribute }) else {
                throw .validation("Query key condition not supported")
            }
            try checkIndexable(condition, key: key)
            parts.append(condition.condition)
        }
        return try joined(parts, schema: schema)
    }

    /// An operator a key condition may use, with values of the key's type.
    private static func checkIndexable(_ condition: LegacyCondition, key: KeyAttribute) throws(DynamoDBError) {
        switch condition.comparison {
        case .null, .notNull, .ne, .contains, .notContains, .isIn:
            throw .validation("Attempted conditional constraint is not an indexable operation")
        default: break
        }
        if condition.values.contains(where: { $0.typeTag != key.type }) {
            throw .invalidParameter("Condition parameter type does not match schema type")
        }
    }

    /// The parts AND-ed together, in order.
    private static func joined(_ parts: [Condition], schema: KeySchema) throws(DynamoDBError) -> Condition {
        guard let first = parts.first else { throw .validation("Query condition missed key schema element: \(schema.hash.name)") }
        return parts.dropFirst().reduce(first) { .and($0, $1) }
    }
}
