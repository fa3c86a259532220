import DrydockCore

extension DynamoDBEmulator {
    /// BatchWriteItem: up to 25 puts and deletes over any tables, all validated before any is applied;
    /// nothing is left unprocessed (`UnprocessedItems` is `{}`). `validatingOnly` checks the batch
    /// (tables, keys, duplicates) without applying it and answers `{}`: the `unprocessed-items` fault
    /// validates the whole batch, then applies only part of it (`writeInPart`).
    func batchWriteItem(_ call: DynamoDBCall, validatingOnly: Bool = false) throws(DynamoDBError) -> JSONValue {
        guard let requestItems = try call.body.object("RequestItems") else { throw .missing("requestItems") }
        enum Write { case put(Item), delete(Item) }
        var tables: [(name: String, writes: [Write])] = []
        for (table, value) in requestItems.members {
            guard case .array(let requests) = value else { throw AttributeValue.typeMismatch(value, "List") }
            var writes: [Write] = []
            for request in requests {
                let body = try RequestBody(request)
                let put = try body.object("PutRequest")
                let delete = try body.object("DeleteRequest")
                switch (put, delete) {
                case (let put?, nil):
                    guard let item = try put.attributeMap("Item", layer: .older) else { throw .missing("requestItems.\(table).member.putRequest.item") }
                    writes.append(.put(item))
                case (nil, let delete?):
                    guard let key = try delete.attributeMap("Key", layer: .older) else { throw .missing("requestItems.\(table).member.deleteRequest.key") }
                    writes.append(.delete(key))
                default:
                    // Assumed wording: DynamoDB requires exactly one request per WriteRequest.
                    throw .validation("Supplied WriteRequest must contain exactly one of PutRequest or DeleteRequest")
                }
            }
            tables.append((table, writes))
        }
        let count = tables.reduce(0) { $0 + $1.writes.count }
        if tables.isEmpty {
            throw .constraint(["Value '{}' at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1"])
        }
        // One table's list past 25, or empty, breaks Coral's constraint on the map's values (the value
        // rendered as AWS's own DAX client renders it); 25 or fewer per table but more in all is the
        // service's own refusal.
        if let (table, writes) = tables.first(where: { $0.writes.count > 25 || $0.writes.isEmpty }) {
            throw .constraint(["Value '{\(table)=\(writes.count)}' at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]"])
        }
        if count > 25 { throw .validation("Too many items requested for the BatchWriteItem call") }
        let options = try ReturnOptions(call.body, allowedValues: ["NONE"])
        return try state.withLock { (state) throws(DynamoDBError) -> JSONValue in
            var current: [String: Table] = [:]
            var seen: [String: Set<ItemKey>] = [:]
            var checked: [(String, Write, ItemKey)] = []
            for (name, writes) in tables {
                for write in writes {
                    if current[name] == nil { current[name] = try table(name, in: state, region: call.region) }
                    let table = current[name]!
                    let key: ItemKey
                    switch write {
                    case .put(let item): key = try KeyValidation.checkItem(item, table: table.definition)
                    case .delete(let keyItem): key = try KeyValidation.checkKey(keyItem, schema: table.keySchema)
                    }
                    if !seen[name, default: []].insert(key).inserted {
                        throw .validation("Provided list of item keys contains duplicates")
                    }
                    checked.append((name, write, key))
                }
            }
            if validatingOnly { return [:] }
            // Out of the state while written, so each table is held once and its items are changed in
            // place, not copied whole (copy-on-write) on every batch.
            for name in current.keys { state.regions[call.region]?.tables[name] = nil }
            // Each write rounded up on its own, the larger of the item before and after (Developer Guide).
            var units: [String: Double] = [:]
            var indexUnits: [String: [(index: SecondaryIndex, units: Double)]] = [:]
            for (name, write, key) in checked {
                let oldItem = current[name]![key]
                let old = oldItem.map(Item.size) ?? 0
                var newItem: Item?
                switch write {
                case .put(let item):
                    current[name]!.put(item)
                    newItem = item
                    units[name, default: 0] += CapacityUnits.write(max(old, Item.size(item)))
                case .delete:
                    current[name]!.delete(key)
                    units[name, default: 0] += CapacityUnits.write(old)
                }
                if options.consumedCapacity != "NONE" {
                    indexUnits[name] = IndexWriteUnits.merged(
                        (indexUnits[name] ?? []) + IndexWriteUnits.units(current[name]!.definition, old: oldItem, new: newItem))
                }
            }
            for table in current.values { state.store(table, region: call.region) }
            var members: [(String, JSONValue)] = [("UnprocessedItems", [:])]
            if options.consumedCapacity != "NONE" {
                members.append(("ConsumedCapacity", .array(units.keys.sorted().compactMap {
                    options.consumed(table: $0, units: units[$0]!, indexUnits: indexUnits[$0] ?? [])?.1
                })))
            }
            return .object(members)
        }
    }

    /// BatchGetItem: up to 100 keys over any tables, each table with its own ProjectionExpression,
    /// ExpressionAttributeNames and ConsistentRead. `UnprocessedKeys` is `{}` unless
    /// `leavingUnprocessed` (the `unprocessed-items` fault; reads need no log, so they are split here):
    /// then `BatchSplit` picks the keys left out,
    /// which come back per table as a KeysAndAttributes holding those keys and every other member the
    /// request gave that table, as sent.
    func batchGetItem(_ call: DynamoDBCall, leavingUnprocessed: Bool = false) throws(DynamoDBError) -> JSONValue {
        guard let requestItems = try call.body.object("RequestItems") else { throw .missing("requestItems") }
        struct TableRead { let name: String; let keys: [Item]; let projection: [DocumentPath]?; let sent: RequestBody }
        var reads: [TableRead] = []
        var total = 0
        for (name, value) in requestItems.members {
            let body = try RequestBody(value)
            guard let keyValues = try body.array("Keys") else { throw .missing("requestItems.\(name).member.keys") }
            var keys: [Item] = []
            for key in keyValues { keys.append(try AttributeValue.decodeMap(key)) }
            let expressions = try RequestExpressions(body, members: [.projection])
            total += keys.count
            reads.append(TableRead(name: name, keys: keys, projection: expressions.projection, sent: body))
        }
        if reads.isEmpty {
            throw .constraint(["Value '{}' at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1"])
        }
        if total > 100 { throw .validation("Too many items requested for the BatchGetItem call") }
        let options = try ReturnOptions(call.body, allowedValues: ["NONE"])
        let leftOut = leavingUnprocessed ? BatchSplit.unprocessedCounts(reads.map(\.keys.count)) : reads.map { _ in 0 }
        return try state.withLock { (state) throws(DynamoDBError) -> JSONValue in
            var responses: [(String, JSONValue)] = []
            var unprocessed: [(String, JSONValue)] = []
            var capacity: [JSONValue] = []
            for (index, read) in reads.enumerated() {
                let table = try table(read.name, in: state, region: call.region)
                let processed = read.keys.count - leftOut[index]
                var seen = Set<ItemKey>()
                var items: [JSONValue] = []
                // Each key read on its own: its item rounded up to 4 KB (a missing one costs a unit too),
                // at half when the table's read is eventually consistent (Developer Guide).
                let consistent = (try? read.sent.bool("ConsistentRead")) == true
                var units = 0.0
                for (position, keyItem) in read.keys.enumerated() {
                    let key = try KeyValidation.checkKey(keyItem, schema: table.keySchema)
                    if !seen.insert(key).inserted { throw .validation("Provided list of item keys contains duplicates") }
                    guard position < processed else { continue }
                    units += CapacityUnits.read(table[key].map(Item.size) ?? 0, consistent: consistent)
                    guard var item = table[key] else { continue }
                    if let projection = read.projection { item = Projection.apply(projection, to: item) }
                    items.append(Item.json(item))
                }
                responses.append((read.name, .array(items)))
                if leftOut[index] > 0 { unprocessed.append((read.name, Self.unprocessedKeys(read.sent, leaving: leftOut[index]))) }
                if let consumed = options.consumed(table: read.name, units: units) { capacity.append(consumed.1) }
            }
            var members: [(String, JSONValue)] = [("Responses", .object(responses)), ("UnprocessedKeys", .object(unprocessed))]
            if !capacity.isEmpty { members.append(("ConsumedCapacity", .array(capacity))) }
            return .object(members)
        }
    }

    /// A table's KeysAndAttributes as sent, with `Keys` cut to its last `count` keys.
    private static func unprocessedKeys(_ sent: RequestBody, leaving count: Int) -> JSONValue {
        .object(sent.members.map { name, value in
            guard name == "Keys", case .array(let keys) = value else { return (name, value) }
            return (name, .array(Array(keys.suffix(count))))
        })
    }
}
