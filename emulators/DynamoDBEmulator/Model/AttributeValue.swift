import DrydockCore
import DrydockCrypto

/// One DynamoDB attribute value, in the wire's type vocabulary.
/// Not `indirect`: lists and maps recurse through their own heap storage, so scalars stay unboxed.
public enum AttributeValue: Sendable, Hashable {
    case s(String)
    case n(DynamoNumber)
    case b([UInt8])
    case bool(Bool)
    case null
    case l([AttributeValue])
    case m([String: AttributeValue])
    case ss([String])
    case ns([DynamoNumber])
    case bs([[UInt8]])

    /// The wire type tag: "S", "N", "B", "BOOL", "NULL", "L", "M", "SS", "NS", "BS".
    public var typeTag: String {
        switch self {
        case .s: "S"
        case .n: "N"
        case .b: "B"
        case .bool: "BOOL"
        case .null: "NULL"
        case .l: "L"
        case .m: "M"
        case .ss: "SS"
        case .ns: "NS"
        case .bs: "BS"
        }
    }

    /// The value in DynamoDB JSON (`{"S": "x"}`), numbers normalised, sets in stored order.
    public var json: JSONValue {
        switch self {
        case .s(let s): ["S": .string(s)]
        case .n(let n): ["N": .string(n.description)]
        case .b(let b): ["B": .string(Base64.encode(b))]
        case .bool(let b): ["BOOL": .bool(b)]
        case .null: ["NULL": true]
        case .l(let items): ["L": .array(items.map(\.json))]
        case .m(let map): ["M": Item.json(map)]
        case .ss(let set): ["SS": .array(set.map { .string($0) })]
        case .ns(let set): ["NS": .array(set.map { .string($0.description) })]
        case .bs(let set): ["BS": .array(set.map { .string(Base64.encode($0)) })]
        }
    }

    /// Bytes this value counts toward the 400 KB item limit (AWS's documented rules: UTF-8 length
    /// for strings, raw length for binary, 1 for BOOL and NULL, 3 bytes overhead plus one per element
    /// for L and M).
    public var size: Int {
        switch self {
        case .s(let s): s.utf8.count
        case .n(let n): n.storageSize
        case .b(let b): b.count
        case .bool, .null: 1
        case .l(let items): 3 + items.reduce(0) { $0 + 1 + $1.size }
        case .m(let map): 3 + map.reduce(0) { $0 + 1 + $1.key.utf8.count + $1.value.size }
        case .ss(let set): set.reduce(0) { $0 + $1.utf8.count }
        case .ns(let set): set.reduce(0) { $0 + $1.storageSize }
        case .bs(let set): set.reduce(0) { $0 + $1.count }
        }
    }

    /// Nesting levels: 1 for a scalar, set or empty container, one more than the deepest member for
    /// `L` and `M`. Values are never deeper than `maximumNesting` plus a document path's 32 levels
    /// (decoding and updates refuse more), which bounds this recursion.
    var nestingLevels: Int {
        switch self {
        case .l(let items): 1 + items.reduce(0) { max($0, $1.nestingLevels) }
        case .m(let map): 1 + map.values.reduce(0) { max($0, $1.nestingLevels) }
        default: 1
        }
    }

    /// Equality as DynamoDB compares values in conditions: sets compare as sets, numbers numerically.
    public static func == (lhs: AttributeValue, rhs: AttributeValue) -> Bool {
        switch (lhs, rhs) {
        case (.s(let a), .s(let b)): a == b
        case (.n(let a), .n(let b)): a == b
        case (.b(let a), .b(let b)): a == b
        case (.bool(let a), .bool(let b)): a == b
        case (.null, .null): true
        case (.l(let a), .l(let b)): a == b
        case (.m(let a), .m(let b)): a == b
        case (.ss(let a), .ss(let b)): Set(a) == Set(b)
        case (.ns(let a), .ns(let b)): Set(a) == Set(b)
        case (.bs(let a), .bs(let b)): Set(a) == Set(b)
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(typeTag)
        switch self {
        case .s(let s): hasher.combine(s)
        case .n(let n): hasher.combine(n)
        case .b(let b): hasher.combine(b)
        case .bool(let b): hasher.combine(b)
        case .null: break
        case .l(let items): hasher.combine(items)
        case .m(let map): hasher.combine(map)
        case .ss(let set): hasher.combine(Set(set))
        case .ns(let set): hasher.combine(Set(set))
        case .bs(let set): hasher.combine(Set(set))
        }
    }

    /// Ordering for key attributes (S by UTF-8 bytes, N numerically, B by unsigned bytes) and for the
    /// `<`/`>` comparators; nil when the two values are not comparable (different or unordered types).
    public func compare(_ other: AttributeValue) -> Int? {
        switch (self, other) {
        case (.s(let a), .s(let b)): Self.compareBytes(a.utf8, b.utf8)
        case (.n(let a), .n(let b)): a < b ? -1 : (a == b ? 0 : 1)
        case (.b(let a), .b(let b)): Self.compareBytes(a, b)
        default: nil
        }
    }

    /// Byte order, shorter first on a common prefix; walks both without copying (Query and Scan order
    /// call this for every comparison of their sort, so an array per call showed in the profile).
    static func compareBytes<A: Sequence<UInt8>, B: Sequence<UInt8>>(_ a: A, _ b: B) -> Int {
        var left = a.makeIterator(), right = b.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let x?, let y?): if x != y { return x < y ? -1 : 1 }
            }
        }
    }
}

/// An item: attribute name → value.
public typealias Item = [String: AttributeValue]

extension Item {
    /// Bytes the item counts toward the 400 KB limit: names plus values.
    static func size(_ item: Item) -> Int { item.reduce(0) { $0 + $1.key.utf8.count + $1.value.size } }

    /// DynamoDB's item size limit, 400 KB.
    static let maximumSize = 400 * 1024

    /// The item in DynamoDB JSON, attributes sorted by name so answers are reproducible.
    static func json(_ item: Item) -> JSONValue {
        // Sorted pairs, not sorted keys looked up again: every item of every read goes through here.
        .object(item.sorted { $0.key < $1.key }.map { ($0.key, $0.value.json) })
    }
}
