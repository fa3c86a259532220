/// Collects a mailbox's text index message by message, slot after slot (`add` takes the messages of
/// slots `nextSlot`, `nextSlot + 1`, …), holding only one chunk of slots in a growable table: each full
/// chunk is folded into the compact postings (`CompactPostings.merged`), so building never holds the
/// whole mailbox's terms in the growable form, and what stays is the compact one.
struct TextIndexBuilder {
    private var compact = CompactPostings()
    private var chunk = TermPostings()
    private var chunkSlots = 0
    private var text = MailboxIndex.TextIndex(terms: CompactPostings())
    /// The slot the next `add` is for (= slots added so far).
    private(set) var nextSlot = 0

    /// Slots per chunk.
    private let chunkSize: Int

    /// - Parameter chunkSize: slots per chunk: 16,384 by default (a 100,000-message mailbox is folded
    ///   in seven times); tests fold smaller chunks.
    init(chunkSize: Int = 16_384) { self.chunkSize = max(1, chunkSize) }

    /// Adds the terms of the message in slot `nextSlot` (`MessageTerms.none` for a slot whose message
    /// is gone).
    mutating func add(_ terms: MessageTerms) {
        let slot = UInt32(truncatingIfNeeded: nextSlot)
        for key in terms.keys { chunk.append(key, slot) }
        if terms.hasAttachment { text.attachments.insert(slot) }
        text.appendShort(terms)
        nextSlot += 1
        chunkSlots += 1
        if chunkSlots == chunkSize { fold() }
    }

    /// The text index of slots `0..<nextSlot`, in arrays without spare capacity; the builder is left
    /// empty.
    mutating func finish() -> MailboxIndex.TextIndex {
        fold()
        var result = text
        text = MailboxIndex.TextIndex(terms: CompactPostings())
        result.terms = compact.deduplicated()
        compact = CompactPostings()
        result.shortWords = result.shortWords.withUnsafeBufferPointer { Array($0) }
        result.shortStarts = result.shortStarts.withUnsafeBufferPointer { Array($0) }
        return result
    }

    private mutating func fold() {
        guard !chunk.isEmpty else { return }
        compact = CompactPostings.merged(compact, CompactPostings(chunk), slotCount: nextSlot)
        chunk = TermPostings()
        chunkSlots = 0
    }
}
