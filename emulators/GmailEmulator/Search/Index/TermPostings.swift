/// The messages holding each search term (a word or a pair of adjacent words in one field, see
/// `MessageTerms`): an open-addressing table from the term's 64-bit key to its posting. A posting is a
/// list of slots while the term is rare and a `SlotSet` once it is in more than 1 of 32 messages, where
/// a bit per message is smaller than a 4-byte slot per holder.
///
/// No `Dictionary`: keys are already well-mixed hashes, and hashing them again cost more than the rest
/// of building the index for a 100,000-message mailbox.
struct TermPostings: Sendable {
    struct Posting: Sendable {
        /// Slots ascending, for a rare term.
        var sparse: [UInt32] = []
        /// Every holder, for a common term (`sparse` is then empty).
        var dense: SlotSet?

        /// The holders as a set.
        var set: SlotSet { dense ?? SlotSet(sparse) }

        /// Adds `slot` (at least the last one added); the list becomes a set once it holds more than 1 in
        /// 32 of the slots so far.
        mutating func append(_ slot: UInt32) {
            if dense != nil {
                dense?.insert(slot)
            } else if sparse.last != slot {
                sparse.append(slot)
                if sparse.count >= 64, sparse.count * 32 > Int(slot) {
                    dense = SlotSet(sparse)
                    sparse = []
                }
            }
        }

        mutating func remove(_ slot: UInt32) {
            if dense != nil {
                dense?.remove(slot)
            } else if let index = sparse.lastIndex(of: slot) {
                sparse.remove(at: index)
            }
        }
    }

    /// 0 is an empty cell (keys are never 0).
    private var keys: [UInt64]
    /// The posting's index in `postings`, per cell.
    private var cells: [UInt32]
    private(set) var postings: [Posting] = []

    init() {
        keys = [UInt64](repeating: 0, count: 1024)
        cells = [UInt32](repeating: 0, count: 1024)
    }

    /// The holders of `key`; nil when no message holds it.
    func posting(_ key: UInt64) -> Posting? {
        let mask = keys.count - 1
        var cell = Int(truncatingIfNeeded: key >> 20) & mask
        while true {
            let found = keys[cell]
            if found == 0 { return nil }
            if found == key { return postings[Int(cells[cell])] }
            cell = (cell + 1) & mask
        }
    }

    /// Every term and its holders, in no order.
    func entries() -> [(key: UInt64, posting: Posting)] {
        var result: [(key: UInt64, posting: Posting)] = []
        result.reserveCapacity(postings.count)
        for (cell, key) in keys.enumerated() where key != 0 { result.append((key, postings[Int(cells[cell])])) }
        return result
    }

    var isEmpty: Bool { postings.isEmpty }

    /// Notes that `slot` holds `key` (slots are added in ascending order per key).
    mutating func append(_ key: UInt64, _ slot: UInt32) {
        let mask = keys.count - 1
        var cell = Int(truncatingIfNeeded: key >> 20) & mask
        while true {
            let found = keys[cell]
            if found == key {
                postings[Int(cells[cell])].append(slot)
                return
            }
            if found == 0 { break }
            cell = (cell + 1) & mask
        }
        keys[cell] = key
        cells[cell] = UInt32(postings.count)
        postings.append(Posting(sparse: [slot]))
        if postings.count * 2 > keys.count { grow() }
    }

    mutating func remove(_ key: UInt64, _ slot: UInt32) {
        let mask = keys.count - 1
        var cell = Int(truncatingIfNeeded: key >> 20) & mask
        while keys[cell] != 0 {
            if keys[cell] == key {
                postings[Int(cells[cell])].remove(slot)
                return
            }
            cell = (cell + 1) & mask
        }
    }

    /// These postings with their holders renumbered by `renumbering` (dead slots dropped).
    func renumbered(_ renumbering: SlotRenumbering) -> TermPostings {
        var result = TermPostings()
        for (key, posting) in entries() {
            if let dense = posting.dense {
                dense.forEach { slot in if let new = renumbering[slot] { result.append(key, new) } }
            } else {
                for slot in posting.sparse { if let new = renumbering[slot] { result.append(key, new) } }
            }
        }
        return result
    }

    /// Every holder of every term, counted once per term.
    var holderCount: Int { postings.reduce(0) { $0 + ($1.dense?.count ?? $1.sparse.count) } }

    private mutating func grow() {
        let old = keys, oldCells = cells
        keys = [UInt64](repeating: 0, count: old.count * 2)
        cells = [UInt32](repeating: 0, count: old.count * 2)
        let mask = keys.count - 1
        for (index, key) in old.enumerated() where key != 0 {
            var cell = Int(truncatingIfNeeded: key >> 20) & mask
            while keys[cell] != 0 { cell = (cell + 1) & mask }
            keys[cell] = key
            cells[cell] = oldCells[index]
        }
    }
}
