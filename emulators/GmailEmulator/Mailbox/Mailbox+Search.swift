import DrydockCore
import EmulatorKit
import Foundation

/// Search and listing over a mailbox's `MailboxIndex`.
extension Mailbox {
    /// The slots of the messages `query` matches; `now` anchors `newer_than:`/`older_than:`.
    func slots(matching query: GmailQuery, now: Date) -> SlotSet {
        if query.readsText, !index.hasText {
            // The emulator indexes the text before such a search (`GmailEmulator.indexText`); a
            // mailbox that was not is indexed here, for this search only.
            var indexed = self
            indexed.buildTextIndex()
            return indexed.slots(matching: query, now: now)
        }
        return IndexEvaluator.slots(
            query.program, in: index, now: now.searchMilliseconds, labelName: labelName,
            bodyContains: { slot, phrase in
                guard let message = message(inSlot: slot) else { return false }
                let words = SearchText.fingerprints(MessageContent(raw: message.raw).bodyText)
                return words.withUnsafeBufferPointer { WordSequence.contains($0, phrase) }
            }
        ) { slot, operation in
            guard let message = message(inSlot: slot) else { return false }
            let fields = MessageSearchFields(
                content: MessageContent(raw: message.raw), labelIds: message.labelIds, labelNames: message.labelIds.map(labelName),
                internalDate: message.internalDateMilliseconds)
            return query.matches(operation: operation, of: fields, now: now)
        }
    }

    /// The message in index slot `slot` (nil once deleted).
    func message(inSlot slot: UInt32) -> StoredMessage? {
        guard Int(slot) < index.messageIDs.count, let message = store.message(index.messageIDs[Int(slot)]), message.slot == slot else { return nil }
        return message
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

extension Mailbox {
    /// Parses every message and indexes its text (words, adjacent word pairs, attachments), on every
    /// core, a batch at a time so the parses of the whole mailbox are never in memory at once.
    mutating func buildTextIndex() {
        let count = index.slotCount
        let builder = MailboxIndex.Builder(expectedCount: count)
        var hasAttachment: [Bool] = []
        hasAttachment.reserveCapacity(count)
        for batch in stride(from: 0, to: count, by: Self.textBatchSize) {
            let slots = batch..<min(count, batch + Self.textBatchSize)
            let messages = slots.map { message(inSlot: UInt32(truncatingIfNeeded: $0)) }
            let parsed = ResultSlots<MessageTerms>(count: messages.count)
            DispatchQueue.concurrentPerform(iterations: messages.count) { offset in
                guard let message = messages[offset] else { return parsed.set(offset, MessageTerms.none) }
                parsed.set(offset, MessageTerms(
                    content: MessageContent(raw: message.raw), labelIds: message.labelIds, internalDate: message.internalDateMilliseconds))
            }
            let terms = parsed.all
            hasAttachment += terms.map(\.hasAttachment)
            builder.add(terms, firstSlot: batch)
        }
        setTextIndex(builder, hasAttachment: hasAttachment)
        if count >= 10_000 { HeapTrimmer.shared.schedule() }
    }

    /// Messages parsed (on every core) before their terms go to the index: 4,096.
    static let textBatchSize = 4_096
}
