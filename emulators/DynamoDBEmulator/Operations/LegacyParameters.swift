import DrydockCore

/// The pre-2014 ("non-expression") members of one request — `KeyConditions`, `QueryFilter`,
/// `ScanFilter`, `Expected`, `ConditionalOperator`, `AttributesToGet`, `AttributeUpdates` — read,
/// checked with DynamoDB's rules and messages, and translated into the expression types
/// (`Condition`, `UpdateExpression`, projection paths) that the operations already evaluate.
///
/// Which members a request may carry follows from the expressions it may carry: a projection allows
/// `AttributesToGet`, a condition `Expected`, an update `AttributeUpdates`, a key condition
/// `KeyConditions`, a filter `QueryFilter` (Query) or `ScanFilter` (Scan); `ConditionalOperator` goes
/// with `Expected` and the filters.
struct LegacyParameters {
    /// KeyConditions, checked against the key schema only once the index is known (`keyCondition(for:)`).
    var keyConditions: [LegacyCondition]?
    var filter: Condition?
    var condition: Condition?
    var update: UpdateExpression?
    var attributesToGet: [String]?

    /// The legacy member names a request with these expression kinds may carry, in the order
    /// DynamoDB lists them in its mixing error.
    static func members(for kinds: Set<ExpressionKind>) -> [String] {
        var names: [String] = []
        if kinds.contains(.projection) { names.append("AttributesToGet") }
        if kinds.contains(.update) { names.append("AttributeUpdates") }
        if kinds.contains(.condition) { names.append("Expected") }
        if kinds.contains(.keyCondition) { names.append("KeyConditions") }
        if kinds.contains(.filter) { names.append(kinds.contains(.keyCondition) ? "QueryFilter" : "ScanFilter") }
        if kinds.contains(.condition) || kinds.contains(.filter) { names.append("ConditionalOperator") }
        return names
    }

    init(_ body: RequestBody, kinds: Set<ExpressionKind>, layer: ValueLayer) throws(DynamoDBError) {
        let allowed = Set(Self.members(for: kinds))
        var violations: [String] = []
        let conditionalOperator = allowed.contains("ConditionalOperator") ? try body.string("ConditionalOperator") : nil
        if let conditionalOperator, conditionalOperator != "AND", conditionalOperator != "OR" {
            violations.append("Value '\(conditionalOperator)' at 'conditionalOperator' failed to satisfy constraint: Member must satisfy enum value set: [OR, AND]")
        }
        let filterMember = kinds.contains(.keyCondition) ? "QueryFilter" : "ScanFilter"
        let keyMap = allowed.contains("KeyConditions") ? try Self.conditionMap(body, "KeyConditions", layer: layer, violations: &violations) : nil
        let filterMap = allowed.contains(filterMember) ? try Self.conditionMap(body, filterMember, layer: layer, violations: &violations) : nil
        let expectedMap = allowed.contains("Expected") ? try Self.conditionMap(body, "Expected", layer: layer, violations: &violations) : nil
        let updates = allowed.contains("AttributeUpdates") ? try Self.attributeUpdates(body, layer: layer, violations: &violations) : nil
        let names = allowed.contains("AttributesToGet") ? try Self.attributesToGet(body, violations: &violations) : nil
        if !violations.isEmpty { throw .constraint(Array(violations.prefix(10))) }
        if conditionalOperator != nil {
            // DynamoDB Local's texts (AWS's own emulator; assumed for the service).
            guard let map = filterMap ?? expectedMap else {
                throw .validation("ConditionalOperator cannot be used without Filter or Expected")
            }
            if map.count < 2 {
                throw .validation("ConditionalOperator can only be used when Filter or Expected has two or more elements")
            }
        }

        if let filterMap {
            filter = LegacyCondition.combine(try Self.checked(filterMap), with: conditionalOperator)
        }
        if let names {
            var seen = Set<String>()
            for name in names where !seen.insert(name).inserted {
                throw .invalidParameter("Duplicate value in attribute name: \(name)")
            }
            attributesToGet = names
        }
        if let updates { update = try Self.updateExpression(updates) }
        if let expectedMap {
            condition = LegacyCondition.combine(try Self.expected(expectedMap), with: conditionalOperator)
        }
        if let keyMap {
            let conditions = try Self.checked(keyMap)
            // Up to 8 for a multi-attribute GSI key; a single-attribute schema's limit of 2 is checked
            // against the schema (`keyCondition(_:schema:)`).
            if conditions.isEmpty || conditions.count > 8 { throw .validation("Conditions can be of length 1 or 2 only") }
            keyConditions = conditions
        }
    }

    /// `AttributesToGet` as projection paths (top-level names, taken literally).
    var projection: [DocumentPath]? {
        attributesToGet.map { names in names.map { DocumentPath(elements: [.name($0)]) } }
    }

    // MARK: Reading

    /// One member of a condition map as sent: `ComparisonOperator`, `AttributeValueList`, and for
    /// `Expected` also `Value` and `Exists`.
    struct RawCondition {
        let attribute: String
        let comparison: LegacyCondition.Operator?
        let valueList: [AttributeValue]?
        let value: AttributeValue?
        let exists: Bool?
    }

    /// Reads a condition map, collecting Coral's constraint violations (an operator outside the enum
    /// set; a missing operator except in `Expected`, where it is optional).
    static func conditionMap(_ body: RequestBody, _ member: String, layer: ValueLayer, violations: inout [String]) throws(DynamoDBError) -> [RawCondition]? {
        guard let value = body.value(member) else { return nil }
        guard case .object(let entries) = value else { throw AttributeValue.typeMismatch(value, "Map") }
        let path = member.prefix(1).lowercased() + member.dropFirst()
        var out: [RawCondition] = []
        for (attribute, entry) in entries {
            guard case .object(let members) = entry else { throw AttributeValue.typeMismatch(entry, "Structure") }
            let fields = RequestBody(members: members)
            let name = try fields.string("ComparisonOperator")
            let comparison = name.flatMap(LegacyCondition.Operator.init(rawValue:))
            let at = "\(path).\(attribute).member.comparisonOperator"
            if let name, comparison == nil {
                violations.append("Value '\(name)' at '\(at)' failed to satisfy constraint: Member must satisfy enum value set: \(LegacyCondition.Operator.enumSet)")
            } else if name == nil, member != "Expected" {
                violations.append("Value null at '\(at)' failed to satisfy constraint: Member must not be null")
            }
            var list: [AttributeValue]?
            if let items = try fields.array("AttributeValueList") {
                var values: [AttributeValue] = []
                for item in items { values.append(try AttributeValue.decode(item, layer: layer)) }
                list = values
            }
            let single = try fields.value("Value").map { (v) throws(DynamoDBError) in try AttributeValue.decode(v, layer: layer) }
            out.append(RawCondition(attribute: attribute, comparison: comparison, valueList: list, value: single, exists: try fields.bool("Exists")))
        }
        return out
    }

    /// KeyConditions, QueryFilter and ScanFilter: operator and values checked.
    static func checked(_ raw: [RawCondition]) throws(DynamoDBError) -> [LegacyCondition] {
        var out: [LegacyCondition] = []
        for entry in raw {
            guard let comparison = entry.comparison else { continue }  // refused above as a constraint violation
            let values = entry.valueList ?? []
            try LegacyCondition.checkValues(comparison, values)
            out.append(LegacyCondition(attribute: entry.attribute, comparison: comparison, values: values))
        }
        return out
    }

    /// `Expected`: either `ComparisonOperator` with `AttributeValueList` or `Value`, or `Exists` with
    /// `Value` (`{"Value": v}` and `{"Exists": true, "Value": v}` are EQ, `{"Exists": false}` is NULL).
    /// Rules and texts as recorded from AWS by a public emulator's suite; API Reference,
    /// `ExpectedAttributeValue`.
    static func expected(_ raw: [RawCondition]) throws(DynamoDBError) -> [LegacyCondition] {
        var out: [LegacyCondition] = []
        for entry in raw {
            let key = entry.attribute
            if entry.valueList != nil, entry.value != nil {
                throw .invalidParameter("Value and AttributeValueList cannot be used together for Attribute: \(key)")
            }
            if let comparison = entry.comparison {
                if entry.exists != nil {
                    throw .invalidParameter("Exists and ComparisonOperator cannot be used together for Attribute: \(key)")
                }
                if comparison != .null, comparison != .notNull, entry.valueList == nil, entry.value == nil {
                    throw .invalidParameter("Value or AttributeValueList must be used with ComparisonOperator: \(comparison.rawValue) for Attribute: \(key)")
                }
                let values = entry.valueList ?? entry.value.map { [$0] } ?? []
                try LegacyCondition.checkValues(comparison, values)
                out.append(LegacyCondition(attribute: key, comparison: comparison, values: values))
            } else if entry.valueList != nil {
                throw .invalidParameter("AttributeValueList can only be used with a ComparisonOperator for Attribute: \(key)")
            } else {
                let exists = entry.exists ?? true
                if exists, entry.value == nil {
                    throw .invalidParameter("Value must be provided when Exists is \(entry.exists == nil ? "null" : "true") for Attribute: \(key)")
                }
                if !exists, entry.value != nil {
                    throw .invalidParameter("Value cannot be used when Exists is false for Attribute: \(key)")
                }
                if let value = entry.value {
                    out.append(LegacyCondition(attribute: key, comparison: .eq, values: [value]))
                } else {
                    out.append(LegacyCondition(attribute: key, comparison: .null, values: []))
                }
            }
        }
        return out
    }

    static func attributesToGet(_ body: RequestBody, violations: inout [String]) throws(DynamoDBError) -> [String]? {
        guard let items = try body.array("AttributesToGet") else { return nil }
        var names: [String] = []
        for item in items {
            guard case .string(let name) = item else { throw AttributeValue.typeMismatch(item, "String") }
            try AttributeValue.checkNameSize(name)
            names.append(name)
        }
        let rendered = "[" + names.joined(separator: ", ") + "]"
        if names.isEmpty {
            violations.append("Value '\(rendered)' at 'attributesToGet' failed to satisfy constraint: Member must have length greater than or equal to 1")
        } else if names.count > 255 {
            violations.append("Value '\(rendered)' at 'attributesToGet' failed to satisfy constraint: Member must have length less than or equal to 255")
        }
        return names
    }
}
