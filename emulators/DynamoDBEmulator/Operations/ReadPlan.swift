import DrydockCore

/// What Query and Scan share: which items are read in which order, where a page starts and stops
/// (Limit, the 1 MB page limit), filtering, projection and the response shape.
struct ReadPlan {
    let table: Table
    let index: SecondaryIndex?
    let limit: Int?
    let exclusiveStartKey: Item?
    let filter: Condition?
    let projection: [DocumentPath]?
    let select: String
    let consistent: Bool
    let options: ReturnOptions

    /// DynamoDB stops a page once it has read 1 MB.
    static let pageBytes = 1024 * 1024

    /// The schema items are read by: the index's, else the table's.
    var readSchema: KeySchema { index?.keySchema ?? table.keySchema }

    /// Items the read sees (an index holds only items carrying its key attributes), each with its
    /// sort vector: read-schema key, then the table key for index reads.
    func entries() -> [(order: [AttributeValue], item: Item)] {
        table.items.values.compactMap { item in
            guard let vector = orderVector(item) else { return nil }
            return (vector, item)
        }
    }

    /// One item as a read sees it: its sort vector and the item.
    typealias Entry = (order: [AttributeValue], item: Item)

    /// A Query of the table itself (no index), in read order: the partition's keys (kept sorted by the
    /// table) narrowed to the key condition's run and to after ExclusiveStartKey by binary search, each
    /// entry built only when the page reads it — a Limit 10 page of a large partition touches about 10
    /// items, with no sort.
    func partitionRead(_ keyCondition: KeyCondition, forward: Bool) -> PartitionRun {
        precondition(index == nil, "partition reads are for the table's own key")
        let keys = table.partitions[keyCondition.hashValue] ?? []
        let run = keyCondition.sortKeyRun
        var low = keys.partitionPoint { $0.range.map(run.below) ?? false }
        var high = max(low, keys.partitionPoint { $0.range.map(run.through) ?? true })
        if let start = exclusiveStartKey, start[readSchema.hash.name] == keyCondition.hashValue {
            let startKey = ItemKey(hash: keyCondition.hashValue, range: readSchema.range.flatMap { start[$0.name] })
            if forward {
                low = max(low, keys.partitionPoint { !(startKey < $0) })
            } else {
                high = min(high, keys.partitionPoint { $0 < startKey })
            }
        }
        return PartitionRun(plan: self, keys: keys[low..<max(low, high)], forward: forward)
    }

    /// The keys of a partition read, in read order, as entries made on access.
    struct PartitionRun: RandomAccessCollection {
        let plan: ReadPlan
        let keys: ArraySlice<ItemKey>
        let forward: Bool

        var startIndex: Int { 0 }
        var endIndex: Int { keys.count }

        subscript(position: Int) -> Entry {
            let key = forward ? keys[keys.startIndex + position] : keys[keys.endIndex - 1 - position]
            // The partition map and the items change together under the emulator's lock.
            let item = plan.table[key] ?? [:]
            return (plan.orderVector(item) ?? [], item)
        }
    }

    func orderVector(_ item: Item) -> [AttributeValue]? {
        Self.orderVector(item, index: index, table: table.keySchema)
    }

    /// An item's sort vector in a read of the table (`index` nil) or of `index`: the read schema's key
    /// values, then for an index the table's; nil when the read does not see the item.
    static func orderVector(_ item: Item, index: SecondaryIndex?, table tableSchema: KeySchema) -> [AttributeValue]? {
        let readSchema = index?.keySchema ?? tableSchema
        var vector: [AttributeValue] = []
        for attribute in readSchema.attributes {
            guard let value = item[attribute.name], value.typeTag == attribute.type else { return nil }
            // An empty string or binary cannot be an index key; one written before the index was added
            // is left out of it, as DynamoDB's backfill does.
            if index != nil, KeyValidation.isEmpty(value) { return nil }
            vector.append(value)
        }
        if let index {
            // So is an item whose index key is over DynamoDB's key-size limits.
            guard KeyValidation.keySizesFit(item, schema: index.keySchema) else { return nil }
            for attribute in tableSchema.attributes {
                guard let value = item[attribute.name] else { return nil }
                vector.append(value)
            }
        }
        return vector
    }

    static func less(_ a: [AttributeValue], _ b: [AttributeValue]) -> Bool {
        for (x, y) in zip(a, b) {
            let c = x.compare(y) ?? 0
            if c != 0 { return c < 0 }
        }
        return a.count < b.count
    }

    /// Checks ExclusiveStartKey against the schema and returns its sort vector.
    func startVector() throws(DynamoDBError) -> [AttributeValue]? {
        guard let start = exclusiveStartKey else { return nil }
        var expected = table.keySchema.attributes
        if let index { expected += index.keySchema.attributes.filter { a in !expected.contains { $0.name == a.name } } }
        let invalid = DynamoDBError.validation("The provided starting key is invalid: The provided key element does not match the schema")
        guard start.count == expected.count else { throw invalid }
        for attribute in expected {
            guard let value = start[attribute.name], value.typeTag == attribute.type else { throw invalid }
        }
        return orderVector(start)
    }

    /// Reads `ordered` (already in read order) from after the start key and renders the response.
    func page<Entries: Collection<Entry>>(_ ordered: Entries, forward: Bool) throws(DynamoDBError) -> Page {
        var remaining = ordered[...]
        if let start = try startVector() {
            remaining = remaining.drop { entry in
                forward ? !Self.less(start, entry.order) : !Self.less(entry.order, start)
            }
        }
        var items: [Item] = []
        var scanned = 0
        var sizes = ReadSizes(fetching: fetchesFromTable && projectsTooLittle,
                              projected: Self.projectedAttributes(of: index, table: table.keySchema), consistent: consistent)
        var lastEvaluated: Item?
        for entry in remaining {
            scanned += 1
            let kept = filter?.evaluate(entry.item) ?? true
            sizes.read(entry.item, fetched: kept && select != "COUNT")
            if kept { items.append(entry.item) }
            let hitLimit = limit.map { scanned >= $0 } ?? false
            if hitLimit || sizes.pageBytes >= Self.pageBytes {
                // DynamoDB answers LastEvaluatedKey whenever Limit stops the page, even at the very end.
                if hitLimit || scanned < remaining.count { lastEvaluated = lastKey(entry.item) }
                break
            }
        }
        return Page(
            items: select == "COUNT" ? nil : items.map(shape), count: items.count, scanned: scanned,
            lastEvaluated: lastEvaluated,
            consumed: options.consumed(table: table.definition.name, units: sizes.indexUnits, index: index, fetchUnits: sizes.fetchUnits))
    }

    /// One page of a Query or Scan: read under the emulator's lock (`page`), rendered after it (`json`),
    /// so building the items' JSON does not hold other requests up. It holds the page's items and counts,
    /// never the table: a write while it renders finds the table unshared and copies nothing.
    struct Page {
        /// The returned items, shaped; nil for `Select: COUNT`.
        let items: [Item]?
        let count: Int
        let scanned: Int
        let lastEvaluated: Item?
        let consumed: (String, JSONValue)?

        func json() -> JSONValue {
            var members: [(String, JSONValue)] = []
            if let items { members.append(("Items", .array(items.map(Item.json)))) }
            members.append(("Count", .number(count)))
            members.append(("ScannedCount", .number(scanned)))
            if let lastEvaluated { members.append(("LastEvaluatedKey", Item.json(lastEvaluated))) }
            if let consumed { members.append(consumed) }
            return .object(members)
        }

        /// Writes the members `json()` has, without building the tree.
        func write(to object: inout ResponseDocument.ObjectWriter) {
            if let items {
                object.member("Items") { out in
                    out.append(UInt8(ascii: "["))
                    for (position, item) in items.enumerated() {
                        if position > 0 { out.append(UInt8(ascii: ",")) }
                        Item.write(item, to: &out)
                    }
                    out.append(UInt8(ascii: "]"))
                }
            }
            object.member(("Count", .number(count)))
            object.member(("ScannedCount", .number(scanned)))
            if let lastEvaluated { object.member("LastEvaluatedKey") { Item.write(lastEvaluated, to: &$0) } }
            object.member(consumed)
        }
    }

    /// The key a following page starts after: table key, plus index key for index reads.
    func lastKey(_ item: Item) -> Item {
        var key = table.keySchema.keyItem(of: item)
        if let index { key.merge(index.keySchema.keyItem(of: item)) { a, _ in a } }
        return key
    }

    /// The item as the read returns it: index projection, then ProjectionExpression.
    func shape(_ item: Item) -> Item {
        var out = item
        if !fetchesFromTable, let keep = Self.projectedAttributes(of: index, table: table.keySchema) {
            out = out.filter { keep.contains($0.key) }
        }
        if let projection { out = Projection.apply(projection, to: out) }
        return out
    }

    /// A local secondary index answers `ALL_ATTRIBUTES` and named attributes it does not project by
    /// fetching them from the table; a global one cannot (Developer Guide, "Local secondary indexes":
    /// attribute projections).
    var fetchesFromTable: Bool {
        index?.isGlobal == false && (select == "ALL_ATTRIBUTES" || select == "SPECIFIC_ATTRIBUTES")
    }

    /// Whether the read asks for attributes its index does not hold: `ALL_ATTRIBUTES`, or a projection
    /// naming one, of an index that does not project everything.
    var projectsTooLittle: Bool {
        guard let projected = Self.projectedAttributes(of: index, table: table.keySchema) else { return false }
        if select == "ALL_ATTRIBUTES" { return true }
        return projection?.contains { !projected.contains($0.attribute) } ?? false
    }

    /// The attributes an index holds when it does not project everything: the table's and the index's
    /// key attributes, plus INCLUDE's NonKeyAttributes. Nil for the table itself and for `ALL`.
    static func projectedAttributes(of index: SecondaryIndex?, table: KeySchema) -> Set<String>? {
        guard let index, index.projectionType != "ALL" else { return nil }
        var names = Set(table.attributes.map(\.name) + index.keySchema.attributes.map(\.name))
        if index.projectionType == "INCLUDE" { names.formUnion(index.nonKeyAttributes ?? []) }
        return names
    }

    /// What an index read may name: a Query's filter only attributes the index projects (even where
    /// the table would be read for the answer), a global index's projection only those too. Texts as
    /// DynamoDB answers them (quoted in public issue reports). The filter rule is confirmed for Query
    /// only: what DynamoDB does with a Scan filter naming an unprojected attribute is not documented,
    /// so Scan (`checkingFilter` false) leaves its filter alone.
    func checkProjectedNames(checkingFilter: Bool = true) throws(DynamoDBError) {
        guard let index, let projected = Self.projectedAttributes(of: index, table: table.keySchema) else { return }
        if checkingFilter, let filter {
            let missing = Self.unprojected(filter.paths.map(\.attribute), projected: projected)
            if !missing.isEmpty {
                throw .invalidParameter("Secondary index \(index.name) does not project one or more filter attributes: [\(missing.joined(separator: ", "))]")
            }
        }
        if index.isGlobal, let projection {
            let missing = Self.unprojected(projection.map(\.attribute), projected: projected)
            if !missing.isEmpty {
                throw .invalidParameter("Global secondary index \(index.name) does not project [\(missing.joined(separator: ", "))]")
            }
        }
    }

    /// `names` not in `projected`, first appearance order, each once.
    private static func unprojected(_ names: [String], projected: Set<String>) -> [String] {
        var seen = Set<String>()
        return names.filter { !projected.contains($0) && seen.insert($0).inserted }
    }

    /// Reads the members Query and Scan share, with Coral's constraints.
    static func common(
        _ body: RequestBody, table: Table, indexName: String?, projectionMember: String?, layer: ValueLayer = .current
    ) throws(DynamoDBError) -> (SecondaryIndex?, Int?, Item?, String, Bool) {
        let limit = try body.int("Limit")
        if let limit, limit < 1 {
            throw .constraint(["Value '\(limit)' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"])
        }
        let select = try body.string("Select")
        if let select, !["ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES", "SPECIFIC_ATTRIBUTES", "COUNT"].contains(select) {
            throw .constraint(["Value '\(select)' at 'select' failed to satisfy constraint: Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]"])
        }
        var index: SecondaryIndex?
        if let indexName {
            guard let found = table.definition.index(named: indexName) else {
                throw .validation("The table does not have the specified index: \(indexName)")
            }
            index = found
        }
        try checkSelect(select, projectionMember: projectionMember, index: index)
        let consistent = try body.bool("ConsistentRead") ?? false
        if consistent, index?.isGlobal == true {
            throw .validation("Consistent reads are not supported on global secondary indexes")
        }
        let start = try body.attributeMap("ExclusiveStartKey", layer: layer)
        // An index read without Select answers what the index projects (API Reference, Query: Select).
        let defaultSelect = projectionMember != nil ? "SPECIFIC_ATTRIBUTES" : index == nil ? "ALL_ATTRIBUTES" : "ALL_PROJECTED_ATTRIBUTES"
        return (index, limit, start, select ?? defaultSelect, consistent)
    }

    /// Select against the projection and the index (texts as public emulators' suites recorded them
    /// from AWS; the AttributesToGet variants assumed by analogy with the ProjectionExpression ones —
    /// DynamoDB Local's error table has the same AttributesToGet text for COUNT).
    static func checkSelect(_ select: String?, projectionMember: String?, index: SecondaryIndex?) throws(DynamoDBError) {
        switch select {
        case "COUNT":
            if let projectionMember { throw .validation("Cannot specify the \(projectionMember) when choosing to get only the Count") }
        case "ALL_ATTRIBUTES":
            if let projectionMember { throw .validation("Cannot specify the \(projectionMember) when choosing to get ALL_ATTRIBUTES") }
            if let index, index.isGlobal, index.projectionType != "ALL" {
                throw .invalidParameter("Select type ALL_ATTRIBUTES is not supported for global secondary index \(index.name) because its projection type is not ALL")
            }
        case "ALL_PROJECTED_ATTRIBUTES":
            if index == nil { throw .validation("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName") }
            if let projectionMember { throw .validation("Cannot specify the \(projectionMember) when choosing to get ALL_PROJECTED_ATTRIBUTES") }
        case "SPECIFIC_ATTRIBUTES":
            if projectionMember == nil {
                throw .validation("Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES")
            }
        default: break
        }
    }
}
