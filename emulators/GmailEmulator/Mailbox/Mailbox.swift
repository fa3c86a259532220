/// One account's mail: its messages newest first, an index by Gmail id, its user labels, its history
/// counter and how many bytes its messages take. A value type: the emulator swaps whole mailboxes under
/// its lock, and readers work on a snapshot.
struct Mailbox: Sendable {
    let address: String
    let userLabels: [GmailLabel]
    /// Newest first: internal date descending, then id descending (Gmail's list order).
    private(set) var messages: [StoredMessage]
    private(set) var byID: [UInt64: StoredMessage]
    private(set) var threadIDs: Set<String>
    /// The mailbox's current history id (≥ every message's).
    private(set) var historyId: UInt64
    /// The sum of the messages' sizes (`sizeEstimate`), what the storage quota counts.
    private(set) var storedBytes: Int

    init(address: String, userLabels: [GmailLabel], messages: [StoredMessage], historyId: UInt64) {
        self.address = address
        self.userLabels = userLabels
        self.messages = messages.sorted(by: Self.newerFirst)
        byID = Dictionary(messages.map { ($0.numericID, $0) }, uniquingKeysWith: { first, _ in first })
        threadIDs = Set(messages.map(\.threadId))
        self.historyId = historyId
        storedBytes = messages.reduce(0) { $0 + $1.sizeEstimate }
    }

    /// Gmail's list order.
    static func newerFirst(_ a: StoredMessage, _ b: StoredMessage) -> Bool {
        a.internalDateMilliseconds != b.internalDateMilliseconds
            ? a.internalDateMilliseconds > b.internalDateMilliseconds
            : a.numericID > b.numericID
    }

    func message(_ numericID: UInt64) -> StoredMessage? { byID[numericID] }

    /// Label id → display name: user labels by their name, system labels by their id.
    func labelName(_ id: String) -> String {
        userLabels.first { $0.id == id }?.name ?? id
    }

    /// Every label `labels.list` reports: the system labels, then the user labels.
    var allLabels: [GmailLabel] { GmailLabel.system + userLabels }

    /// The next history id, advancing the counter (which stops at the largest value rather than wrap;
    /// `profiles.json` cannot start it within 2⁶³ of there).
    mutating func nextHistoryId() -> UInt64 {
        let (next, overflow) = historyId.addingReportingOverflow(1)
        if !overflow { historyId = next }
        return historyId
    }

    /// Adds a message (a send), keeping the order.
    mutating func insert(_ message: StoredMessage) {
        let index = messages.firstIndex { Self.newerFirst(message, $0) } ?? messages.count
        messages.insert(message, at: index)
        byID[message.numericID] = message
        threadIDs.insert(message.threadId)
        storedBytes += message.sizeEstimate
    }
}
