/// Where a mailbox keeps its messages: newest first (Gmail's list order) with an index by id. The
/// mailbox reaches messages only through this small interface, so the storage can change (lazy
/// parsing, bytes on disk) without touching the API code.
struct MessageStore: Sendable {
    /// Newest first: internal date descending, then id descending.
    private(set) var newestFirst: [StoredMessage]
    private var byID: [UInt64: StoredMessage]

    init(_ messages: [StoredMessage]) {
        newestFirst = messages.sorted(by: Self.newerFirst)
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
        newestFirst.insert(message, at: position(of: message))
        byID[message.numericID] = message
    }

    /// Swaps in a new version of a stored message (same id and date, so the same place).
    mutating func replace(_ message: StoredMessage) {
        let index = position(of: message)
        guard index < newestFirst.count, newestFirst[index].numericID == message.numericID else { return }
        newestFirst[index] = message
        byID[message.numericID] = message
    }

    /// Removes message `id`; returns it (nil when there was none).
    @discardableResult
    mutating func remove(_ id: UInt64) -> StoredMessage? {
        guard let message = byID.removeValue(forKey: id) else { return nil }
        let index = position(of: message)
        if index < newestFirst.count, newestFirst[index].numericID == id { newestFirst.remove(at: index) }
        return message
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
