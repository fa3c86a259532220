/// One change to one message, as `users.history.list` reports it. Every change gets its own history id.
struct HistoryRecord: Sendable {
    enum Kind: String, Sendable, CaseIterable {
        case messageAdded, messageDeleted, labelAdded, labelRemoved
    }

    let id: UInt64
    let messageID: String
    let threadId: String
    /// The message's labels after the change (before it, for a deletion).
    let labelIds: [String]
    /// Labels the change added and removed (`messages.modify` and friends).
    var added: [String] = []
    var removed: [String] = []
    let event: Event

    /// What happened to the message.
    enum Event: Sendable {
        case added, deleted, relabeled
    }

    /// The kinds this record holds (a relabel may hold both `labelAdded` and `labelRemoved`).
    var kinds: Set<Kind> {
        var kinds: Set<Kind> = []
        if event == .added { kinds.insert(.messageAdded) }
        if event == .deleted { kinds.insert(.messageDeleted) }
        if !added.isEmpty { kinds.insert(.labelAdded) }
        if !removed.isEmpty { kinds.insert(.labelRemoved) }
        return kinds
    }
}

/// A mailbox's change log, oldest first, bounded: past `retention` records the oldest tenth is dropped
/// and `floor` moves up. A `startHistoryId` below `floor` is too old, Gmail's 404 (the client must do a
/// full sync). Gmail keeps history "at least a week"; the emulator keeps a number of records instead,
/// so memory stays bounded however long a run is.
struct MailboxHistory: Sendable {
    private(set) var records: [HistoryRecord] = []
    /// The oldest start the log can answer for.
    private(set) var floor: UInt64

    /// How many records are kept.
    static let retention = 100_000

    init(floor: UInt64, records: [HistoryRecord] = []) {
        self.floor = floor
        self.records = records
    }

    mutating func append(_ record: HistoryRecord) {
        records.append(record)
        if records.count > Self.retention {
            let dropped = Self.retention / 10
            floor = records[dropped - 1].id
            records.removeFirst(dropped)
        }
    }

    /// The records after `start`, or nil when `start` is older than what the log keeps.
    func after(_ start: UInt64) -> ArraySlice<HistoryRecord>? {
        guard start >= floor else { return nil }
        var low = 0, high = records.count
        while low < high {
            let middle = (low + high) / 2
            if records[middle].id <= start { low = middle + 1 } else { high = middle }
        }
        return records[low...]
    }
}
