/// A Query's key condition, checked against the key schema it reads: equality on the partition key,
/// optionally AND one of `= < <= > >= BETWEEN begins_with` on the sort key. Messages are DynamoDB's.
///
/// On a global secondary index with a multi-attribute key (see `KeySchema`) every partition attribute
/// needs an equality, and sort attributes are constrained left to right: a condition on one needs
/// equalities on all sort attributes before it, so only the last one constrained may use `< <= > >=
/// BETWEEN begins_with`.
struct KeyCondition {
    let hashName: String
    let hashValue: AttributeValue
    /// The sort-key part, as a condition over the item (a multi-attribute key's last one constrained).
    let rangeCondition: Condition?
    /// Every partition attribute's value (one for a table's or a single-attribute index's key).
    let hashValues: [(name: String, value: AttributeValue)]
    /// Conditions on sort attributes before the last one constrained (all equalities); empty unless
    /// the schema has a multi-attribute sort key.
    let rangePrefix: [Condition]

    init(_ condition: Condition, schema: KeySchema) throws(DynamoDBError) {
        var parts: [Condition] = []
        func flatten(_ c: Condition) throws(DynamoDBError) {
            switch c {
            case .and(let a, let b):
                try flatten(a)
                try flatten(b)
            case .or: throw .validation("Invalid operator used in KeyConditionExpression: OR")
            case .not: throw .validation("Invalid operator used in KeyConditionExpression: NOT")
            case .isIn: throw .validation("Invalid operator used in KeyConditionExpression: IN")
            case .attributeExists: throw .validation("Invalid operator used in KeyConditionExpression: attribute_exists")
            case .attributeNotExists: throw .validation("Invalid operator used in KeyConditionExpression: attribute_not_exists")
            case .attributeType: throw .validation("Invalid operator used in KeyConditionExpression: attribute_type")
            case .contains: throw .validation("Invalid operator used in KeyConditionExpression: contains")
            case .compare(_, .ne, _): throw .validation("Invalid operator used in KeyConditionExpression: <>")
            default: parts.append(c)
            }
        }
        try flatten(condition)
        // Texts captured from AWS with the CLI (a public emulator's pull request; the one-per-key text
        // is also quoted from AWS in public issues).
        for part in parts where Self.paths(of: part).contains(where: { $0.elements.count > 1 }) {
            throw .validation("Invalid KeyConditionExpression: KeyConditionExpressions cannot have conditions on nested attributes")
        }
        let constrained = parts.compactMap { Self.paths(of: $0).first?.attribute }
        if Set(constrained).count < constrained.count {
            throw .validation("KeyConditionExpressions must only contain one condition per key")
        }
        if !schema.isMultiAttribute, parts.count > 2 { throw .validation("Conditions can be of length 1 or 2 only") }
        // Indexed by position in the schema (small arrays: this runs on every Query).
        var hashValues = [AttributeValue?](repeating: nil, count: schema.hashAttributes.count)
        var rangeParts = [Condition?](repeating: nil, count: schema.rangeAttributes.count)
        for part in parts {
            let (attribute, values) = try Self.subject(part)
            if let position = schema.hashAttributes.firstIndex(where: { $0.name == attribute }) {
                guard case .compare(_, .eq, _) = part, hashValues[position] == nil else {
                    throw .validation("Query key condition not supported")
                }
                try Self.checkTypes(values, schema.hashAttributes[position])
                hashValues[position] = values[0]
            } else if let position = schema.rangeAttributes.firstIndex(where: { $0.name == attribute }), rangeParts[position] == nil {
                let rangeKey = schema.rangeAttributes[position]
                if case .beginsWith = part, rangeKey.type == "N" {
                    throw .validation("Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N")
                }
                try Self.checkTypes(values, rangeKey)
                rangeParts[position] = part
            } else {
                throw .validation("Query key condition not supported")
            }
        }
        var orderedHash: [(name: String, value: AttributeValue)] = []
        orderedHash.reserveCapacity(hashValues.count)
        for (key, value) in zip(schema.hashAttributes, hashValues) {
            guard let value else { throw .validation("Query condition missed key schema element: \(key.name)") }
            orderedHash.append((key.name, value))
        }
        try Self.checkLeftToRight(rangeParts, schema: schema)
        let last = rangeParts.lastIndex { $0 != nil }
        self.hashName = schema.hash.name
        self.hashValue = orderedHash[0].value
        self.hashValues = orderedHash
        rangeCondition = last.flatMap { rangeParts[$0] }
        rangePrefix = last.map { rangeParts[..<$0].compactMap { $0 } } ?? []
    }

    /// A condition on a sort attribute needs equalities on every sort attribute before it (text as
    /// DynamoDB Local 3.3.1 answers, recorded by a public emulator's pull request; assumed to be
    /// DynamoDB's).
    private static func checkLeftToRight(_ rangeParts: [Condition?], schema: KeySchema) throws(DynamoDBError) {
        for later in rangeParts.indices where later > 0 && rangeParts[later] != nil {
            for prior in 0..<later {
                if let part = rangeParts[prior], case .compare(_, .eq, _) = part { continue }
                throw .validation("RANGE key attributes \(schema.rangeAttributes[prior].name) must have equality conditions specified in the query because a condition is present on key attribute \(schema.rangeAttributes[later].name)")
            }
        }
    }

    func matches(_ item: Item) -> Bool {
        hashValues.allSatisfy { item[$0.name] == $0.value }
            && rangePrefix.allSatisfy { $0.evaluate(item) } && (rangeCondition?.evaluate(item) ?? true)
    }

    /// Where the matching keys lie among a partition's keys in ascending sort-key order: every key for
    /// which `below` holds comes before the first match, every key for which `through` fails after the
    /// last (both hold for a prefix of the keys, so each is found by binary search). Every operator a key
    /// condition allows selects one contiguous run.
    var sortKeyRun: (below: (AttributeValue) -> Bool, through: (AttributeValue) -> Bool) {
        func order(_ x: AttributeValue, _ y: AttributeValue) -> Int { x.compare(y) ?? 0 }
        let everything: (below: (AttributeValue) -> Bool, through: (AttributeValue) -> Bool) = ({ _ in false }, { _ in true })
        guard let rangeCondition else { return everything }
        switch rangeCondition {
        case .compare(.path, let comparator, .value(let v)):
            return Self.run(comparator, v, order)
        case .compare(.value(let v), let comparator, .path):
            let mirrored: Condition.Comparator = switch comparator {
            case .lt: .gt
            case .le: .ge
            case .gt: .lt
            case .ge: .le
            default: comparator
            }
            return Self.run(mirrored, v, order)
        case .between(.path, .value(let low), .value(let high)):
            return ({ order($0, low) < 0 }, { order($0, high) <= 0 })
        case .beginsWith(.path, .value(let prefix)):
            return ({ order($0, prefix) < 0 }, { order($0, prefix) < 0 || Self.starts($0, with: prefix) })
        default:
            return everything
        }
    }

    private static func run(
        _ comparator: Condition.Comparator, _ v: AttributeValue, _ order: @escaping (AttributeValue, AttributeValue) -> Int
    ) -> (below: (AttributeValue) -> Bool, through: (AttributeValue) -> Bool) {
        switch comparator {
        case .eq: ({ order($0, v) < 0 }, { order($0, v) <= 0 })
        case .lt: ({ _ in false }, { order($0, v) < 0 })
        case .le: ({ _ in false }, { order($0, v) <= 0 })
        case .gt: ({ order($0, v) <= 0 }, { _ in true })
        case .ge: ({ order($0, v) < 0 }, { _ in true })
        case .ne: ({ _ in false }, { _ in true })
        }
    }

    private static func starts(_ value: AttributeValue, with prefix: AttributeValue) -> Bool {
        switch (value, prefix) {
        case (.s(let s), .s(let p)): s.utf8.starts(with: p.utf8)
        case (.b(let s), .b(let p)): s.starts(with: p)
        default: false
        }
    }

    /// The document paths one part reads.
    private static func paths(of part: Condition) -> [DocumentPath] { part.paths }

    /// The key attribute a part constrains and the values it compares with.
    private static func subject(_ part: Condition) throws(DynamoDBError) -> (String, [AttributeValue]) {
        let unsupported = DynamoDBError.validation("Query key condition not supported")
        switch part {
        case .compare(.path(let p), _, .value(let v)), .compare(.value(let v), _, .path(let p)):
            guard p.elements.count == 1 else { throw unsupported }
            return (p.attribute, [v])
        case .between(.path(let p), .value(let a), .value(let b)):
            guard p.elements.count == 1 else { throw unsupported }
            return (p.attribute, [a, b])
        case .beginsWith(.path(let p), .value(let v)):
            guard p.elements.count == 1 else { throw unsupported }
            return (p.attribute, [v])
        default:
            throw unsupported
        }
    }

    private static func checkTypes(_ values: [AttributeValue], _ key: KeyAttribute) throws(DynamoDBError) {
        for value in values where value.typeTag != key.type {
            throw .invalidParameter("Condition parameter type does not match schema type")
        }
    }
}
