import DrydockCrypto

extension Condition {
    /// Whether `item` (nil or empty for "no item") satisfies this condition. Comparisons with a
    /// missing attribute are false, except `<>`, which is true (DynamoDB's semantics).
    func evaluate(_ item: Item) -> Bool {
        switch self {
        case .compare(let l, let op, let r):
            let a = l.resolve(item), b = r.resolve(item)
            switch op {
            case .eq: return a != nil && a == b
            case .ne: return a == nil || b == nil || a != b
            default:
                guard let a, let b, let order = a.compare(b) else { return false }
                switch op {
                case .lt: return order < 0
                case .le: return order <= 0
                case .gt: return order > 0
                default: return order >= 0
                }
            }
        case .between(let v, let low, let high):
            guard let x = v.resolve(item), let lo = low.resolve(item), let hi = high.resolve(item),
                  let c1 = x.compare(lo), let c2 = x.compare(hi) else { return false }
            return c1 >= 0 && c2 <= 0
        case .isIn(let v, let options):
            guard let x = v.resolve(item) else { return false }
            return options.contains { $0.resolve(item) == x }
        case .and(let a, let b): return a.evaluate(item) && b.evaluate(item)
        case .or(let a, let b): return a.evaluate(item) || b.evaluate(item)
        case .not(let c): return !c.evaluate(item)
        case .attributeExists(let p): return p.resolve(in: item) != nil
        case .attributeNotExists(let p): return p.resolve(in: item) == nil
        case .attributeType(let p, let t):
            guard let value = p.resolve(item), case .s(let name)? = t.resolve(item) else { return false }
            return value.typeTag == name
        case .beginsWith(let a, let b):
            switch (a.resolve(item), b.resolve(item)) {
            case (.s(let s)?, .s(let prefix)?): return s.utf8.starts(with: prefix.utf8)
            case (.b(let s)?, .b(let prefix)?): return s.starts(with: prefix)
            default: return false
            }
        case .contains(let a, let b):
            guard let container = a.resolve(item), let element = b.resolve(item) else { return false }
            switch (container, element) {
            // Substrings by UTF-8 bytes (as DynamoDB, which compares code units, not grapheme clusters).
            case (.s(let s), .s(let sub)): return sub.isEmpty || Self.bytes(Array(s.utf8), contain: Array(sub.utf8))
            case (.b(let s), .b(let sub)): return sub.isEmpty || Self.bytes(s, contain: sub)
            case (.ss(let set), .s(let e)): return set.contains(e)
            case (.ns(let set), .n(let e)): return set.contains(e)
            case (.bs(let set), .b(let e)): return set.contains(e)
            case (.l(let list), _): return list.contains(element)
            default: return false
            }
        }
    }

    /// Whether `needle` occurs in `haystack`, in time linear in both (Knuth–Morris–Pratt): a 400 KB
    /// attribute against a needle that almost matches everywhere must not stall a Scan.
    static func bytes(_ haystack: [UInt8], contain needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard needle.count <= haystack.count else { return false }
        // failure[i]: length of the longest proper prefix of needle[0...i] that is also its suffix.
        var failure = [Int](repeating: 0, count: needle.count)
        var length = 0
        for i in 1..<max(1, needle.count) {
            while length > 0, needle[i] != needle[length] { length = failure[length - 1] }
            if needle[i] == needle[length] { length += 1 }
            failure[i] = length
        }
        var matched = 0
        for byte in haystack {
            while matched > 0, byte != needle[matched] { matched = failure[matched - 1] }
            if byte == needle[matched] { matched += 1 }
            if matched == needle.count { return true }
        }
        return false
    }

    /// Every document path the condition reads (for Query's key-attribute checks).
    var paths: [DocumentPath] {
        func operandPaths(_ o: ConditionOperand) -> [DocumentPath] {
            switch o {
            case .path(let p), .size(let p): [p]
            case .value: []
            }
        }
        switch self {
        case .compare(let a, _, let b): return operandPaths(a) + operandPaths(b)
        case .between(let a, let b, let c): return operandPaths(a) + operandPaths(b) + operandPaths(c)
        case .isIn(let a, let list): return operandPaths(a) + list.flatMap(operandPaths)
        case .and(let a, let b), .or(let a, let b): return a.paths + b.paths
        case .not(let c): return c.paths
        case .attributeExists(let p), .attributeNotExists(let p): return [p]
        case .attributeType(let p, let o): return operandPaths(p) + operandPaths(o)
        case .beginsWith(let a, let b), .contains(let a, let b): return operandPaths(a) + operandPaths(b)
        }
    }
}

extension ConditionOperand {
    /// The operand's value against `item`; `size` of a missing or unsized attribute is nil.
    func resolve(_ item: Item) -> AttributeValue? {
        switch self {
        case .value(let v): return v
        case .path(let p): return p.resolve(in: item)
        case .size(let p):
            guard let value = p.resolve(in: item) else { return nil }
            let count: Int
            switch value {
            case .s(let s): count = s.utf8.count  // bytes: the PartiQL size() page says "size in bytes"
            case .b(let b): count = b.count
            case .ss(let set): count = set.count
            case .ns(let set): count = set.count
            case .bs(let set): count = set.count
            case .l(let list): count = list.count
            case .m(let map): count = map.count
            default: return nil
            }
            return .n(DynamoNumber(count))
        }
    }
}

extension Result {
    /// The success value, or nil.
    var successValue: Success? {
        if case .success(let value) = self { return value }
        return nil
    }
}
