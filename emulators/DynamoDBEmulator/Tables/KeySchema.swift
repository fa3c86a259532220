import DrydockCore

/// A key attribute: its name and scalar type ("S", "N" or "B").
public struct KeyAttribute: Sendable, Equatable {
    public let name: String
    public let type: String
}

/// A table's or index's key: partition (HASH) attributes, then sort (RANGE) attributes, in KeySchema
/// order.
///
/// Tables and local secondary indexes have one partition attribute and at most one sort attribute. A
/// global secondary index may have up to four of each (DynamoDB's multi-attribute keys, November 2025):
/// an item is in such an index only when it carries every one of them, its partition is the tuple of
/// partition values, and within it items are ordered by the sort values left to right.
public struct KeySchema: Sendable, Equatable {
    public let hashAttributes: [KeyAttribute]
    public let rangeAttributes: [KeyAttribute]
    /// Partition attributes, then sort attributes (kept, not built per call: GetItem's key check reads it).
    public let attributes: [KeyAttribute]

    /// The usual schema: one partition attribute and an optional sort attribute.
    public init(hash: KeyAttribute, range: KeyAttribute?) {
        self.init(hashAttributes: [hash], rangeAttributes: range.map { [$0] } ?? [])
    }

    /// A schema with `hashAttributes` (at least one) and `rangeAttributes`, in order.
    public init(hashAttributes: [KeyAttribute], rangeAttributes: [KeyAttribute]) {
        precondition(!hashAttributes.isEmpty, "a key schema has a partition attribute")
        self.hashAttributes = hashAttributes
        self.rangeAttributes = rangeAttributes
        attributes = hashAttributes + rangeAttributes
    }

    /// The (first) partition attribute.
    public var hash: KeyAttribute { hashAttributes[0] }
    /// The (first) sort attribute; for a table or LSI, its only one.
    public var range: KeyAttribute? { rangeAttributes.first }

    /// More than one partition or sort attribute (a GSI's multi-attribute key).
    public var isMultiAttribute: Bool { hashAttributes.count > 1 || rangeAttributes.count > 1 }

    /// `[{"AttributeName": …, "KeyType": "HASH"}, …, {…, "KeyType": "RANGE"}]`.
    var json: JSONValue {
        .array(hashAttributes.map { ["AttributeName": .string($0.name), "KeyType": "HASH"] }
            + rangeAttributes.map { ["AttributeName": .string($0.name), "KeyType": "RANGE"] })
    }

    /// The key of `item` under a table's schema (nil if the item lacks a key attribute).
    func key(of item: Item) -> ItemKey? {
        guard let h = item[hash.name] else { return nil }
        if let range {
            guard let r = item[range.name] else { return nil }
            return ItemKey(hash: h, range: r)
        }
        return ItemKey(hash: h, range: nil)
    }

    /// Whether `item` carries every key attribute of this schema (an index holds only such items).
    func hasKey(_ item: Item) -> Bool {
        attributes.allSatisfy { item[$0.name] != nil }
    }

    /// Only the key attributes of `item`.
    func keyItem(of item: Item) -> Item {
        var out: Item = [:]
        for attribute in attributes { out[attribute.name] = item[attribute.name] }
        return out
    }
}

/// A primary-key value, ordered as DynamoDB orders keys (partition, then sort key).
struct ItemKey: Hashable, Sendable, Comparable {
    let hash: AttributeValue
    let range: AttributeValue?

    static func < (lhs: ItemKey, rhs: ItemKey) -> Bool {
        let h = lhs.hash.compare(rhs.hash) ?? 0
        if h != 0 { return h < 0 }
        guard let a = lhs.range, let b = rhs.range else { return false }
        return (a.compare(b) ?? 0) < 0
    }
}
