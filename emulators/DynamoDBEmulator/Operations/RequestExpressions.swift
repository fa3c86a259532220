import DrydockCore

/// The expressions of one item request, parsed against its ExpressionAttributeNames/Values, with
/// DynamoDB's "unused" check across all of them.
struct RequestExpressions {
    var condition: Condition?
    var filter: Condition?
    var keyCondition: Condition?
    var update: UpdateExpression?
    var projection: [DocumentPath]?
    /// The pre-2014 members this request used instead of expressions (see `LegacyParameters`).
    var legacy: LegacyParameters?

    /// Parses the named members of `body` that are present; with `acceptsLegacy`, the legacy members
    /// that stand for them too (transactions have none: there they are unknown members, ignored).
    /// `checks`: `.stored` for a replayed write (see `InputChecks`).
    init(
        _ body: RequestBody, members: Set<ExpressionKind>, layer: ValueLayer = .current, acceptsLegacy: Bool = true,
        checks: InputChecks = .request
    ) throws(DynamoDBError) {
        // Most reads carry none of these members (a GetItem by key): nothing to parse or check.
        guard body.members.contains(where: { Self.expressionMembers.contains($0.0) }) else { return }
        var texts: [ExpressionKind: String] = [:]
        for kind in members {
            if let text = try body.string(kind.rawValue) { texts[kind] = text }
        }
        if acceptsLegacy {
            try Self.refuseMixedParameters(body, members: members)
            let legacy = try LegacyParameters(body, kinds: members, layer: layer)
            condition = legacy.condition
            filter = legacy.filter
            update = legacy.update
            projection = legacy.projection
            self.legacy = legacy
        }
        var context = try ExpressionContext(body, hasExpressions: !texts.isEmpty, layer: layer)
        // Parse in DynamoDB's member order so the first error matches (order assumed).
        for kind in [ExpressionKind.keyCondition, .update, .condition, .filter, .projection] {
            guard let text = texts[kind] else { continue }
            var parser = try ExpressionParser(text, kind: kind, context: context, checks: checks)
            switch kind {
            case .condition: condition = try parser.parseConditionExpression()
            case .filter: filter = try parser.parseConditionExpression()
            case .keyCondition: keyCondition = try parser.parseConditionExpression()
            case .update: update = try parser.parseUpdateExpression()
            case .projection: projection = try parser.parseProjectionExpression()
            }
            context = parser.context
        }
        try context.checkAllUsed()
    }

    /// Which member gave the projection, for Select's messages: "AttributesToGet" or "ProjectionExpression".
    var projectionMember: String? {
        if legacy?.attributesToGet != nil { return "AttributesToGet" }
        return projection == nil ? nil : "ProjectionExpression"
    }
}

extension RequestExpressions {
    /// Every member this type reads: the expressions, their legacy counterparts and the substitutions.
    static let expressionMembers = Set(legacyParameters + expressionParameters + ["ExpressionAttributeNames", "ExpressionAttributeValues"])
    static let legacyParameters = ["AttributesToGet", "AttributeUpdates", "Expected", "KeyConditions", "QueryFilter", "ScanFilter", "ConditionalOperator"]
    static let expressionParameters = ["ProjectionExpression", "UpdateExpression", "ConditionExpression", "KeyConditionExpression", "FilterExpression"]

    /// Expressions and the legacy members of the same request are refused together (DynamoDB's text,
    /// captured from AWS), counting only the members this operation has. KeyConditions beside a
    /// FilterExpression or ProjectionExpression is allowed when there is no KeyConditionExpression (as
    /// a public emulator's suite recorded AWS doing).
    static func refuseMixedParameters(_ body: RequestBody, members: Set<ExpressionKind>) throws(DynamoDBError) {
        let allowed = Set(LegacyParameters.members(for: members))
        let expressions = expressionParameters.filter { name in
            members.contains { $0.rawValue == name } && body.value(name) != nil
        }
        guard !expressions.isEmpty else { return }
        var legacy = legacyParameters.filter { allowed.contains($0) && body.value($0) != nil }
        if body.value("KeyConditionExpression") == nil { legacy.removeAll { $0 == "KeyConditions" } }
        guard !legacy.isEmpty else { return }
        throw .validation("Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {\(legacy.joined(separator: ", "))} Expression parameters: {\(expressions.joined(separator: ", "))}")
    }
}

/// ReturnValues, ReturnConsumedCapacity and ReturnValuesOnConditionCheckFailure.
struct ReturnOptions {
    let values: String
    let consumedCapacity: String
    let onConditionFailure: String

    init(_ body: RequestBody, allowedValues: [String]) throws(DynamoDBError) {
        values = try body.string("ReturnValues") ?? "NONE"
        consumedCapacity = try body.string("ReturnConsumedCapacity") ?? "NONE"
        onConditionFailure = try body.string("ReturnValuesOnConditionCheckFailure") ?? "NONE"
        var violations: [String] = []
        if !["NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"].contains(values) {
            violations.append("Value '\(values)' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]")
        }
        if !["INDEXES", "TOTAL", "NONE"].contains(consumedCapacity) {
            violations.append("Value '\(consumedCapacity)' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]")
        }
        if !["ALL_OLD", "NONE"].contains(onConditionFailure) {
            violations.append("Value '\(onConditionFailure)' at 'returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, NONE]")
        }
        if !violations.isEmpty { throw .constraint(violations) }
        if !allowedValues.contains(values) {
            throw .validation("ReturnValues can only be ALL_OLD or NONE")
        }
    }

    /// `ConsumedCapacity` for a write of `bytes` (1 WCU per KB) or a read (1 RCU per 4 KB, half when
    /// eventually consistent); nil unless asked for.
    func consumed(table: String, bytes: Int, write: Bool, consistent: Bool = false) -> (String, JSONValue)? {
        consumed(table: table, units: write ? CapacityUnits.write(bytes) : CapacityUnits.read(bytes, consistent: consistent))
    }

    /// `ConsumedCapacity` of a write: `units` on the table plus what it cost each index (in the total;
    /// broken down under INDEXES); nil unless asked for.
    func consumed(table: String, units: Double, indexUnits: [(index: SecondaryIndex, units: Double)]) -> (String, JSONValue)? {
        guard consumedCapacity != "NONE" else { return nil }
        let total = indexUnits.reduce(units) { $0 + $1.units }
        var members: [(String, JSONValue)] = [("TableName", .string(table)), ("CapacityUnits", .number(total))]
        if consumedCapacity == "INDEXES" {
            members.append(("Table", .object([("CapacityUnits", .number(units))])))
            for global in [false, true] {
                let entries = indexUnits.filter { $0.index.isGlobal == global }
                if entries.isEmpty { continue }
                members.append((global ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes", .object(entries.map {
                    ($0.index.name, JSONValue.object([("CapacityUnits", .number($0.units))]))
                })))
            }
        }
        return ("ConsumedCapacity", .object(members))
    }

    /// `ConsumedCapacity` of `units` on `table`, or on `index` for a read through one, plus `fetchUnits`
    /// a local index read spent reading items from the table. INDEXES breaks the total down: the
    /// table's share (an index read's fetches, else 0 — the 0 assumed), and the index's under
    /// Global/LocalSecondaryIndexes; nil unless asked for.
    func consumed(table: String, units: Double, index: SecondaryIndex? = nil, fetchUnits: Double = 0) -> (String, JSONValue)? {
        guard consumedCapacity != "NONE" else { return nil }
        var members: [(String, JSONValue)] = [("TableName", .string(table)), ("CapacityUnits", .number(units + fetchUnits))]
        if consumedCapacity == "INDEXES" {
            if let index {
                members.append(("Table", ["CapacityUnits": .number(fetchUnits)]))
                members.append((index.isGlobal ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes",
                                .object([(index.name, JSONValue.object([("CapacityUnits", .number(units))]))])))
            } else {
                members.append(("Table", ["CapacityUnits": .number(units)]))
            }
        }
        return ("ConsumedCapacity", .object(members))
    }

    /// The condition-check failure, carrying the old item when asked.
    func conditionFailed(old: Item?) -> DynamoDBError {
        var error = DynamoDBError.conditionalCheckFailed
        if onConditionFailure == "ALL_OLD", let old { error.extra = [("Item", Item.json(old))] }
        return error
    }
}


/// Capacity units as the Developer Guide computes them ("Read/write capacity mode"): each item
/// rounded up on its own (reads to 4 KB, writes to 1 KB; a missing item still costs one unit),
/// eventually consistent reads at half, transactional requests at double.
enum CapacityUnits {
    static func read(_ bytes: Int, consistent: Bool, transactional: Bool = false) -> Double {
        let units = Double(max(1, (bytes + 4095) / 4096))
        return units * (transactional ? 2 : (consistent ? 1 : 0.5))
    }

    static func write(_ bytes: Int, transactional: Bool = false) -> Double {
        Double(max(1, (bytes + 1023) / 1024)) * (transactional ? 2 : 1)
    }
}
