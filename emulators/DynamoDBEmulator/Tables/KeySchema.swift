import DrydockCore

/// A key attribute: its name and scalar type ("S", "N" or "B").
public struct KeyAttribute: Sendable, Equatable {
    public let name: String
    public let type: String
}

/// A table's or index's primary key: a partition (HASH) key and an optional sort (RANGE) key.
public struct KeySchema: Sendable, Equatable {
    public let hash: KeyAttribute
    public let range: KeyAttribute?

    public var attributes: [KeyAttribute] { [hash] + (range.map { [$0] } ?? []) }

    /// `[{"AttributeName": …, "KeyType": "HASH"}, …]`.
    var json: JSONValue {
        var out: [JSONValue] = [["AttributeName": .string(hash.name), "KeyType": "HASH"]]
        if let range { out.append(["AttributeName": .string(range.name), "KeyType": "RANGE"]) }
        return .array(out)
    }

    /// The key of `item` under this schema (nil if the item lacks a key attribute).
    func key(of item: Item) -> ItemKey? {
        guard let h = item[hash.name] else { return nil }
        if let range {
            guard let r = item[range.name] else { return nil }
            return ItemKey(hash: h, range: r)
        }
        return ItemKey(hash: h, range: nil)
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
