/// The text index's terms once collected: immutable, and a few flat arrays instead of a table of
/// growable lists, so a 100,000-message mailbox's terms take tens of megabytes, not a hundred.
///
/// - `keys`: every term's 64-bit key (see `MessageTerms`), ascending; found by binary search.
/// - `starts`: per term, where its slots begin in `slots` (the next term's start is where they end): a
///   rare term's holders, ascending, 4 bytes each.
/// - A common term (in more than 1 of 32 messages) has an empty range and a `SlotSet` instead, found
///   through `denseTerms` (term numbers, ascending) and `denseSets` (its set's number in `sets`).
///   Identical sets are kept once: words of one mail template (every pair of "your booking is
///   confirmed …") are held by exactly the same messages.
///
/// Built a chunk of slots at a time (`init(_:)` from a chunk's `TermPostings`, then `merged`), so the
/// growable table only ever holds one chunk's terms.
struct CompactPostings: Sendable {
    private(set) var keys: [UInt64] = []
    private var starts: [UInt32] = [0]
    private var slots: [UInt32] = []
    private var denseTerms: [UInt32] = []
    private var denseSets: [UInt32] = []
    private var sets: [SlotSet] = []

    /// No terms.
    init() {}

    /// The terms of one chunk, collected in `postings`.
    init(_ postings: TermPostings) {
        let terms = postings.entries().sorted { $0.key < $1.key }
        keys.reserveCapacity(terms.count)
        starts.reserveCapacity(terms.count + 1)
        for (key, posting) in terms {
            if let dense = posting.dense {
                appendDense(key, dense)
            } else {
                appendSparse(key, posting.sparse[...])
            }
        }
    }

    var termCount: Int { keys.count }
    /// How many distinct sets the common terms share.
    var setCount: Int { sets.count }
    /// How many terms are common (held as a set).
    var denseCount: Int { denseTerms.count }

    /// The holders of `key`; nil when no message holds it.
    func holders(_ key: UInt64) -> SlotSet? {
        guard let term = find(key) else { return nil }
        return posting(term).set
    }

    /// The terms of `older` then `newer` (whose slots are all above `older`'s), in one: a term in both
    /// gets both lists, or one set once it is held by more than 1 in 32 of `slotCount` slots.
    static func merged(_ older: CompactPostings, _ newer: CompactPostings, slotCount: Int) -> CompactPostings {
        var result = CompactPostings()
        result.keys.reserveCapacity(older.keys.count + newer.keys.count)
        result.starts.reserveCapacity(older.keys.count + newer.keys.count + 1)
        result.slots.reserveCapacity(older.slots.count + newer.slots.count)
        var left = 0, right = 0
        while left < older.keys.count || right < newer.keys.count {
            let takeLeft = right == newer.keys.count || (left < older.keys.count && older.keys[left] <= newer.keys[right])
            let takeRight = left == older.keys.count || (right < newer.keys.count && newer.keys[right] <= older.keys[left])
            let key = takeLeft ? older.keys[left] : newer.keys[right]
            switch (takeLeft ? older.posting(left) : nil, takeRight ? newer.posting(right) : nil) {
            case (let only?, nil), (nil, let only?):
                result.append(key, only)
            case (let first?, let second?):
                if first.isDense || second.isDense || (first.count + second.count) * 32 > slotCount && first.count + second.count >= 64 {
                    var set = first.set
                    set.formUnion(second.set)
                    result.appendDense(key, set)
                } else {
                    result.appendSparse(key, first.sparse)
                    result.slots.append(contentsOf: second.sparse)
                    result.starts[result.starts.count - 1] = UInt32(truncatingIfNeeded: result.slots.count)
                }
            case (nil, nil):
                break
            }
            if takeLeft { left += 1 }
            if takeRight { right += 1 }
        }
        return result
    }

    /// This index with identical dense sets kept once, and no spare capacity.
    func deduplicated() -> CompactPostings {
        var result = self
        var unique: [SlotSet: UInt32] = [:]
        var remap: [UInt32] = []
        result.sets = []
        for set in sets {
            if let known = unique[set] {
                remap.append(known)
            } else {
                let number = UInt32(truncatingIfNeeded: result.sets.count)
                unique[set] = number
                result.sets.append(set)
                remap.append(number)
            }
        }
        result.denseSets = denseSets.map { remap[Int($0)] }
        result.keys = Array(keys)
        result.starts = Array(starts)
        result.slots = Array(slots)
        return result
    }

    /// These terms with their holders renumbered by `renumbering` (a dead slot's holdings dropped, and a
    /// term no live slot holds forgotten); each shared set is renumbered once.
    func renumbered(_ renumbering: SlotRenumbering) -> CompactPostings {
        let newSets = sets.map(renumbering.apply)
        var result = CompactPostings()
        var dense = 0
        for term in keys.indices {
            if dense < denseTerms.count, Int(denseTerms[dense]) == term {
                let number = denseSets[dense]
                dense += 1
                guard !newSets[Int(number)].isEmpty else { continue }
                result.denseTerms.append(UInt32(truncatingIfNeeded: result.keys.count))
                result.denseSets.append(number)
                result.keys.append(keys[term])
                result.starts.append(UInt32(truncatingIfNeeded: result.slots.count))
                continue
            }
            let before = result.slots.count
            for slot in slots[Int(starts[term])..<Int(starts[term + 1])] {
                if let new = renumbering[slot] { result.slots.append(new) }
            }
            guard result.slots.count > before else { continue }
            result.keys.append(keys[term])
            result.starts.append(UInt32(truncatingIfNeeded: result.slots.count))
        }
        result.sets = newSets
        return result.deduplicated()
    }

    /// Every holder of every term, counted once per term (a set's members for a common term): what
    /// the postings hold, for tests that check they stay bounded.
    var holderCount: Int {
        var count = slots.count
        for number in denseSets { count += sets[Int(number)].count }
        return count
    }

    // MARK: - Terms

    /// One term's holders: a slice of `slots`, or a set.
    private struct View {
        let sparse: ArraySlice<UInt32>
        let dense: SlotSet?

        var isDense: Bool { dense != nil }
        var count: Int { dense?.count ?? sparse.count }
        var set: SlotSet { dense ?? SlotSet(Array(sparse)) }
    }

    private func posting(_ term: Int) -> View {
        let start = Int(starts[term]), end = Int(starts[term + 1])
        if start == end, let dense = denseSet(term) { return View(sparse: [], dense: dense) }
        return View(sparse: slots[start..<end], dense: nil)
    }

    private func denseSet(_ term: Int) -> SlotSet? {
        guard let position = Self.search(denseTerms, UInt32(truncatingIfNeeded: term)) else { return nil }
        return sets[Int(denseSets[position])]
    }

    private func find(_ key: UInt64) -> Int? { Self.search(keys, key) }

    private static func search<Value: Comparable>(_ values: [Value], _ wanted: Value) -> Int? {
        var low = 0, high = values.count
        while low < high {
            let middle = (low + high) / 2
            if values[middle] < wanted { low = middle + 1 } else { high = middle }
        }
        return low < values.count && values[low] == wanted ? low : nil
    }

    private mutating func append(_ key: UInt64, _ view: View) {
        if let dense = view.dense { appendDense(key, dense) } else { appendSparse(key, view.sparse) }
    }

    private mutating func appendSparse(_ key: UInt64, _ holders: ArraySlice<UInt32>) {
        keys.append(key)
        slots.append(contentsOf: holders)
        starts.append(UInt32(truncatingIfNeeded: slots.count))
    }

    private mutating func appendDense(_ key: UInt64, _ set: SlotSet) {
        denseTerms.append(UInt32(truncatingIfNeeded: keys.count))
        denseSets.append(UInt32(truncatingIfNeeded: sets.count))
        sets.append(set)
        keys.append(key)
        starts.append(UInt32(truncatingIfNeeded: slots.count))
    }
}
