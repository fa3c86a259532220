import DrydockCore

extension DynamoDBEmulator {
    /// PutItem: ConditionExpression, ReturnValues NONE | ALL_OLD.
    func putItem(_ call: DynamoDBCall) throws(DynamoDBError) -> JSONValue {
        let name = try tableName(call.body, region: call.region)
        let (item, options, expressions) = try enveloping { () throws(DynamoDBError) in
            guard let item = try call.body.attributeMap("Item") else { throw .missing("item") }
            let options = try ReturnOptions(call.body, allowedValues: ["NONE", "ALL_OLD"])
            return (item, options, try RequestExpressions(call.body, members: [.condition], checks: call.checks))
        }
        return try state.withLock { (state) throws(DynamoDBError) -> JSONValue in
            var table = try takeTable(name, from: &state, region: call.region)
            defer { state.store(table, region: call.region) }
            let key = try KeyValidation.checkItem(item, table: table.definition)
            let old = table[key]
            if let condition = expressions.condition, !condition.evaluate(old ?? [:]) {
                throw options.conditionFailed(old: old)
            }
            table.put(item)
            var members: [(String, JSONValue)] = []
            if options.values == "ALL_OLD", let old { members.append(("Attributes", Item.json(old))) }
            // A write costs the larger of the item before and after (Developer Guide).
            if let consumed = options.consumed(
                table: name, units: CapacityUnits.write(max(Item.size(item), old.map(Item.size) ?? 0)),
                indexUnits: IndexWriteUnits.units(table.definition, old: old, new: item)) {
                members.append(consumed)
            }
            return .object(members)
        }
    }

    /// GetItem: ProjectionExpression, ConsistentRead; `{}` when there is no such item.
    func getItem(_ call: DynamoDBCall) throws(DynamoDBError) -> ResponseDocument {
        let name = try tableName(call.body, region: call.region)
        guard let keyItem = try call.body.attributeMap("Key") else { throw .missing("key") }
        let consistent = try call.body.bool("ConsistentRead") ?? false
        let options = try ReturnOptions(call.body, allowedValues: ["NONE"])
        let expressions = try RequestExpressions(call.body, members: [.projection])
        // The item is read under the lock and written to bytes after it.
        return try state.withLock { (state) throws(DynamoDBError) -> ResponseDocument in
            let table = try table(name, in: state, region: call.region)
            let key = try KeyValidation.checkKey(keyItem, schema: table.keySchema)
            let found = table[key]
            let consumed = options.consumed(table: name, bytes: found.map(Item.size) ?? 0, write: false, consistent: consistent)
            return .item(found.map { item in expressions.projection.map { Projection.apply($0, to: item) } ?? item }, consumed: consumed)
        }
    }

    /// DeleteItem: ConditionExpression, ReturnValues NONE | ALL_OLD.
    func deleteItem(_ call: DynamoDBCall) throws(DynamoDBError) -> JSONValue {
        let name = try tableName(call.body, region: call.region)
        let (keyItem, options, expressions) = try enveloping { () throws(DynamoDBError) in
            guard let keyItem = try call.body.attributeMap("Key") else { throw .missing("key") }
            let options = try ReturnOptions(call.body, allowedValues: ["NONE", "ALL_OLD"])
            return (keyItem, options, try RequestExpressions(call.body, members: [.condition], checks: call.checks))
        }
        return try state.withLock { (state) throws(DynamoDBError) -> JSONValue in
            var table = try takeTable(name, from: &state, region: call.region)
            defer { state.store(table, region: call.region) }
            let key = try KeyValidation.checkKey(keyItem, schema: table.keySchema)
            let old = table[key]
            if let condition = expressions.condition, !condition.evaluate(old ?? [:]) {
                throw options.conditionFailed(old: old)
            }
            table.delete(key)
            var members: [(String, JSONValue)] = []
            if options.values == "ALL_OLD", let old { members.append(("Attributes", Item.json(old))) }
            if let consumed = options.consumed(
                table: name, units: CapacityUnits.write(old.map(Item.size) ?? 0),
                indexUnits: IndexWriteUnits.units(table.definition, old: old, new: nil)) {
                members.append(consumed)
            }
            return .object(members)
        }
    }

    /// UpdateItem: UpdateExpression (SET, REMOVE, ADD, DELETE), ConditionExpression, every ReturnValues.
    /// Without an UpdateExpression the item is created with just its key (DynamoDB's behaviour).
    func updateItem(_ call: DynamoDBCall) throws(DynamoDBError) -> JSONValue {
        let name = try tableName(call.body, region: call.region)
        let (keyItem, options, expressions) = try enveloping { () throws(DynamoDBError) in
            guard let keyItem = try call.body.attributeMap("Key") else { throw .missing("key") }
            let options = try ReturnOptions(call.body, allowedValues: ["NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"])
            return (keyItem, options, try RequestExpressions(call.body, members: [.condition, .update], checks: call.checks))
        }
        return try state.withLock { (state) throws(DynamoDBError) -> JSONValue in
            var table = try takeTable(name, from: &state, region: call.region)
            defer { state.store(table, region: call.region) }
            let key = try KeyValidation.checkKey(keyItem, schema: table.keySchema)
            let old = table[key]
            if let update = expressions.update {
                for attribute in table.keySchema.attributes where update.touchedAttributes.contains(attribute.name) {
                    throw .invalidParameter("Cannot update attribute \(attribute.name). This attribute is part of the key")
                }
                try KeyValidation.checkIndexKeyPaths(update.actions.map(\.path), table: table.definition)
            }
            if let condition = expressions.condition, !condition.evaluate(old ?? [:]) {
                throw options.conditionFailed(old: old)
            }
            let base = old ?? keyItem
            let new = try expressions.update?.apply(to: base, itemExists: old != nil) ?? base
            _ = try KeyValidation.checkItem(new, table: table.definition)
            // Only removals on an item not stored: nothing is written and nothing is returned.
            let writes = old != nil || !(expressions.update?.onlyRemoves ?? false)
            if writes { table.put(new) }
            var members: [(String, JSONValue)] = []
            // UPDATED_* return just the updated document paths, nested as in the item.
            let paths = expressions.update?.actions.map(\.path) ?? []
            let returned: Item?
            switch options.values {
            case "ALL_OLD": returned = old
            case "ALL_NEW": returned = writes ? new : nil
            case "UPDATED_OLD": returned = old.map { Projection.apply(paths, to: $0) }
            case "UPDATED_NEW": returned = writes ? Projection.apply(paths, to: new) : nil
            default: returned = nil
            }
            if let returned, !returned.isEmpty { members.append(("Attributes", Item.json(returned))) }
            // A write costs the larger of the item before and after; no write costs what the item
            // before does (here none: the minimum unit, as a missing item's delete is counted), and
            // touches no index.
            let written = writes ? new : old
            if let consumed = options.consumed(
                table: name, units: CapacityUnits.write(max(written.map(Item.size) ?? 0, old.map(Item.size) ?? 0)),
                indexUnits: IndexWriteUnits.units(table.definition, old: old, new: written)) {
                members.append(consumed)
            }
            return .object(members)
        }
    }

    /// Runs request parsing for PutItem, UpdateItem and DeleteItem, which report request-validation
    /// errors inside Coral's "1 validation error detected: " envelope (captured from AWS, 2026).
    func enveloping<T>(_ parse: () throws(DynamoDBError) -> T) throws(DynamoDBError) -> T {
        do {
            return try parse()
        } catch {
            throw error.enveloped
        }
    }
}
