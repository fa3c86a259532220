/// A set of message slots (`MailboxIndex` numbers every message it indexes) as a bit set: one bit per
/// slot, so a query over 100,000 messages combines terms with about 1,600 word operations instead of
/// testing every message. Bits past the end read as absent; the set grows as slots are added.
struct SlotSet: Sendable, Hashable {
    private(set) var words: [UInt64]

    /// The empty set.
    init() { words = [] }

    /// Slots `0..<count`, every one present.
    init(all count: Int) {
        words = [UInt64](repeating: .max, count: count >> 6)
        if count & 63 != 0 { words.append((1 << UInt64(count & 63)) - 1) }
    }

    /// The slots `0..<count` for which `test` holds.
    init(count: Int, where test: (Int) -> Bool) {
        words = [UInt64](repeating: 0, count: (count + 63) >> 6)
        words.withUnsafeMutableBufferPointer { words in
            for slot in 0..<count where test(slot) { words[slot >> 6] |= 1 << UInt64(slot & 63) }
        }
    }

    /// The slots of a sorted or unsorted list.
    init(_ slots: [UInt32]) {
        words = []
        for slot in slots { insert(slot) }
    }

    func contains(_ slot: UInt32) -> Bool {
        let word = Int(slot >> 6)
        return word < words.count && words[word] & (1 << UInt64(slot & 63)) != 0
    }

    mutating func insert(_ slot: UInt32) {
        let word = Int(slot >> 6)
        if word >= words.count { words.append(contentsOf: repeatElement(0, count: word + 1 - words.count)) }
        words[word] |= 1 << UInt64(slot & 63)
    }

    mutating func remove(_ slot: UInt32) {
        let word = Int(slot >> 6)
        if word < words.count { words[word] &= ~(1 << UInt64(slot & 63)) }
    }

    /// How many slots are present.
    var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

    mutating func formIntersection(_ other: SlotSet) {
        if other.words.count < words.count { words.removeLast(words.count - other.words.count) }
        other.words.withUnsafeBufferPointer { theirs in
            for index in words.indices { words[index] &= theirs[index] }
        }
    }

    mutating func formUnion(_ other: SlotSet) {
        if other.words.count > words.count { words.append(contentsOf: repeatElement(0, count: other.words.count - words.count)) }
        other.words.withUnsafeBufferPointer { theirs in
            for index in theirs.indices { words[index] |= theirs[index] }
        }
    }

    mutating func subtract(_ other: SlotSet) {
        other.words.withUnsafeBufferPointer { theirs in
            for index in 0..<min(words.count, theirs.count) { words[index] &= ~theirs[index] }
        }
    }

    func subtracting(_ other: SlotSet) -> SlotSet {
        var result = self
        result.subtract(other)
        return result
    }

    /// Calls `body` with every present slot, ascending.
    func forEach(_ body: (UInt32) -> Void) {
        for (index, word) in words.enumerated() where word != 0 {
            var bits = word
            while bits != 0 {
                body(UInt32(index << 6 + bits.trailingZeroBitCount))
                bits &= bits - 1
            }
        }
    }
}
