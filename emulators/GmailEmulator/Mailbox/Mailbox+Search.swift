import DrydockCore
import EmulatorKit
import Foundation

/// Search and listing over a mailbox's `MailboxIndex`.
extension Mailbox {
    /// The slots of the messages `query` matches; `now` anchors `newer_than:`/`older_than:`.
    func slots(matching query: GmailQuery, now: Date) -> SlotSet {
        if query.readsText, !index.hasText {
            // The emulator waits for the background text index before such a search
            // (`GmailEmulator.indexText`); a mailbox that has none yet past that wait is indexed
            // here, for this search only.
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
    /// Parses every message and indexes its text (words, adjacent word pairs, attachments) at once,
    /// parsing on every core: for a search that cannot wait for the background indexer, and tests.
    mutating func buildTextIndex() {
        var builder = TextIndexBuilder()
        collectText(into: &builder, upTo: index.slotCount, parallel: true)
        setTextIndex(builder.finish())
        if index.slotCount >= 10_000 { HeapTrimmer.shared.schedule() }
    }

    /// Adds the terms of slots `builder.nextSlot..<end` to `builder`, `textBatchSize` messages at a
    /// time: parsed on every core when `parallel`, else on the caller's thread alone, which calls
    /// `beforeBatch` with the batch's first slot before each (the background indexer yields there).
    func collectText(into builder: inout TextIndexBuilder, upTo end: Int, parallel: Bool, beforeBatch: (Int) -> Void = { _ in }) {
        let batchSize = parallel ? Self.textBatchSize : Self.backgroundBatchSize
        while builder.nextSlot < end {
            let batch = builder.nextSlot..<min(end, builder.nextSlot + batchSize)
            beforeBatch(batch.lowerBound)
            let messages = batch.map { message(inSlot: UInt32(truncatingIfNeeded: $0)) }
            if parallel {
                let parsed = ResultSlots<MessageTerms>(count: messages.count)
                DispatchQueue.concurrentPerform(iterations: messages.count) { offset in parsed.set(offset, Self.terms(messages[offset])) }
                for terms in parsed.all { builder.add(terms) }
            } else {
                for message in messages { builder.add(Self.terms(message)) }
            }
        }
    }

    /// Installs `text`, the text index of an earlier snapshot of this mailbox (same slots), and adds
    /// the messages that arrived since (the slots past the ones it covers).
    mutating func installText(_ text: MailboxIndex.TextIndex) {
        setTextIndex(text)
        for slot in text.slotCount..<max(text.slotCount, index.slotCount) {
            let slot = UInt32(truncatingIfNeeded: slot)
            appendText(slot, Self.terms(message(inSlot: slot)))
        }
    }

    /// What the index takes from the message (none for a slot whose message is gone).
    private static func terms(_ message: StoredMessage?) -> MessageTerms {
        guard let message else { return MessageTerms.none }
        return MessageTerms(content: MessageContent(raw: message.raw), labelIds: message.labelIds, internalDate: message.internalDateMilliseconds)
    }

    /// Messages parsed (on every core) before their terms go to the index: 4,096.
    static let textBatchSize = 4_096
    /// Messages the background indexer parses between two yields: 256 (a few milliseconds).
    static let backgroundBatchSize = 256
}
