import Foundation

/// What the evaluator reads from a message, with words as fingerprints. Two implementations:
/// `IndexedFields` over a precomputed `GmailSearchDocument`, and `LazyFields` over any
/// `SearchableMessage` (each field folded the first time a term needs it).
protocol SearchFieldSource {
    mutating func containsWord(_ word: UInt64, in fields: TextFields) -> Bool
    mutating func containsPhrase(_ phrase: UnsafeBufferPointer<UInt64>, in fields: TextFields) -> Bool
    /// AROUND: both phrases near each other in any one text field.
    mutating func containsNear(_ first: UnsafeBufferPointer<UInt64>, _ second: UnsafeBufferPointer<UInt64>, within distance: Int) -> Bool
    /// Whether the message has any of the system labels in `bits` (`SystemLabels.bit(for:)`).
    mutating func hasSystemLabel(_ bits: UInt16) -> Bool
    mutating func hasLabelKey(_ key: UInt64) -> Bool
    mutating func hasUserLabels() -> Bool
    var dateMilliseconds: Int64 { get }
    var sizeEstimate: Int { get }
    var hasAttachment: Bool { get }
}

/// The label ids Gmail creates itself; every other id (`Label_…`) is a user label. A message's system
/// labels are kept as a bit set, so `is:unread` or `in:inbox` is one AND.
enum SystemLabels {
    static let ordered = [
        "INBOX", "SPAM", "TRASH", "UNREAD", "STARRED", "IMPORTANT", "SENT", "DRAFT", "CHAT",
        "CATEGORY_PERSONAL", "CATEGORY_SOCIAL", "CATEGORY_PROMOTIONS", "CATEGORY_UPDATES", "CATEGORY_FORUMS",
    ]
    private static let bits: [String: UInt16] = Dictionary(
        uniqueKeysWithValues: ordered.enumerated().map { ($0.element, UInt16(1) << UInt16($0.offset)) })

    /// The bit of a system label id; nil for user labels.
    static func bit(for id: String) -> UInt16? { bits[id] }

    /// The system labels among `ids`, and whether any other (user) label is there.
    static func classify(_ ids: [String]) -> (system: UInt16, hasUserLabels: Bool) {
        var system: UInt16 = 0, user = false
        for id in ids {
            if let bit = bits[id] { system |= bit } else { user = true }
        }
        return (system, user)
    }
}

extension Date {
    /// Milliseconds since the epoch, as Gmail's `internalDate`.
    var searchMilliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded(.down)) }
}

/// Folding of a message's fields, shared by the lazy and the indexed paths.
enum MessageFolding {
    /// The word fingerprints of text field number `index` (see `TextFields.all`); several values
    /// (addresses, file names) are separated by `SearchText.boundary` so no phrase spans two of them.
    static func words(ofField index: Int, _ message: any SearchableMessage) -> [UInt64] {
        switch index {
        case 0: return SearchText.fingerprints(message.subject)
        case 1: return SearchText.fingerprints(message.bodyText)
        case 2: return joined(message.from)
        case 3: return joined(message.to)
        case 4: return joined(message.cc)
        case 5: return joined(message.bcc)
        default: return joined(message.attachmentFilenames)
        }
    }

    private static func joined(_ values: [String]) -> [UInt64] {
        var words: [UInt64] = []
        for (position, value) in values.enumerated() {
            if position > 0 { words.append(SearchText.boundary) }
            words.append(contentsOf: SearchText.fingerprints(value))
        }
        return words
    }

    /// Fingerprints of the `SearchText.labelKey` of every label name and id.
    static func labelKeys(_ message: any SearchableMessage) -> [UInt64] {
        labelKeys(ids: message.labelIds, names: message.labelNames)
    }

    static func labelKeys(ids: [String], names: [String]) -> [UInt64] {
        (names + ids).map { SearchText.fingerprint(SearchText.labelKey($0)) }
    }
}

/// Fields read lazily from a `SearchableMessage`, for one evaluation.
struct LazyFields: SearchFieldSource {
    let message: any SearchableMessage
    private var fieldWords: [[UInt64]?] = Array(repeating: nil, count: TextFields.all.count)
    private var labels: (system: UInt16, hasUserLabels: Bool)?
    private var keys: [UInt64]?

    init(_ message: any SearchableMessage) {
        self.message = message
    }

    private mutating func words(_ index: Int) -> [UInt64] {
        if let cached = fieldWords[index] { return cached }
        let computed = MessageFolding.words(ofField: index, message)
        fieldWords[index] = computed
        return computed
    }

    mutating func containsWord(_ word: UInt64, in fields: TextFields) -> Bool {
        for index in fields.indices where words(index).contains(word) { return true }
        return false
    }

    mutating func containsPhrase(_ phrase: UnsafeBufferPointer<UInt64>, in fields: TextFields) -> Bool {
        for index in fields.indices where words(index).withUnsafeBufferPointer({ WordSequence.contains($0, phrase) }) {
            return true
        }
        return false
    }

    mutating func containsNear(_ first: UnsafeBufferPointer<UInt64>, _ second: UnsafeBufferPointer<UInt64>, within distance: Int) -> Bool {
        for index in TextFields.anywhere.indices
        where words(index).withUnsafeBufferPointer({ WordSequence.near($0, first, second, within: distance, boundary: SearchText.boundary) }) {
            return true
        }
        return false
    }

    private mutating func classifiedLabels() -> (system: UInt16, hasUserLabels: Bool) {
        if let labels { return labels }
        let computed = SystemLabels.classify(message.labelIds)
        labels = computed
        return computed
    }

    mutating func hasSystemLabel(_ bits: UInt16) -> Bool { classifiedLabels().system & bits != 0 }

    mutating func hasLabelKey(_ key: UInt64) -> Bool {
        if keys == nil { keys = MessageFolding.labelKeys(message) }
        return keys!.contains(key)
    }

    mutating func hasUserLabels() -> Bool { classifiedLabels().hasUserLabels }
    var dateMilliseconds: Int64 { message.internalDate.searchMilliseconds }
    var sizeEstimate: Int { message.sizeEstimate }
    var hasAttachment: Bool { message.hasAttachment }
}
