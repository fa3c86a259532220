import DrydockCore
import Foundation

/// One mailbox's search index: every message gets a slot (its number in the index, never reused), and
/// each term, label and flag the set of slots holding it, so a query is answered by combining sets
/// instead of testing every message (`messages.list` at 100,000 messages stays within a few times its
/// cost at 10,000). Dates and sizes are columns scanned once per term.
///
/// A value: the mailbox changes it in `apply` (CoW copies what a concurrent reader still holds).
struct MailboxIndex: Sendable {
    /// Terms split by their low key bits, so the index of a big mailbox is built on every core.
    private var shards: [TermPostings]
    /// Per label id, the slots carrying it.
    private(set) var labelSets: [String: SlotSet] = [:]
    /// Per slot: the message's numeric id (for the few terms checked message by message).
    private(set) var messageIDs: [UInt64] = []
    /// Per slot: `internalDate` in milliseconds as search compares it.
    private var dates: [Int64] = []
    private var sizes: [Int] = []
    private var attachments = SlotSet()
    /// The slots of messages still in the mailbox.
    private(set) var live = SlotSet()

    var slotCount: Int { messageIDs.count }

    /// The index of `messages` (whose `slot`s are their positions) with their terms.
    init(messages: [StoredMessage], terms: [MessageTerms]) {
        let shardCount = messages.count < 4_096 ? 1 : Self.shardCount
        let built = ResultSlots<TermPostings>(count: shardCount)
        DispatchQueue.concurrentPerform(iterations: shardCount) { shard in
            var postings = TermPostings()
            let mask = UInt64(shardCount - 1)
            for (slot, message) in terms.enumerated() {
                for key in message.keys where key & mask == UInt64(shard) { postings.append(key, UInt32(slot)) }
            }
            postings.densify(slotCount: messages.count)
            built.set(shard, postings)
        }
        shards = built.all
        messageIDs.reserveCapacity(messages.count)
        for (message, terms) in zip(messages, terms) { addColumns(message, terms) }
    }

    /// A power of two near the core count, at most 8.
    private static let shardCount: Int = {
        var count = 1
        while count * 2 <= min(8, ProcessInfo.processInfo.activeProcessorCount) { count *= 2 }
        return count
    }()

    private func shard(_ key: UInt64) -> Int { Int(truncatingIfNeeded: key & UInt64(shards.count - 1)) }

    private mutating func addColumns(_ message: StoredMessage, _ terms: MessageTerms) {
        let slot = message.slot
        messageIDs.append(message.numericID)
        dates.append(Date(timeIntervalSince1970: TimeInterval(message.internalDateMilliseconds) / 1000).searchMilliseconds)
        sizes.append(message.sizeEstimate)
        if terms.hasAttachment { attachments.insert(slot) }
        live.insert(slot)
        for id in message.labelIds { labelSets[id, default: SlotSet()].insert(slot) }
    }

    /// Indexes a new message; its `slot` must be `slotCount`.
    mutating func add(_ message: StoredMessage, _ terms: MessageTerms) {
        for key in terms.keys { shards[shard(key)].append(key, message.slot) }
        addColumns(message, terms)
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
        shards[shard(key)].posting(key)?.set ?? SlotSet()
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
    var withAttachment: SlotSet { attachments }
}
