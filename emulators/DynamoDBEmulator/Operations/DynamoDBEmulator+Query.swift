import DrydockCore

extension DynamoDBEmulator {
    /// Query: KeyConditionExpression on the table or an index, FilterExpression, ProjectionExpression,
    /// Limit, ExclusiveStartKey/LastEvaluatedKey, ScanIndexForward, Select COUNT, the 1 MB page limit.
    func query(_ call: DynamoDBCall) throws(DynamoDBError) -> ReadPlan.Page {
        let name = try tableName(call.body, region: call.region)
        let options = try ReturnOptions(call.body, allowedValues: ["NONE"])
        let expressions = try RequestExpressions(call.body, members: [.keyCondition, .filter, .projection])
        guard expressions.keyCondition != nil || expressions.legacy?.keyConditions != nil else {
            throw .validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.")
        }
        let forward = try call.body.bool("ScanIndexForward") ?? true
        let indexName = try call.body.string("IndexName")
        return try state.withLock { (state) throws(DynamoDBError) -> ReadPlan.Page in
            let table = try table(name, in: state, region: call.region)
            let (index, limit, start, select, consistent) = try ReadPlan.common(
                call.body, table: table, indexName: indexName, projectionMember: expressions.projectionMember)
            let plan = ReadPlan(
                table: table, index: index, limit: limit, exclusiveStartKey: start, filter: expressions.filter,
                projection: expressions.projection, select: select, consistent: consistent, options: options)
            let keyCondition: KeyCondition
            if let legacyKeys = expressions.legacy?.keyConditions {
                keyCondition = try KeyCondition(LegacyParameters.keyCondition(legacyKeys, schema: plan.readSchema), schema: plan.readSchema)
            } else if let condition = expressions.keyCondition {
                keyCondition = try KeyCondition(condition, schema: plan.readSchema)
            } else {
                throw .validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.")
            }
            if let filter = expressions.filter {
                // QueryFilter's own wording of the same rule (recorded from AWS by a public emulator's suite).
                let member = expressions.legacy?.filter != nil ? "QueryFilter" : "Filter Expression"
                for path in filter.paths where plan.readSchema.attributes.contains(where: { $0.name == path.attribute }) {
                    throw .validation("\(member) can only contain non-primary key attributes: Primary key attribute: \(path.attribute)")
                }
            }
            try plan.checkProjectedNames()
            guard let index else { return try plan.page(plan.partitionRead(keyCondition, forward: forward), forward: forward) }
            // The index's partition, already in read order; the sort-key condition filters it.
            var entries: [ReadPlan.Entry] = table.indexPartition(index.name, hashValues: keyCondition.hashValues.map(\.value))
                .compactMap { entry in table[entry.key].flatMap { keyCondition.matches($0) ? (entry.order, $0) : nil } }
            if !forward { entries.reverse() }
            return try plan.page(entries, forward: forward)
        }
    }

    /// Scan: FilterExpression, ProjectionExpression, Limit, ExclusiveStartKey/LastEvaluatedKey,
    /// Segment/TotalSegments (items fall in a segment by a stable hash of their partition key), Select
    /// COUNT, the 1 MB page limit. Order: partition key, then sort key.
    func scan(_ call: DynamoDBCall) throws(DynamoDBError) -> ReadPlan.Page {
        let name = try tableName(call.body, region: call.region)
        let options = try ReturnOptions(call.body, allowedValues: ["NONE"])
        let segment = try call.body.int("Segment")
        let totalSegments = try call.body.int("TotalSegments")
        var violations: [String] = []
        if let segment, segment < 0 {
            violations.append("Value '\(segment)' at 'segment' failed to satisfy constraint: Member must have value greater than or equal to 0")
        }
        if let totalSegments, totalSegments < 1 || totalSegments > 1_000_000 {
            let bound = totalSegments < 1 ? "greater than or equal to 1" : "less than or equal to 1000000"
            violations.append("Value '\(totalSegments)' at 'totalSegments' failed to satisfy constraint: Member must have value \(bound)")
        }
        if !violations.isEmpty { throw .constraint(violations) }
        if segment != nil, totalSegments == nil {
            throw .validation("The TotalSegments parameter is required but was not present in the request when Segment parameter is present")
        }
        if totalSegments != nil, segment == nil {
            throw .validation("The Segment parameter is required but was not present in the request when parameter TotalSegments is present")
        }
        if let segment, let totalSegments, segment >= totalSegments {
            throw .validation("The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: \(segment) is not less than TotalSegments: \(totalSegments)")
        }
        let expressions = try RequestExpressions(call.body, members: [.filter, .projection], layer: .older)
        let indexName = try call.body.string("IndexName")
        return try state.withLock { (state) throws(DynamoDBError) -> ReadPlan.Page in
            let table = try table(name, in: state, region: call.region)
            let (index, limit, start, select, consistent) = try ReadPlan.common(
                call.body, table: table, indexName: indexName, projectionMember: expressions.projectionMember, layer: .older)
            let plan = ReadPlan(
                table: table, index: index, limit: limit, exclusiveStartKey: start, filter: expressions.filter,
                projection: expressions.projection, select: select, consistent: consistent, options: options)
            try plan.checkProjectedNames(checkingFilter: false)
            var entries = plan.entries()
            if let segment, let totalSegments {
                let hashName = plan.readSchema.hash.name
                // A start key must lie in the segment scanned (AWS's text, as Alternator's
                // maintainers recorded it from DynamoDB).
                if try plan.startVector() != nil, let start = plan.exclusiveStartKey?[hashName],
                   Self.segment(of: start, total: totalSegments) != segment {
                    throw .validation("The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey with correct Segment. TotalSegments: \(totalSegments) Segment: \(segment)")
                }
                entries = entries.filter { entry in
                    Self.segment(of: entry.item[hashName]!, total: totalSegments) == segment
                }
            }
            entries.sort { ReadPlan.less($0.order, $1.order) }
            return try plan.page(entries, forward: true)
        }
    }

    /// A stable segment for a partition-key value (FNV-1a of its type and JSON form).
    static func segment(of value: AttributeValue, total: Int) -> Int {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in value.json.bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return Int(hash % UInt64(total))
    }
}
