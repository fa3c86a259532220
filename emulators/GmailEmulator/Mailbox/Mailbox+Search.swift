import Foundation

/// Search and listing over a mailbox's `MailboxIndex`.
extension Mailbox {
    /// The slots of the messages `query` matches; `now` anchors `newer_than:`/`older_than:`.
    func slots(matching query: GmailQuery, now: Date) -> SlotSet {
        IndexEvaluator.slots(query.program, in: index, now: now.searchMilliseconds, labelName: labelName) { slot, operation in
            guard Int(slot) < index.messageIDs.count, let message = store.message(index.messageIDs[Int(slot)]) else { return false }
            let fields = MessageSearchFields(
                content: MessageContent(raw: message.raw), labelIds: message.labelIds, labelNames: message.labelIds.map(labelName),
                internalDate: message.internalDateMilliseconds)
            return query.matches(operation: operation, of: fields, now: now)
        }
    }

    /// The slots a listing shows: matching `query` (every message without one), carrying every label of
    /// `required`, and none of `hidden` (SPAM/TRASH when not asked for).
    func listing(query: GmailQuery?, required: [String], hidden: Set<String>, now: Date) -> SlotSet {
        var result = query.map { slots(matching: $0, now: now) } ?? index.live
        for id in required { result.formIntersection(index.labelSets[id] ?? SlotSet()) }
        if !hidden.isEmpty { result.subtract(index.carrying(hidden)) }
        return result
    }
}
