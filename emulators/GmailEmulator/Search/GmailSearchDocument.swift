import Foundation

/// A message folded once for searching. Build one when a message is stored or changes (labels, read
/// state) and keep it: `GmailQuery.matches(_:now:)` on a document does no string work, only integer
/// compares and one hash probe per word, which keeps a 10,000-message `messages.list` with `q` within
/// a few milliseconds. The `SearchableMessage` overload folds fields on every call instead.
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
}

/// The folded text of one message: every text field's word fingerprints back to back, and a hash table
/// from each distinct word to the fields holding it; plus label keys for `label:`.
final class SearchIndex: Sendable {
    /// Field `i`'s words are `words[fieldStarts[i]..<fieldStarts[i + 1]]`.
    let words: [UInt64]
    let fieldStarts: [Int]
    /// Open addressing with linear probing. An entry is a word's fingerprint with its low 7 bits
    /// replaced by the `TextFields` bits of the fields holding it (one load per probe); 0 is empty.
    let table: [UInt64]
    let labelKeys: [UInt64]

    private static let fieldBits: UInt64 = 0x7F

    init(_ message: any SearchableMessage) {
        var words: [UInt64] = []
        var starts: [Int] = []
        for field in TextFields.all.indices {
            starts.append(words.count)
            words.append(contentsOf: MessageFolding.words(ofField: field, message))
        }
        starts.append(words.count)
        var capacity = 8
        while capacity < words.count * 2 { capacity <<= 1 }
        var table = [UInt64](repeating: 0, count: capacity)
        for field in 0..<(starts.count - 1) {
            for word in words[starts[field]..<starts[field + 1]] where word != SearchText.boundary {
                let key = Self.key(word)
                var slot = Self.slot(word, capacity: capacity)
                while table[slot] != 0 && table[slot] & ~Self.fieldBits != key { slot = (slot + 1) & (capacity - 1) }
                table[slot] = key | (table[slot] & Self.fieldBits) | UInt64(1 << field)
            }
        }
        self.words = words
        self.fieldStarts = starts
        self.table = table
        labelKeys = MessageFolding.labelKeys(message)
    }

    /// The fingerprint without its low bits, never 0.
    private static func key(_ word: UInt64) -> UInt64 {
        let key = word & ~fieldBits
        return key == 0 ? fieldBits + 1 : key
    }

    /// The home slot, from the high bits (the low ones carry field bits).
    private static func slot(_ word: UInt64, capacity: Int) -> Int {
        Int(truncatingIfNeeded: word >> 32) & (capacity - 1)
    }

    /// The fields holding `word`, as `TextFields` bits (0 when none).
    func fields(holding word: UInt64) -> UInt8 {
        let key = Self.key(word)
        return table.withUnsafeBufferPointer { table in
            var slot = Self.slot(word, capacity: table.count)
            while true {
                let entry = table[slot]
                if entry == 0 { return 0 }
                if entry & ~Self.fieldBits == key { return UInt8(truncatingIfNeeded: entry & Self.fieldBits) }
                slot = (slot + 1) & (table.count - 1)
            }
        }
    }
}

/// `SearchFieldSource` over a document: everything is precomputed.
struct IndexedFields: SearchFieldSource {
    let document: GmailSearchDocument

    func containsWord(_ word: UInt64, in fields: TextFields) -> Bool {
        document.text.fields(holding: word) & fields.rawValue != 0
    }

    func containsPhrase(_ phrase: UnsafeBufferPointer<UInt64>, in fields: TextFields) -> Bool {
        // Only fields holding every word of the phrase can hold the phrase.
        var candidates = fields.rawValue
        for word in phrase {
            candidates &= document.text.fields(holding: word)
            if candidates == 0 { return false }
        }
        return scan(candidates) { WordSequence.contains($0, phrase) }
    }

    func containsNear(_ first: UnsafeBufferPointer<UInt64>, _ second: UnsafeBufferPointer<UInt64>, within distance: Int) -> Bool {
        var candidates = TextFields.anywhere.rawValue
        for word in first { candidates &= document.text.fields(holding: word) }
        for word in second { candidates &= document.text.fields(holding: word) }
        guard candidates != 0 else { return false }
        return scan(candidates) { WordSequence.near($0, first, second, within: distance) }
    }

    /// Whether `test` holds for the words of any field in `fields` (bits).
    private func scan(_ fields: UInt8, _ test: (UnsafeBufferPointer<UInt64>) -> Bool) -> Bool {
        let text = document.text
        return text.words.withUnsafeBufferPointer { words in
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
