import DrydockCore
import Foundation

/// One mailbox's search index: every message gets a slot (its number in the index, never reused), and
/// each term, label and flag the set of slots holding it, so a query is answered by combining sets
/// instead of testing every message (`messages.list` at 100,000 messages stays within a few times its
/// cost at 10,000). Dates and sizes are columns scanned once per term.
///
/// A value: the mailbox changes it in `apply` (CoW copies what a concurrent reader still holds).
///
/// A deleted message's slot stays (dead) until dead slots outnumber live ones; then the mailbox
/// renumbers the live slots `0..<liveCount` (`renumbered`) and its messages with them, so a loop of
/// inserts and deletes keeps the index the size of the mailbox. `layout` counts these renumberings: a
/// text index built for one layout is of no use in another.
struct MailboxIndex: Sendable {
    /// The message text's terms and attachment flags; nil until it is built (in the background after
    /// the load, see `TextIndexer`, or by a text search), so loading a mailbox parses headers only.
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
    /// How many slots `live` holds.
    private(set) var liveCount = 0
    /// How many times the slots were renumbered (`renumbered`).
    private(set) var layout: UInt64 = 0

    var slotCount: Int { messageIDs.count }
    /// Slots whose message is gone.
    var deadCount: Int { slotCount - liveCount }

    /// The text part of the index: terms of the slots indexed together (compact), terms of messages
    /// added since (a small growable table), attachment flags and the short fields' words.
    struct TextIndex: Sendable {
        var terms: CompactPostings
        /// Terms of the messages added after `terms` was built.
        var recent = TermPostings()
        /// How many slots `recent` holds the terms of: past `recentLimit` they are folded into `terms`.
        var recentSlots = 0
        var attachments = SlotSet()
        /// Every slot's `MessageTerms.shortWords`, back to back, each folded to 32 bits (`shortWord`):
        /// half the memory, and a long phrase is only checked here in messages that hold all its word
        /// pairs (64-bit keys), so a 32-bit coincidence would also need those.
        var shortWords: [UInt32] = []
        /// Per slot, `MessageTerms.shortFields.count + 1` offsets into `shortWords`: where each field
        /// starts, then where the last ends.
        var shortStarts: [UInt32] = []

        /// How many slots the text covers.
        var slotCount: Int { shortStarts.count / (MessageTerms.shortFields.count + 1) }

        /// This text with the slots renumbered: terms of slots `recent` held folded into `terms`.
        func renumbered(_ renumbering: SlotRenumbering) -> TextIndex {
            var result = TextIndex(terms: terms.renumbered(renumbering), recent: recent.renumbered(renumbering),
                                   attachments: renumbering.apply(attachments))
            result.foldRecent(slotCount: renumbering.liveCount)
            let stride = MessageTerms.shortFields.count + 1
            result.shortStarts.reserveCapacity(renumbering.liveCount * stride)
            for old in renumbering.oldSlots {
                let base = Int(old) * stride
                guard base + stride <= shortStarts.count else { break }
                let first = Int(shortStarts[base]), last = Int(shortStarts[base + stride - 1])
                let shift = result.shortWords.count - first
                for position in base..<(base + stride) {
                    result.shortStarts.append(UInt32(truncatingIfNeeded: Int(shortStarts[position]) + shift))
                }
                result.shortWords += shortWords[first..<last]
            }
            return result
        }

        /// The terms of `recent` moved into `terms` (whose slots are all below them).
        mutating func foldRecent(slotCount: Int) {
            guard !recent.isEmpty else { return }
            terms = CompactPostings.merged(terms, CompactPostings(recent), slotCount: slotCount).deduplicated()
            recent = TermPostings()
            recentSlots = 0
        }

        /// Every holder of every term (compact and recent).
        var holderCount: Int { terms.holderCount + recent.holderCount }

        mutating func appendShort(_ terms: MessageTerms) {
            shortStarts.append(UInt32(truncatingIfNeeded: shortWords.count))
            for end in terms.shortEnds { shortStarts.append(UInt32(truncatingIfNeeded: shortWords.count + end)) }
            shortWords += terms.shortWords.map(Self.shortWord)
        }

        /// A word fingerprint folded to 32 bits; 0 stays 0 (`SearchText.boundary`), no word becomes 0.
        static func shortWord(_ fingerprint: UInt64) -> UInt32 {
            guard fingerprint != SearchText.boundary else { return 0 }
            let folded = UInt32(truncatingIfNeeded: fingerprint ^ (fingerprint >> 32))
            return folded == 0 ? 1 : folded
        }
    }

    /// The index of `messages` (whose `slot`s are their positions), without their text.
    init(messages: [StoredMessage]) {
        messageIDs.reserveCapacity(messages.count)
        for message in messages { addColumns(message) }
    }

    /// The index of `messages` with their text `terms` (one per slot).
    init(messages: [StoredMessage], terms: [MessageTerms]) {
        self.init(messages: messages)
        var builder = TextIndexBuilder()
        for message in terms { builder.add(message) }
        text = builder.finish()
    }

    /// Whether the text is indexed (word, phrase and attachment terms can be answered).
    var hasText: Bool { text != nil }

    /// Messages added after the text was built whose terms stay in the growable table (`recent`)
    /// before they are folded into the compact one: 16,384, like a build's chunk.
    static let recentLimit = 16_384

    /// Installs the text index of slots `0..<slotCount` (`TextIndexBuilder.finish`).
    mutating func setText(_ text: TextIndex) {
        self.text = text
    }

    /// The live slots of `candidates` whose text field number `field` (not the body) holds `phrase` as
    /// consecutive words, read from the kept words (one pass, no per-message copies).
    func slots(_ candidates: SlotSet, field: Int, containing phrase: UnsafeBufferPointer<UInt64>) -> SlotSet {
        var result = SlotSet()
        guard let text, let position = MessageTerms.shortPosition(field) else { return result }
        let stride = MessageTerms.shortFields.count + 1
        let phrase = phrase.map(TextIndex.shortWord)
        text.shortWords.withUnsafeBufferPointer { words in
            text.shortStarts.withUnsafeBufferPointer { starts in
                candidates.forEach { slot in
                    let base = Int(slot) * stride + position
                    guard base + 1 < starts.count, live.contains(slot) else { return }
                    let fieldWords = UnsafeBufferPointer(rebasing: words[Int(starts[base])..<Int(starts[base + 1])])
                    if phrase.withUnsafeBufferPointer({ WordSequence.contains(fieldWords, $0) }) {
                        result.insert(slot)
                    }
                }
            }
        }
        return result
    }

    /// This index with only the live slots, renumbered `0..<liveCount` in their order (see
    /// `SlotRenumbering`): no message is parsed, the text (when built) is renumbered term by term.
    func renumbered(_ renumbering: SlotRenumbering) -> MailboxIndex {
        var result = self
        let kept = renumbering.oldSlots.map(Int.init)
        result.messageIDs = kept.map { messageIDs[$0] }
        result.dates = kept.map { dates[$0] }
        result.sizes = kept.map { sizes[$0] }
        result.live = SlotSet(all: renumbering.liveCount)
        result.liveCount = renumbering.liveCount
        result.labelSets = [:]
        for (id, set) in labelSets {
            let renumbered = renumbering.apply(set)
            if !renumbered.isEmpty { result.labelSets[id] = renumbered }
        }
        result.text = text?.renumbered(renumbering)
        result.layout = layout &+ 1
        return result
    }

    /// What the index holds, for tests that check it stays the size of the mailbox: slots, and holders
    /// of text terms (0 without the text).
    var footprint: (slots: Int, termHolders: Int) { (slotCount, text?.holderCount ?? 0) }

    private mutating func addColumns(_ message: StoredMessage) {
        let slot = message.slot
        messageIDs.append(message.numericID)
        dates.append(Date(timeIntervalSince1970: TimeInterval(message.internalDateMilliseconds) / 1000).searchMilliseconds)
        sizes.append(message.sizeEstimate)
        live.insert(slot)
        liveCount += 1
        for id in message.labelIds { labelSets[id, default: SlotSet()].insert(slot) }
    }

    /// Indexes a new message; its `slot` must be `slotCount`. `terms` are needed once the text is
    /// indexed (and ignored before).
    mutating func add(_ message: StoredMessage, _ terms: MessageTerms?) {
        if text != nil, let terms { appendText(message.slot, terms) }
        addColumns(message)
    }

    /// Adds the terms of the message in `slot`, the first slot the text does not cover yet.
    mutating func appendText(_ slot: UInt32, _ terms: MessageTerms) {
        guard text != nil else { return }
        for key in terms.keys { text?.recent.append(key, slot) }
        if terms.hasAttachment { text?.attachments.insert(slot) }
        text?.appendShort(terms)
        text?.recentSlots += 1
        if let count = text?.recentSlots, count >= Self.recentLimit { text?.foldRecent(slotCount: Int(slot) + 1) }
    }

    /// Whether this index numbers exactly the same messages in the same slots as `other`, an index it
    /// descends from (the loaded mailbox's): no message added, deleted or renumbered since. A text
    /// index built for one is then the other's too.
    func hasSameSlots(as other: MailboxIndex) -> Bool {
        layout == other.layout && slotCount == other.slotCount && liveCount == other.liveCount && live == other.live
    }

    /// The message in `slot` now carries `labelIds` instead of `old`.
    mutating func relabel(_ slot: UInt32, from old: [String], to labelIds: [String]) {
        for id in old where !labelIds.contains(id) { labelSets[id]?.remove(slot) }
        for id in labelIds where !old.contains(id) { labelSets[id, default: SlotSet()].insert(slot) }
    }

    /// The message in `slot` left the mailbox.
    mutating func remove(_ slot: UInt32, labelIds: [String]) {
        guard live.contains(slot) else { return }
        live.remove(slot)
        liveCount -= 1
        for id in labelIds { labelSets[id]?.remove(slot) }
    }

    /// The holders of term `key`.
    func holders(_ key: UInt64) -> SlotSet {
        guard let text else { return SlotSet() }
        var result = text.terms.holders(key) ?? SlotSet()
        if !text.recent.isEmpty, let recent = text.recent.posting(key) { result.formUnion(recent.set) }
        return result
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
