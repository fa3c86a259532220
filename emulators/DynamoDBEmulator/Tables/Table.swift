import DrydockCore

/// A table's definition and its items, keyed by primary key. A value type: the emulator swaps whole
/// region states under its lock.
struct Table: Sendable {
    var definition: TableDefinition
    private(set) var items: [ItemKey: Item] = [:]
    /// The keys of each partition (by partition-key value), so a Query reads its partition only.
    private(set) var partitions: [AttributeValue: Set<ItemKey>] = [:]
    /// Running total of item sizes, for TableSizeBytes.
    private(set) var sizeBytes = 0
    /// The TTL attribute when Time to Live is enabled (expiry itself is not emulated yet).
    var timeToLiveAttribute: String?
    /// TagResource's tags, in the order first set (state only: kept in memory, not in the data directory).
    var tags: [ResourceTag] = []
    /// UpdateContinuousBackups' point-in-time recovery setting: nil when off, else the recovery
    /// period in days (state only, no backups are taken).
    var pointInTimeRecoveryDays: Int?

    init(definition: TableDefinition) { self.definition = definition }

    var keySchema: KeySchema { definition.keySchema }

    subscript(key: ItemKey) -> Item? { items[key] }

    /// Stores `item` (already validated) under its key, replacing any previous item.
    mutating func put(_ item: Item) {
        guard let key = keySchema.key(of: item) else { return }
        if let old = items.updateValue(item, forKey: key) {
            sizeBytes -= Item.size(old)
        } else {
            partitions[key.hash, default: []].insert(key)
        }
        sizeBytes += Item.size(item)
    }

    /// Removes and returns the item at `key`.
    @discardableResult
    mutating func delete(_ key: ItemKey) -> Item? {
        guard let old = items.removeValue(forKey: key) else { return nil }
        sizeBytes -= Item.size(old)
        if partitions[key.hash]?.remove(key) != nil, partitions[key.hash]?.isEmpty == true {
            partitions[key.hash] = nil
        }
        return old
    }

    /// All keys in DynamoDB's scan order for this emulator: by partition key, then sort key.
    /// (DynamoDB orders partitions by an internal hash; ours is deterministic and documented.)
    func sortedKeys() -> [ItemKey] { items.keys.sorted() }

    /// Items and bytes an index holds (items that carry all of its key attributes).
    func indexStats() -> [String: (count: Int, size: Int)] {
        var out: [String: (count: Int, size: Int)] = [:]
        for index in definition.indexes {
            var count = 0, size = 0
            for item in items.values where index.keySchema.key(of: item) != nil && KeyValidation.keySizesFit(item, schema: index.keySchema) {
                count += 1
                size += Item.size(item)
            }
            out[index.name] = (count, size)
        }
        return out
    }

    func description(status: String) -> JSONValue {
        definition.description(status: status, itemCount: items.count, sizeBytes: sizeBytes, indexStats: indexStats())
    }
}


/// One tag of a table (`{"Key": …, "Value": …}`).
struct ResourceTag: Sendable, Equatable {
    let key: String
    var value: String
}
