import Foundation

/// A message folded once for searching, for callers that test messages one at a time:
/// `GmailQuery.matches(_:now:)` on a document does no string work, only integer compares and one hash
/// probe per word. The `SearchableMessage` overload folds fields on every call instead. (The emulator's
/// own mailboxes search a `MailboxIndex`, which answers a query without testing every message and
/// takes a fraction of the memory of a document per message.)
public struct GmailSearchDocument: Sendable {
    /// Words and user labels, behind one reference.
    let text: SearchIndex
    // Flags and scalars inline, so date, size and system-label terms touch no other memory.
    let systemLabels: UInt16
    let hasUserLabels: Bool
    let hasAttachment: Bool
    let dateMilliseconds: Int64
    let sizeEstimate: Int

    public init(_ message: any SearchableMessage) {
        text = SearchIndex(message)
        (systemLabels, hasUserLabels) = SystemLabels.classify(message.labelIds)
        hasAttachment = message.hasAttachment
        dateMilliseconds = message.internalDate.searchMilliseconds
        sizeEstimate = message.sizeEstimate
    }

    private init(text: SearchIndex, systemLabels: UInt16, hasUserLabels: Bool, hasAttachment: Bool, dateMilliseconds: Int64, sizeEstimate: Int) {
        self.text = text
        self.systemLabels = systemLabels
        self.hasUserLabels = hasUserLabels
        self.hasAttachment = hasAttachment
        self.dateMilliseconds = dateMilliseconds
        self.sizeEstimate = sizeEstimate
    }

    /// The same document after the message's labels changed (`messages.modify` and friends): only the
    /// label terms are folded again; the words are shared with this document.
    func relabeled(ids: [String], names: [String]) -> GmailSearchDocument {
        let (system, hasUser) = SystemLabels.classify(ids)
        return GmailSearchDocument(
            text: text.withLabelKeys(MessageFolding.labelKeys(ids: ids, names: names)), systemLabels: system,
            hasUserLabels: hasUser, hasAttachment: hasAttachment, dateMilliseconds: dateMilliseconds, sizeEstimate: sizeEstimate)
    }
}

/// The folded text of one message, compact: a hash table of its distinct words (each with the fields
/// holding it), every text field's words as slots in that table back to back, and label keys for
/// `label:`. About 10 bytes per word of text, where fingerprints and a table sized for every word
/// took about 25.
final class SearchIndex: Sendable {
    /// Field `i`'s words are `sequence[fieldStarts[i]..<fieldStarts[i + 1]]`, each its slot in `table`
    /// (`boundarySlot` between two addresses or file names).
    let sequence: [UInt32]
    let fieldStarts: [Int]
    /// Open addressing with linear probing, at most half full. An entry is a word's fingerprint with
    /// its low 7 bits replaced by the `TextFields` bits of the fields holding it (one load per probe);
    /// 0 is empty.
    let table: [UInt64]
    let labelKeys: [UInt64]

    private static let fieldBits: UInt64 = 0x7F
    /// Never a slot: marks `SearchText.boundary` in `sequence`.
    static let boundarySlot = UInt32.max

    init(_ message: any SearchableMessage) {
        var words: [UInt64] = []
        var starts: [Int] = []
        for field in TextFields.all.indices {
            starts.append(words.count)
            words.append(contentsOf: MessageFolding.words(ofField: field, message))
        }
        starts.append(words.count)
        // Sized for every word first; shrunk to twice the distinct words once they are known.
        var table = Self.table(capacity: Self.capacity(for: words.count)) { insert in
            for field in 0..<(starts.count - 1) {
                for word in words[starts[field]..<starts[field + 1]] where word != SearchText.boundary {
                    insert(Self.key(word), UInt64(1 << field))
                }
            }
        }
        let distinct = table.reduce(0) { $0 + ($1 == 0 ? 0 : 1) }
        let capacity = Self.capacity(for: distinct)
        if capacity < table.count {
            let full = table
            table = Self.table(capacity: capacity) { insert in
                for entry in full where entry != 0 { insert(entry & ~Self.fieldBits, entry & Self.fieldBits) }
            }
        }
        sequence = words.map { word in
            word == SearchText.boundary ? Self.boundarySlot : UInt32(truncatingIfNeeded: Self.slot(of: word, in: table) ?? 0)
        }
        self.fieldStarts = starts
        self.table = table
        labelKeys = MessageFolding.labelKeys(message)
    }

    private init(sequence: [UInt32], fieldStarts: [Int], table: [UInt64], labelKeys: [UInt64]) {
        self.sequence = sequence
        self.fieldStarts = fieldStarts
        self.table = table
        self.labelKeys = labelKeys
    }

    /// This index with other label keys (the arrays are shared, not copied).
    func withLabelKeys(_ keys: [UInt64]) -> SearchIndex {
        SearchIndex(sequence: sequence, fieldStarts: fieldStarts, table: table, labelKeys: keys)
    }

    /// The smallest power of two at least twice `count` (and at least 8).
    private static func capacity(for count: Int) -> Int {
        var capacity = 8
        while capacity < count * 2 { capacity <<= 1 }
        return capacity
    }

    /// A table of `capacity` slots filled by `fill`, which calls its argument with each key and its field bits.
    private static func table(capacity: Int, _ fill: ((UInt64, UInt64) -> Void) -> Void) -> [UInt64] {
        var table = [UInt64](repeating: 0, count: capacity)
        fill { key, bits in
            var slot = Self.home(key, capacity: capacity)
            while table[slot] != 0 && table[slot] & ~Self.fieldBits != key { slot = (slot + 1) & (capacity - 1) }
            table[slot] = key | (table[slot] & Self.fieldBits) | bits
        }
        return table
    }

    /// The fingerprint without its low bits, never 0.
    private static func key(_ word: UInt64) -> UInt64 {
        let key = word & ~fieldBits
        return key == 0 ? fieldBits + 1 : key
    }

    /// The home slot, from the high bits (the low ones carry field bits).
    private static func home(_ key: UInt64, capacity: Int) -> Int {
        Int(truncatingIfNeeded: key >> 32) & (capacity - 1)
    }

    /// The slot holding `word` in `table`, or nil.
    private static func slot(of word: UInt64, in table: UnsafeBufferPointer<UInt64>) -> Int? {
        let key = Self.key(word)
        var slot = Self.home(key, capacity: table.count)
        while true {
            let entry = table[slot]
            if entry == 0 { return nil }
            if entry & ~Self.fieldBits == key { return slot }
            slot = (slot + 1) & (table.count - 1)
        }
    }

    private static func slot(of word: UInt64, in table: [UInt64]) -> Int? {
        table.withUnsafeBufferPointer { slot(of: word, in: $0) }
    }

    /// `word`'s slot and the fields holding it (as `TextFields` bits), or nil when no field has it.
    func lookup(_ word: UInt64) -> (slot: UInt32, fields: UInt8)? {
        table.withUnsafeBufferPointer { table in
            Self.slot(of: word, in: table).map { (UInt32(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: table[$0] & Self.fieldBits)) }
        }
    }

    /// The fields holding `word`, as `TextFields` bits (0 when none).
    func fields(holding word: UInt64) -> UInt8 {
        lookup(word)?.fields ?? 0
    }
}

/// `SearchFieldSource` over a document: everything is precomputed.
struct IndexedFields: SearchFieldSource {
    let document: GmailSearchDocument

    func containsWord(_ word: UInt64, in fields: TextFields) -> Bool {
        document.text.fields(holding: word) & fields.rawValue != 0
    }

    func containsPhrase(_ phrase: UnsafeBufferPointer<UInt64>, in fields: TextFields) -> Bool {
        // Only fields holding every word of the phrase can hold the phrase; the phrase is then
        // compared as slots.
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: phrase.count) { slots in
            var candidates = fields.rawValue
            for (index, word) in phrase.enumerated() {
                guard let (slot, holders) = document.text.lookup(word) else { return false }
                candidates &= holders
                if candidates == 0 { return false }
                slots[index] = slot
            }
            return scan(candidates) { WordSequence.contains($0, UnsafeBufferPointer(slots)) }
        }
    }

    func containsNear(_ first: UnsafeBufferPointer<UInt64>, _ second: UnsafeBufferPointer<UInt64>, within distance: Int) -> Bool {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: first.count + second.count) { slots in
            var candidates = TextFields.anywhere.rawValue
            var index = 0
            for phrase in [first, second] {
                for word in phrase {
                    guard let (slot, holders) = document.text.lookup(word) else { return false }
                    candidates &= holders
                    slots[index] = slot
                    index += 1
                }
            }
            guard candidates != 0 else { return false }
            let all = UnsafeBufferPointer(slots)
            let a = UnsafeBufferPointer(rebasing: all[0..<first.count]), b = UnsafeBufferPointer(rebasing: all[first.count...])
            return scan(candidates) { WordSequence.near($0, a, b, within: distance, boundary: SearchIndex.boundarySlot) }
        }
    }

    /// Whether `test` holds for the words of any field in `fields` (bits).
    private func scan(_ fields: UInt8, _ test: (UnsafeBufferPointer<UInt32>) -> Bool) -> Bool {
        let text = document.text
        return text.sequence.withUnsafeBufferPointer { words in
            for field in 0..<(text.fieldStarts.count - 1) where fields & (1 << field) != 0 {
                if test(UnsafeBufferPointer(rebasing: words[text.fieldStarts[field]..<text.fieldStarts[field + 1]])) { return true }
            }
            return false
        }
    }

    func hasSystemLabel(_ bits: UInt16) -> Bool { document.systemLabels & bits != 0 }
    func hasLabelKey(_ key: UInt64) -> Bool { document.text.labelKeys.contains(key) }
    func hasUserLabels() -> Bool { document.hasUserLabels }
    var dateMilliseconds: Int64 { document.dateMilliseconds }
    var sizeEstimate: Int { document.sizeEstimate }
    var hasAttachment: Bool { document.hasAttachment }
}
