import DrydockCore
import Foundation

/// One mailbox's search index: every message gets a slot (its number in the index, never reused), and
/// each term, label and flag the set of slots holding it, so a query is answered by combining sets
/// instead of testing every message (`messages.list` at 100,000 messages stays within a few times its
/// cost at 10,000). Dates and sizes are columns scanned once per term.
///
/// A value: the mailbox changes it in `apply` (CoW copies what a concurrent reader still holds).
struct MailboxIndex: Sendable {
    /// The message text's terms and attachment flags; nil until the first text search asks for them
    /// (`Mailbox.buildTextIndex`), so loading a mailbox parses headers only.
    private var text: TextIndex?
    /// Per label id, the slots carrying it.
    private(set) var labelSets: [String: SlotSet] = [:]
    /// Per slot: the message's numeric id (for the few terms checked message by message).
    private(set) var messageIDs: [UInt64] = []
    /// Per slot: `internalDate` in milliseconds as search compares it.
    private var dates: [Int64] = []
    private var sizes: [Int] = []
    /// The slots of messages still in the mailbox.
    private(set) var live = SlotSet()

    var slotCount: Int { messageIDs.count }

    /// Terms split by their low key bits (so a big mailbox's are collected on every core), and the
    /// slots of messages with attachments.
    struct TextIndex: Sendable {
        var shards: [TermPostings]
        var attachments = SlotSet()
        /// Every slot's `MessageTerms.shortWords`, back to back.
        var shortWords: [UInt64] = []
        /// Per slot, `MessageTerms.shortFields.count + 1` offsets into `shortWords`: where each field
        /// starts, then where the last ends.
        var shortStarts: [Int] = []

        mutating func appendShort(_ terms: MessageTerms) {
            shortStarts.append(shortWords.count)
            for end in terms.shortEnds { shortStarts.append(shortWords.count + end) }
            shortWords += terms.shortWords
        }
    }

    /// The index of `messages` (whose `slot`s are their positions), without their text.
    init(messages: [StoredMessage]) {
        messageIDs.reserveCapacity(messages.count)
        for message in messages { addColumns(message) }
    }

    /// The index of `messages` with their text `terms`.
    init(messages: [StoredMessage], terms: [MessageTerms]) {
        self.init(messages: messages)
        let builder = Builder(expectedCount: messages.count)
        builder.add(terms, firstSlot: 0)
        setText(builder, hasAttachment: terms.map(\.hasAttachment))
    }

    /// Whether the text is indexed (word, phrase and attachment terms can be answered).
    var hasText: Bool { text != nil }

    /// The text index: every slot's terms went to `builder`; `hasAttachment` per slot.
    mutating func setText(_ builder: Builder, hasAttachment: [Bool]) {
        var attachments = SlotSet()
        for (slot, flag) in hasAttachment.enumerated() where flag { attachments.insert(UInt32(truncatingIfNeeded: slot)) }
        text = TextIndex(shards: builder.finish(), attachments: attachments, shortWords: builder.short.shortWords, shortStarts: builder.short.shortStarts)
    }

    /// The live slots of `candidates` whose text field number `field` (not the body) holds `phrase` as
    /// consecutive words, read from the kept words (one pass, no per-message copies).
    func slots(_ candidates: SlotSet, field: Int, containing phrase: UnsafeBufferPointer<UInt64>) -> SlotSet {
        var result = SlotSet()
        guard let text, let position = MessageTerms.shortPosition(field) else { return result }
        let stride = MessageTerms.shortFields.count + 1
        text.shortWords.withUnsafeBufferPointer { words in
            text.shortStarts.withUnsafeBufferPointer { starts in
                candidates.forEach { slot in
                    let base = Int(slot) * stride + position
                    guard base + 1 < starts.count, live.contains(slot) else { return }
                    if WordSequence.contains(UnsafeBufferPointer(rebasing: words[starts[base]..<starts[base + 1]]), phrase) {
                        result.insert(slot)
                    }
                }
            }
        }
        return result
    }

    /// Collects the terms of a big mailbox batch by batch, each batch's on every core (one shard of
    /// the key space per worker), so only one batch's terms are in memory at once.
    final class Builder: @unchecked Sendable {
        /// One box per shard: a worker mutates only its own, in place.
        private final class Shard: @unchecked Sendable { var postings = TermPostings() }
        private let shards: [Shard]
        /// The short fields' words of the slots added so far.
        fileprivate private(set) var short = TextIndex(shards: [])

        init(expectedCount: Int) {
            let count = expectedCount < 4_096 ? 1 : MailboxIndex.shardCount
            shards = (0..<count).map { _ in Shard() }
        }

        /// Adds the terms of the messages in slots `firstSlot..<firstSlot + terms.count`.
        func add(_ terms: [MessageTerms], firstSlot: Int) {
            for message in terms { short.appendShort(message) }
            let mask = UInt64(shards.count - 1)
            DispatchQueue.concurrentPerform(iterations: shards.count) { shard in
                let box = shards[shard]
                for (offset, message) in terms.enumerated() {
                    let slot = UInt32(truncatingIfNeeded: firstSlot + offset)
                    for key in message.keys where key & mask == UInt64(shard) { box.postings.append(key, slot) }
                }
            }
        }

        fileprivate func finish() -> [TermPostings] {
            shards.map { box in
                let postings = box.postings
                box.postings = TermPostings()
                return postings
            }
        }
    }

    /// A power of two near the core count, at most 8.
    fileprivate static let shardCount: Int = {
        var count = 1
        while count * 2 <= min(8, ProcessInfo.processInfo.activeProcessorCount) { count *= 2 }
        return count
    }()

    private mutating func addColumns(_ message: StoredMessage) {
        let slot = message.slot
        messageIDs.append(message.numericID)
        dates.append(Date(timeIntervalSince1970: TimeInterval(message.internalDateMilliseconds) / 1000).searchMilliseconds)
        sizes.append(message.sizeEstimate)
        live.insert(slot)
        for id in message.labelIds { labelSets[id, default: SlotSet()].insert(slot) }
    }

    /// Indexes a new message; its `slot` must be `slotCount`. `terms` are needed once the text is
    /// indexed (and ignored before).
    mutating func add(_ message: StoredMessage, _ terms: MessageTerms?) {
        if text != nil, let terms {
            let count = UInt64(text?.shards.count ?? 1)
            for key in terms.keys { text?.shards[Int(truncatingIfNeeded: key % count)].append(key, message.slot) }
            if terms.hasAttachment { text?.attachments.insert(message.slot) }
            text?.appendShort(terms)
        }
        addColumns(message)
    }

    /// The message in `slot` now carries `labelIds` instead of `old`.
    mutating func relabel(_ slot: UInt32, from old: [String], to labelIds: [String]) {
        for id in old where !labelIds.contains(id) { labelSets[id]?.remove(slot) }
        for id in labelIds where !old.contains(id) { labelSets[id, default: SlotSet()].insert(slot) }
    }

    /// The message in `slot` left the mailbox.
    mutating func remove(_ slot: UInt32, labelIds: [String]) {
        live.remove(slot)
        for id in labelIds { labelSets[id]?.remove(slot) }
    }

    /// The holders of term `key`.
    func holders(_ key: UInt64) -> SlotSet {
        guard let shards = text?.shards else { return SlotSet() }
        return shards[Int(truncatingIfNeeded: key % UInt64(shards.count))].posting(key)?.set ?? SlotSet()
    }

    /// The slots carrying any of `ids`.
    func carrying(_ ids: some Sequence<String>) -> SlotSet {
        var result = SlotSet()
        for id in ids { if let set = labelSets[id] { result.formUnion(set) } }
        return result
    }

    /// The live slots whose value in `column` passes `test`.
    func scan<Value>(_ column: [Value], _ test: (Value) -> Bool) -> SlotSet {
        var result = column.withUnsafeBufferPointer { values in SlotSet(count: values.count) { test(values[$0]) } }
        result.formIntersection(live)
        return result
    }

    func slots(dateWhere test: (Int64) -> Bool) -> SlotSet { scan(dates, test) }
    func slots(sizeWhere test: (Int) -> Bool) -> SlotSet { scan(sizes, test) }
    var withAttachment: SlotSet { text?.attachments ?? SlotSet() }
}
