import DrydockCore

/// A table's definition and its items, keyed by primary key. A value type: the emulator swaps whole
/// region states under its lock.
struct Table: Sendable {
    var definition: TableDefinition
    private(set) var items: [ItemKey: Item] = [:]
    /// The keys of each partition (by partition-key value) in sort-key order, so a Query reads its
    /// partition only, already ordered, and finds where its sort-key condition starts and stops by
    /// binary search.
    private(set) var partitions: [AttributeValue: [ItemKey]] = [:]
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
        stream?.record(old: old, new: item)
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
        stream?.record(old: old, new: nil, byTimeToLive: byTimeToLive)
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
            for item in items.values where index.keySchema.hasKey(item) && KeyValidation.keySizesFit(item, schema: index.keySchema) {
                count += 1
                size += Item.size(item)
            }
            out[index.name] = (count, size)
        }
        return out
    }

    func description(status: String) -> JSONValue {
        let json = definition.description(status: status, itemCount: items.count, sizeBytes: sizeBytes, indexStats: indexStats())
        guard case .object(let members) = json, stream != nil else { return json }
        return .object(members + streamDescriptionMembers)
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

/// One tag of a table (`{"Key": …, "Value": …}`).
struct ResourceTag: Sendable, Equatable {
    let key: String
    var value: String
}
