import DrydockCore

/// A table's definition and its items, keyed by primary key. A value type: the emulator swaps whole
/// region states under its lock.
struct Table: Sendable {
    var definition: TableDefinition {
        // An index added, removed or changed (UpdateTable) is rebuilt from the items: its backfill.
        didSet { if oldValue.indexes != definition.indexes { rebuildIndexPartitions() } }
    }
    private(set) var items: [ItemKey: Item] = [:]
    /// The keys of each partition (by partition-key value) in sort-key order, so a Query reads its
    /// partition only, already ordered, and finds where its sort-key condition starts and stops by
    /// binary search.
    private(set) var partitions: [AttributeValue: [ItemKey]] = [:]
    /// Each secondary index's entries by index name, grouped by the index's partition-key values (in
    /// schema order), each group in the index's read order, kept with every write: a Query of an index
    /// reads its partition only instead of filtering and sorting the whole table.
    private(set) var indexPartitions: [String: [[AttributeValue]: [IndexEntry]]] = [:]
    /// Running total of item sizes, for TableSizeBytes.
    private(set) var sizeBytes = 0
    /// The TTL attribute when Time to Live is enabled (expired items are deleted by
    /// `DynamoDBEmulator.expireItems`).
    var timeToLiveAttribute: String?
    /// The table's latest DynamoDB stream (enabled, or disabled and still readable); every item write
    /// below records into it (see `TableStream.record`).
    var stream: TableStream?
    /// TagResource's tags, in the order first set (kept by fixtures and the data directory as `"Tags"`).
    var tags: [ResourceTag] = []
    /// UpdateContinuousBackups' point-in-time recovery setting: nil when off, else the recovery
    /// period in days (state only, no backups are taken; kept as `"PointInTimeRecoverySpecification"`).
    var pointInTimeRecoveryDays: Int?
    /// The other regions holding a replica of this table (global tables version 2019.11.21, see
    /// `Replicas.swift`), sorted; empty for a regional table.
    var replicaRegions: [String] = []
    /// Item writes not yet passed on to `replicaRegions` (recorded only while the table is global);
    /// `State.store(_:region:)` drains them under the same lock.
    var unreplicated: [ReplicatedWrite] = []

    init(definition: TableDefinition) { self.definition = definition }

    var keySchema: KeySchema { definition.keySchema }

    subscript(key: ItemKey) -> Item? { items[key] }

    /// Stores `item` (already validated) under its key, replacing any previous item.
    mutating func put(_ item: Item) {
        guard let key = keySchema.key(of: item) else { return }
        let old = items.updateValue(item, forKey: key)
        if let old {
            sizeBytes -= Item.size(old)
        } else {
            partitions[key.hash, default: []].insertSorted(key)
        }
        sizeBytes += Item.size(item)
        updateIndexPartitions(old: old, new: item)
        stream?.record(old: old, new: item)
        if !replicaRegions.isEmpty { unreplicated.append(.put(item)) }
    }

    /// Removes and returns the item at `key`; `byTimeToLive` marks the stream record as DynamoDB's own
    /// Time to Live deletion.
    @discardableResult
    mutating func delete(_ key: ItemKey, byTimeToLive: Bool = false) -> Item? {
        guard let old = items.removeValue(forKey: key) else { return nil }
        sizeBytes -= Item.size(old)
        if partitions[key.hash]?.removeSorted(key) == true, partitions[key.hash]?.isEmpty == true {
            partitions[key.hash] = nil
        }
        updateIndexPartitions(old: old, new: nil)
        stream?.record(old: old, new: nil, byTimeToLive: byTimeToLive)
        if !replicaRegions.isEmpty { unreplicated.append(.delete(key)) }
        return old
    }

    /// The entries of index `name` whose partition-key values are `hashValues`, in read order.
    func indexPartition(_ name: String, hashValues: [AttributeValue]) -> [IndexEntry] {
        indexPartitions[name]?[hashValues] ?? []
    }

    /// Moves an item's entry in every index from where `old` put it to where `new` does.
    private mutating func updateIndexPartitions(old: Item?, new: Item?) {
        for index in definition.indexes {
            let before = old.flatMap { IndexEntry(of: $0, in: index, table: keySchema) }
            let after = new.flatMap { IndexEntry(of: $0, in: index, table: keySchema) }
            if let before, let after, before.order == after.order { continue }
            if let before {
                let hash = before.hashValues(index)
                if indexPartitions[index.name]?[hash]?.removeSorted(before) == true, indexPartitions[index.name]?[hash]?.isEmpty == true {
                    indexPartitions[index.name]?[hash] = nil
                }
            }
            if let after { indexPartitions[index.name, default: [:]][after.hashValues(index), default: []].insertSorted(after) }
        }
    }

    private mutating func rebuildIndexPartitions() {
        indexPartitions = [:]
        for index in definition.indexes {
            var groups: [[AttributeValue]: [IndexEntry]] = [:]
            for item in items.values {
                guard let entry = IndexEntry(of: item, in: index, table: keySchema) else { continue }
                groups[entry.hashValues(index), default: []].append(entry)
            }
            for hash in groups.keys { groups[hash]?.sort { ReadPlan.less($0.order, $1.order) } }
            indexPartitions[index.name] = groups
        }
    }

    /// All keys in DynamoDB's scan order for this emulator: by partition key, then sort key.
    /// (DynamoDB orders partitions by an internal hash; ours is deterministic and documented.)
    func sortedKeys() -> [ItemKey] { items.keys.sorted() }

    /// Items and bytes an index holds: the items a read of it sees, each counted by what it projects.
    func indexStats() -> [String: (count: Int, size: Int)] {
        var out: [String: (count: Int, size: Int)] = [:]
        for index in definition.indexes {
            var count = 0, size = 0
            let projected = ReadPlan.projectedAttributes(of: index, table: keySchema)
            for item in items.values where ReadPlan.orderVector(item, index: index, table: keySchema) != nil {
                count += 1
                size += Item.size(projected.map { keep in item.filter { keep.contains($0.key) } } ?? item)
            }
            out[index.name] = (count, size)
        }
        return out
    }

    func description(status: String) -> JSONValue {
        let json = definition.withWarmThroughput(
            definition.description(status: status, itemCount: items.count, sizeBytes: sizeBytes, indexStats: indexStats()))
        guard case .object(let members) = json, stream != nil || !replicaRegions.isEmpty else { return json }
        return .object(members + streamDescriptionMembers + replicaDescriptionMembers)
    }
}

extension [ItemKey] {
    /// The first index whose key is not below `key`.
    func sortedIndex(of key: ItemKey) -> Int {
        partitionPoint { $0 < key }
    }

    /// The first index where `isBelow` stops holding; `isBelow` must hold for a prefix of the array only.
    func partitionPoint(_ isBelow: (ItemKey) -> Bool) -> Int {
        var low = 0, high = count
        while low < high {
            let middle = low + (high - low) / 2
            if isBelow(self[middle]) { low = middle + 1 } else { high = middle }
        }
        return low
    }

    mutating func insertSorted(_ key: ItemKey) {
        insert(key, at: sortedIndex(of: key))
    }

    /// Removes `key`; false when it was not there.
    mutating func removeSorted(_ key: ItemKey) -> Bool {
        let index = sortedIndex(of: key)
        guard index < count, self[index] == key else { return false }
        remove(at: index)
        return true
    }
}

/// An item's place in a secondary index: its read-order vector (the index's key values, then the table's
/// key values, which makes it unique) and its table key.
struct IndexEntry: Sendable {
    let order: [AttributeValue]
    let key: ItemKey

    /// Nil when the index leaves the item out: a key attribute missing or of another type, or an empty
    /// or oversized key (possible for items written before the index was added; DynamoDB's backfill
    /// skips them).
    init?(of item: Item, in index: SecondaryIndex, table: KeySchema) {
        guard let order = ReadPlan.orderVector(item, index: index, table: table), let key = table.key(of: item) else {
            return nil
        }
        self.order = order
        self.key = key
    }

    /// The index's partition-key values, the group the entry belongs to.
    func hashValues(_ index: SecondaryIndex) -> [AttributeValue] { Array(order.prefix(index.keySchema.hashAttributes.count)) }
}

extension [IndexEntry] {
    mutating func insertSorted(_ entry: IndexEntry) {
        insert(entry, at: firstNotBelow(entry))
    }

    /// Removes the entry with `entry`'s order; false when it was not there.
    mutating func removeSorted(_ entry: IndexEntry) -> Bool {
        let position = firstNotBelow(entry)
        guard position < count, self[position].key == entry.key else { return false }
        remove(at: position)
        return true
    }

    private func firstNotBelow(_ entry: IndexEntry) -> Int {
        var low = 0, high = count
        while low < high {
            let middle = low + (high - low) / 2
            if ReadPlan.less(self[middle].order, entry.order) { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// One tag of a table (`{"Key": …, "Value": …}`).
struct ResourceTag: Sendable, Equatable {
    let key: String
    var value: String
}
