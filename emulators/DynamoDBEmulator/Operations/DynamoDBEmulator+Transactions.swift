import DrydockCore

extension DynamoDBEmulator {
    /// One TransactWriteItems entry, validated and parsed before the lock is taken.
    private struct TransactWrite {
        enum Kind { case conditionCheck, put(Item), delete, update(UpdateExpression?) }
        let kind: Kind
        let table: String
        /// The Key member (Put: nil, its key comes from the item).
        let key: Item?
        let condition: Condition?
        let options: ReturnOptions
    }

    /// TransactWriteItems: up to 100 ConditionCheck / Put / Delete / Update entries applied all or
    /// nothing. A failed condition cancels the whole transaction with `TransactionCanceledException`
    /// and one `CancellationReasons` entry per item (`None` or `ConditionalCheckFailed`), as botocore
    /// expects.
    func transactWriteItems(_ call: DynamoDBCall) throws(DynamoDBError) -> JSONValue {
        guard let entries = try call.body.objects("TransactItems") else { throw .missing("transactItems") }
        try Self.checkTransactionSize(entries.count)
        var writes: [TransactWrite] = []
        for entry in entries {
            let kinds = ["ConditionCheck", "Put", "Delete", "Update"].filter { entry.value($0) != nil }
            guard kinds.count == 1, let body = try entry.object(kinds[0]) else {
                // moto's tests assert this text (an emulator's copy, not a live capture; DynamoDB Local
                // says "…one of ConditionCheck, Put, Update or Delete"), so it stays assumed.
                throw .validation("TransactItems can only contain one of Check, Put, Update or Delete")
            }
            let table = try tableName(body, region: call.region)
            let options = try ReturnOptions(body, allowedValues: ["NONE"])
            switch kinds[0] {
            case "Put":
                guard let item = try body.attributeMap("Item", layer: .older) else { throw .missing("transactItems.member.put.item") }
                let expressions = try RequestExpressions(body, members: [.condition], layer: .older, acceptsLegacy: false, checks: call.checks)
                writes.append(TransactWrite(kind: .put(item), table: table, key: nil, condition: expressions.condition, options: options))
            case "Update":
                guard let key = try body.attributeMap("Key", layer: .older) else { throw .missing("transactItems.member.update.key") }
                let expressions = try RequestExpressions(body, members: [.condition, .update], layer: .older, acceptsLegacy: false, checks: call.checks)
                guard expressions.update != nil else { throw .missing("transactItems.member.update.updateExpression") }
                writes.append(TransactWrite(kind: .update(expressions.update), table: table, key: key, condition: expressions.condition, options: options))
            case "Delete":
                guard let key = try body.attributeMap("Key", layer: .older) else { throw .missing("transactItems.member.delete.key") }
                let expressions = try RequestExpressions(body, members: [.condition], layer: .older, acceptsLegacy: false, checks: call.checks)
                writes.append(TransactWrite(kind: .delete, table: table, key: key, condition: expressions.condition, options: options))
            default:
                guard let key = try body.attributeMap("Key", layer: .older) else { throw .missing("transactItems.member.conditionCheck.key") }
                let expressions = try RequestExpressions(body, members: [.condition], layer: .older, acceptsLegacy: false, checks: call.checks)
                guard let condition = expressions.condition else { throw .missing("transactItems.member.conditionCheck.conditionExpression") }
                writes.append(TransactWrite(kind: .conditionCheck, table: table, key: key, condition: condition, options: options))
            }
        }
        try Self.checkPayloadSize(writes)
        let overall = try ReturnOptions(call.body, allowedValues: ["NONE"])
        return try state.withLock { (state) throws(DynamoDBError) -> JSONValue in
            var tables: [String: Table] = [:]
            var units: [String: Double] = [:]
            var targets: [String: Set<ItemKey>] = [:]
            var planned: [(table: String, key: ItemKey, new: Item?, write: Bool)] = []
            var reasons: [JSONValue] = []
            var failed = false
            // Every entry's key is validated before any is checked: the first one of the wrong type cancels
            // the transaction with a `ValidationError` reason and every other entry's reason is `None`,
            // conditions unread (captured from AWS by a public conformance suite); an empty key value
            // is refused up front.
            var keys: [ItemKey] = []
            for (position, write) in writes.enumerated() {
                if tables[write.table] == nil { tables[write.table] = try table(write.table, in: state, region: call.region) }
                let table = tables[write.table]!
                do throws(DynamoDBError) {
                    if case .put(let item) = write.kind {
                        keys.append(try KeyValidation.checkItem(item, table: table.definition))
                    } else {
                        keys.append(try KeyValidation.checkKey(write.key ?? [:], schema: table.keySchema))
                    }
                } catch where !error.message.contains("cannot contain an empty") {
                    var reasons = [JSONValue](repeating: ["Code": "None"], count: writes.count)
                    reasons[position] = ["Code": "ValidationError", "Message": .string(error.message)]
                    throw Self.transactionCanceled(reasons)
                }
            }
            for (write, key) in zip(writes, keys) {
                let table = tables[write.table]!
                if !targets[write.table, default: []].insert(key).inserted {
                    throw .validation("Transaction request cannot include multiple operations on one item")
                }
                let old = table[key]
                if case .update(let update?) = write.kind {
                    for attribute in table.keySchema.attributes where update.touchedAttributes.contains(attribute.name) {
                        throw .invalidParameter("Cannot update attribute \(attribute.name). This attribute is part of the key")
                    }
                    try KeyValidation.checkIndexKeyPaths(update.actions.map(\.path), table: table.definition)
                }
                if let condition = write.condition, !condition.evaluate(old ?? [:]) {
                    failed = true
                    var reason: [(String, JSONValue)] = [("Code", "ConditionalCheckFailed"), ("Message", "The conditional request failed")]
                    if write.options.onConditionFailure == "ALL_OLD", let old { reason.insert(("Item", Item.json(old)), at: 0) }
                    reasons.append(.object(reason))
                    continue
                }
                reasons.append(["Code": "None"])
                // Transactional writes cost double, the larger of the item before and after; a
                // condition check is counted as a transactional write of the item it reads (assumed).
                let before = old.map(Item.size) ?? 0
                switch write.kind {
                case .put(let item): units[write.table, default: 0] += CapacityUnits.write(max(before, Item.size(item)), transactional: true)
                default: units[write.table, default: 0] += CapacityUnits.write(before, transactional: true)
                }
                switch write.kind {
                case .conditionCheck: planned.append((write.table, key, nil, false))
                case .put(let item): planned.append((write.table, key, item, true))
                case .delete: planned.append((write.table, key, nil, true))
                case .update(let update):
                    let base = old ?? (write.key ?? [:])
                    let new = try update?.apply(to: base, itemExists: old != nil) ?? base
                    _ = try KeyValidation.checkItem(new, table: table.definition)
                    units[write.table, default: 0] += CapacityUnits.write(max(before, Item.size(new)), transactional: true)
                        - CapacityUnits.write(before, transactional: true)
                    // As UpdateItem: only removals on an item not stored write nothing (no item is created).
                    let writes = old != nil || !(update?.onlyRemoves ?? false)
                    planned.append((write.table, key, writes ? new : nil, writes))
                }
            }
            if failed { throw Self.transactionCanceled(reasons) }
            // Out of the state while written (nothing below throws), so the items are changed in place
            // rather than copied whole.
            for name in tables.keys { state.regions[call.region]?.tables[name] = nil }
            var indexUnits: [String: [(index: SecondaryIndex, units: Double)]] = [:]
            for step in planned where step.write {
                if overall.consumedCapacity != "NONE", let table = tables[step.table] {
                    indexUnits[step.table, default: []] += IndexWriteUnits.units(table.definition, old: table[step.key], new: step.new, transactional: true)
                }
                if let new = step.new { tables[step.table]!.put(new) } else { tables[step.table]!.delete(step.key) }
            }
            for table in tables.values { state.store(table, region: call.region) }
            let consumed = units.keys.sorted().compactMap { name in
                overall.consumed(table: name, units: units[name]!, indexUnits: IndexWriteUnits.merged(indexUnits[name] ?? []))?.1
            }
            return consumed.isEmpty ? [:] : ["ConsumedCapacity": .array(consumed)]
        }
    }

    /// TransactGetItems: up to 100 Gets read at one instant; `Responses` holds `{"Item": …}` or `{}`
    /// per entry, in order.
    func transactGetItems(_ call: DynamoDBCall) throws(DynamoDBError) -> JSONValue {
        guard let entries = try call.body.objects("TransactItems") else { throw .missing("transactItems") }
        try Self.checkTransactionSize(entries.count)
        var gets: [(table: String, key: Item, projection: [DocumentPath]?)] = []
        for entry in entries {
            guard let body = try entry.object("Get") else { throw .missing("transactItems.member.get") }
            guard let key = try body.attributeMap("Key", layer: .older) else { throw .missing("transactItems.member.get.key") }
            let expressions = try RequestExpressions(body, members: [.projection], acceptsLegacy: false)
            gets.append((try tableName(body, region: call.region), key, expressions.projection))
        }
        let options = try ReturnOptions(call.body, allowedValues: ["NONE"])
        return try state.withLock { (state) throws(DynamoDBError) -> JSONValue in
            var responses: [JSONValue] = []
            var units: [String: Double] = [:]
            var seen: [String: Set<ItemKey>] = [:]
            for get in gets {
                let table = try table(get.table, in: state, region: call.region)
                let key = try KeyValidation.checkKey(get.key, schema: table.keySchema)
                if !seen[get.table, default: []].insert(key).inserted {
                    throw .validation("Transaction request cannot include multiple operations on one item")
                }
                units[get.table, default: 0] += CapacityUnits.read(table[key].map(Item.size) ?? 0, consistent: true, transactional: true)
                guard var item = table[key] else {
                    responses.append([:])
                    continue
                }
                if let projection = get.projection { item = Projection.apply(projection, to: item) }
                responses.append(["Item": Item.json(item)])
            }
            var members: [(String, JSONValue)] = []
            let consumed = units.keys.sorted().compactMap { options.consumed(table: $0, units: units[$0]!)?.1 }
            if !consumed.isEmpty { members.append(("ConsumedCapacity", .array(consumed))) }
            members.append(("Responses", .array(responses)))
            return .object(members)
        }
    }

    /// The cancellation with one reason per entry, in order.
    private static func transactionCanceled(_ reasons: [JSONValue]) -> DynamoDBError {
        let codes = reasons.map { $0["Code"]?.stringValue ?? "None" }.joined(separator: ", ")
        var error = DynamoDBError(
            type: "TransactionCanceledException",
            message: "Transaction cancelled, please refer cancellation reasons for specific reasons [\(codes)]")
        error.extra = [("CancellationReasons", .array(reasons))]
        return error
    }

    /// "The aggregate size of the items in the transaction cannot exceed 4 MB" (API Reference). What
    /// counts is what the request carries (a Put's item, the other entries' keys), not the size of the
    /// items a Delete or Update reaches: a public conformance suite found a small transaction deleting
    /// 5 MB of items allowed on AWS and a 5 MB one of Puts refused. Text assumed (AWS calls it the
    /// transaction payload).
    static let maximumTransactionBytes = 4 * 1024 * 1024

    private static func checkPayloadSize(_ writes: [TransactWrite]) throws(DynamoDBError) {
        var size = 0
        for write in writes {
            if case .put(let item) = write.kind { size += Item.size(item) } else { size += Item.size(write.key ?? [:]) }
        }
        if size > maximumTransactionBytes {
            throw .validation("Transaction payload size cannot exceed 4 MB")
        }
    }

    private static func checkTransactionSize(_ count: Int) throws(DynamoDBError) {
        if count < 1 {
            throw .constraint(["Value '[]' at 'transactItems' failed to satisfy constraint: Member must have length greater than or equal to 1"])
        }
        if count > 100 {
            throw .constraint(["Value at 'TransactItems' failed to satisfy constraint: Member must have length less than or equal to 100"])
        }
    }
}
