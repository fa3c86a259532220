/// Where a mailbox keeps its messages: newest first (Gmail's list order) with an index by id, and the
/// messages' index slots in the same order, so a listing walks plain integers, not message objects.
/// The mailbox reaches messages only through this small interface.
struct MessageStore: Sendable {
    /// Newest first: internal date descending, then id descending.
    private(set) var newestFirst: [StoredMessage]
    /// `newestFirst[i].slot`, for every `i`.
    private var slots: [UInt32]
    private var byID: [UInt64: StoredMessage]

    init(_ messages: [StoredMessage]) {
        newestFirst = messages.sorted(by: Self.newerFirst)
        slots = newestFirst.map(\.slot)
        byID = Dictionary(messages.map { ($0.numericID, $0) }, uniquingKeysWith: { first, _ in first })
    }

    var count: Int { newestFirst.count }

    func message(_ id: UInt64) -> StoredMessage? { byID[id] }

    /// Gmail's list order.
    static func newerFirst(_ a: StoredMessage, _ b: StoredMessage) -> Bool {
        a.internalDateMilliseconds != b.internalDateMilliseconds
            ? a.internalDateMilliseconds > b.internalDateMilliseconds
            : a.numericID > b.numericID
    }

    mutating func insert(_ message: StoredMessage) {
        let index = position(of: message)
        newestFirst.insert(message, at: index)
        slots.insert(message.slot, at: index)
        byID[message.numericID] = message
    }

    /// Swaps in a new version of a stored message (same id, date and slot, so the same place).
    mutating func replace(_ message: StoredMessage) {
        let index = position(of: message)
        guard index < newestFirst.count, newestFirst[index].numericID == message.numericID else { return }
        newestFirst[index] = message
        byID[message.numericID] = message
    }

    /// Every message moved to its slot in `renumbering` (all of them are live: deleted messages are
    /// no longer here).
    mutating func renumber(_ renumbering: SlotRenumbering) {
        for index in newestFirst.indices {
            let message = newestFirst[index]
            guard let slot = renumbering[message.slot] else { continue }
            let moved = message.reslotted(slot)
            newestFirst[index] = moved
            slots[index] = slot
            byID[message.numericID] = moved
        }
    }

    /// Removes message `id`; returns it (nil when there was none).
    @discardableResult
    mutating func remove(_ id: UInt64) -> StoredMessage? {
        guard let message = byID.removeValue(forKey: id) else { return nil }
        let index = position(of: message)
        if index < newestFirst.count, newestFirst[index].numericID == id {
            newestFirst.remove(at: index)
            slots.remove(at: index)
        }
        return message
    }

    /// Up to `size` messages of `matches`, newest first, after `cursor` (from the start without one),
    /// and whether more follow.
    func page(_ matches: SlotSet, after cursor: StoredMessage?, size: Int) -> (items: [StoredMessage], more: Bool) {
        var index = 0
        if let cursor {
            index = position(of: cursor)
            while index < newestFirst.count, !Self.newerFirst(cursor, newestFirst[index]) { index += 1 }
        }
        var items: [StoredMessage] = []
        return slots.withUnsafeBufferPointer { slots in
            while index < slots.count {
                if matches.contains(slots[index]) {
                    if items.count == size { return (items, true) }
                    items.append(newestFirst[index])
                }
                index += 1
            }
            return (items, false)
        }
    }

    /// The first index whose message is not newer than `message` (binary search).
    private func position(of message: StoredMessage) -> Int {
        var low = 0, high = newestFirst.count
        while low < high {
            let middle = (low + high) / 2
            if Self.newerFirst(newestFirst[middle], message) { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
