/// One account's mail: its messages (in a `MessageStore`), user labels, drafts, history log and
/// counters. A value type: the emulator changes a mailbox only through `apply`, under its lock, and
/// readers work on a snapshot.
struct Mailbox: Sendable {
    let address: String
    private(set) var userLabels: [GmailLabel]
    private(set) var store: MessageStore
    /// What search reads: every message's terms, labels, date and size by slot.
    private(set) var index: MailboxIndex
    /// Which messages carry each Message-ID: what threading a reply looks up.
    private(set) var messageIDIndex: MessageIDIndex
    /// Messages per thread id (a thread exists while it has one).
    private(set) var threadCounts: [String: Int]
    /// The mailbox's current history id (≥ every message's).
    private(set) var historyId: UInt64
    /// The sum of the messages' sizes (`sizeEstimate`), what the storage quota counts.
    private(set) var storedBytes: Int
    private(set) var history: MailboxHistory
    /// Draft id → the id of the message it holds.
    private(set) var drafts: [String: UInt64] = [:]
    /// The number of the next `Label_<n>` id.
    private(set) var nextLabelNumber = 1

    /// A mailbox of `messages`, whose `slot`s must be their positions. Their text is indexed later
    /// (`collectText`/`installText` in the background, or `buildTextIndex`). `messageIDs`: their
    /// Message-IDs when the caller has read them (else parsed from their headers).
    init(address: String, userLabels: [GmailLabel], messages: [StoredMessage], historyId: UInt64, drafts: [String: UInt64] = [:],
         messageIDs: [String?]? = nil) {
        self.drafts = drafts
        index = MailboxIndex(messages: messages)
        messageIDIndex = MessageIDIndex(messages, messageIDs: messageIDs)
        self.address = address
        self.userLabels = userLabels
        store = MessageStore(messages)
        var counts: [String: Int] = [:]
        for message in messages { counts[message.threadId, default: 0] += 1 }
        threadCounts = counts
        self.historyId = historyId
        storedBytes = messages.reduce(0) { $0 + $1.sizeEstimate }
        history = MailboxHistory(floor: historyId)
        for label in userLabels { noteLabelNumber(label.id) }
    }

    /// Puts back the history log a snapshot kept.
    mutating func restoreHistory(_ history: MailboxHistory) {
        self.history = history
    }

    /// Installs the text index of every slot (`buildTextIndex`, `installText`).
    mutating func setTextIndex(_ text: MailboxIndex.TextIndex) {
        index.setText(text)
    }

    /// Adds the text terms of the message in `slot`, the first slot the text index does not cover.
    mutating func appendText(_ slot: UInt32, _ terms: MessageTerms) {
        index.appendText(slot, terms)
    }

    /// Every message, newest first (Gmail's list order).
    var messages: [StoredMessage] { store.newestFirst }

    static func newerFirst(_ a: StoredMessage, _ b: StoredMessage) -> Bool { MessageStore.newerFirst(a, b) }

    func message(_ numericID: UInt64) -> StoredMessage? { store.message(numericID) }

    /// The messages of thread `id`, oldest first (empty when there is no such thread).
    func thread(_ id: String) -> [StoredMessage] {
        guard threadCounts[id] != nil else { return [] }
        return store.newestFirst.filter { $0.threadId == id }.reversed()
    }

    /// The messages whose Message-ID is one of `ids` (normalized as `MessageContent.messageID`),
    /// newest first: looked up, so only those messages' headers are parsed (to confirm the match).
    func messages(withMessageIDs ids: [String]) -> [StoredMessage] {
        let wanted = Set(ids)
        var seen: Set<UInt64> = []
        var found: [StoredMessage] = []
        for id in wanted {
            for candidate in messageIDIndex.candidates(id) where seen.insert(candidate).inserted {
                if let message = store.message(candidate), let own = message.messageID, wanted.contains(own) { found.append(message) }
            }
        }
        return found.sorted(by: MessageStore.newerFirst)
    }

    /// Label id → display name: user labels by their name, system labels by their id.
    func labelName(_ id: String) -> String {
        userLabels.first { $0.id == id }?.name ?? id
    }

    /// Every label `labels.list` reports: the system labels, then the user labels.
    var allLabels: [GmailLabel] { GmailLabel.system + userLabels }

    func label(_ id: String) -> GmailLabel? {
        GmailLabel.system.first { $0.id == id } ?? userLabels.first { $0.id == id }
    }

    /// Whether `id` names a system label or one of this mailbox's user labels.
    func hasLabel(_ id: String) -> Bool { GmailLabel.systemIDs.contains(id) || userLabels.contains { $0.id == id } }

    /// `labels.get`'s counts for label `id`.
    func counts(_ id: String) -> LabelCounts {
        var counts = LabelCounts()
        var threads: [String: Bool] = [:]
        for message in store.newestFirst where message.hasLabel(id) {
            let unread = message.hasLabel("UNREAD")
            counts.messagesTotal += 1
            if unread { counts.messagesUnread += 1 }
            threads[message.threadId] = (threads[message.threadId] ?? false) || unread
        }
        counts.threadsTotal = threads.count
        counts.threadsUnread = threads.values.filter { $0 }.count
        return counts
    }

    /// The next history id, advancing the counter (which stops at the largest value rather than wrap;
    /// `profiles.json` cannot start it within 2⁶³ of there).
    mutating func nextHistoryId() -> UInt64 {
        let (next, overflow) = historyId.addingReportingOverflow(1)
        if !overflow { historyId = next }
        return historyId
    }

    /// The next free `Label_<n>` id.
    var newLabelID: String { "Label_\(nextLabelNumber)" }

    private mutating func noteLabelNumber(_ id: String) {
        guard id.hasPrefix("Label_"), let number = Int(id.dropFirst(6)), number >= nextLabelNumber, number < Int.max else { return }
        nextLabelNumber = number + 1
    }

    /// Dead slots a mailbox may keep whatever its size, before they outnumber the live ones and are
    /// dropped (`renumberSlots`): 1,024, so a small mailbox is not renumbered at every other delete
    /// (tests lower it to renumber within a few deletes).
    var deadSlotFloor = 1_024

    /// Drops the index slots of deleted messages: the live ones become `0..<liveCount` in their order,
    /// in the index and on the messages. Linear in the index (no message is parsed); done when dead
    /// slots outnumber live ones, so its cost is spread over at least as many deletes as it drops.
    mutating func renumberSlots() {
        let renumbering = SlotRenumbering(live: index.live, slotCount: index.slotCount)
        index = index.renumbered(renumbering)
        store.renumber(renumbering)
    }

    /// Applies one change, recording message changes in the history log. A change naming a message or
    /// label the mailbox no longer has does nothing (the API checks before planning).
    mutating func apply(_ change: MailboxChange) {
        switch change {
        case .addMessage(let new):
            guard store.message(new.id) == nil else { return }
            let id = nextHistoryId()
            let message = StoredMessage(
                raw: new.raw, numericID: new.id, slot: UInt32(truncatingIfNeeded: index.slotCount), threadId: new.threadId,
                labelIds: new.labelIds, historyId: String(id), internalDate: new.internalDate, fileName: nil)
            // Before the text is indexed the message is not parsed: the indexer catches up with it.
            let terms = index.hasText
                ? MessageTerms(content: new.content ?? MessageContent(raw: new.raw), labelIds: new.labelIds, internalDate: new.internalDate)
                : nil
            index.add(message, terms)
            store.insert(message)
            if let messageID = new.content.map(\.messageID) ?? message.messageID { messageIDIndex.insert(messageID, message: message.numericID) }
            threadCounts[message.threadId, default: 0] += 1
            storedBytes += message.sizeEstimate
            history.append(HistoryRecord(id: id, messageID: message.id, threadId: message.threadId, labelIds: message.labelIds, event: .added))
        case .setLabels(let messageID, let labelIds):
            guard let old = store.message(messageID) else { return }
            let added = labelIds.filter { !old.labelIds.contains($0) }
            let removed = old.labelIds.filter { !labelIds.contains($0) }
            guard !added.isEmpty || !removed.isEmpty else { return }
            let id = nextHistoryId()
            store.replace(old.relabeled(labelIds, historyId: String(id)))
            index.relabel(old.slot, from: old.labelIds, to: labelIds)
            history.append(HistoryRecord(
                id: id, messageID: old.id, threadId: old.threadId, labelIds: labelIds, added: added, removed: removed, event: .relabeled))
        case .deleteMessage(let messageID):
            guard let old = store.remove(messageID) else { return }
            if let rfcID = old.messageID { messageIDIndex.remove(rfcID, message: old.numericID) }
            if let count = threadCounts[old.threadId] { threadCounts[old.threadId] = count > 1 ? count - 1 : nil }
            storedBytes -= old.sizeEstimate
            index.remove(old.slot, labelIds: old.labelIds)
            if index.deadCount > max(index.liveCount, deadSlotFloor) { renumberSlots() }
            for (draft, held) in drafts where held == messageID { drafts[draft] = nil }
            let id = nextHistoryId()
            history.append(HistoryRecord(id: id, messageID: old.id, threadId: old.threadId, labelIds: old.labelIds, event: .deleted))
        case .putLabel(let label):
            // `label:` searches read the names at query time: a rename needs no reindexing.
            if let position = userLabels.firstIndex(where: { $0.id == label.id }) {
                userLabels[position] = label
            } else {
                userLabels.append(label)
                noteLabelNumber(label.id)
            }
        case .deleteLabel(let labelID):
            for message in store.newestFirst where message.hasLabel(labelID) {
                apply(.setLabels(id: message.numericID, labelIds: message.labelIds.filter { $0 != labelID }))
            }
            userLabels.removeAll { $0.id == labelID }
        case .putDraft(let draftID, let messageID):
            drafts[draftID] = messageID
        case .deleteDraft(let draftID):
            drafts[draftID] = nil
        }
    }
}
