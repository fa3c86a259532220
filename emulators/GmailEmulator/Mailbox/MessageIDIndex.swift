import DrydockCore
import Foundation

/// Which messages of a mailbox carry each `Message-ID`, so threading a reply (its `In-Reply-To` and
/// `References`) looks up the messages it answers instead of parsing every message's header.
///
/// Compact: Message-IDs are not kept (a message's bytes hold it), only their 64-bit FNV-1a hashes with
/// the message ids. The messages the mailbox was made with are two sorted arrays (16 bytes a message,
/// no table overhead: 1.6 MB at 100,000 messages), a deleted one marked in place; messages added later
/// are in a table (they are removed from it when deleted, so an insert/delete loop does not grow it). A
/// lookup returns the messages whose hash matches: the caller checks their Message-ID
/// (`Mailbox.messages(withMessageIDs:)`), so a hash collision only costs one more header parse. Several
/// messages may share a Message-ID (an imported copy).
struct MessageIDIndex: Sendable {
    /// The initial messages' hashes, ascending, and their ids (`removed` once deleted).
    private var hashes: [UInt64] = []
    private var ids: [UInt64] = []
    private var removedCount = 0
    /// Added messages: hash → the first added message carrying it, and the others (rare: duplicates
    /// and collisions).
    private var first: [UInt64: UInt64] = [:]
    private var others: [UInt64: [UInt64]] = [:]

    /// Marks a deleted initial message (message ids are at most 2⁶³ − 1, `MessageID.parse`).
    private static let removed = UInt64.max

    init() {}

    /// The index of `messages`; `messageIDs` (parallel to them) when the caller read them already
    /// (the loader), else each message's header is parsed, on every core for a big mailbox.
    init(_ messages: [StoredMessage], messageIDs: [String?]? = nil) {
        let known: [String?]
        if let messageIDs, messageIDs.count == messages.count {
            known = messageIDs
        } else if messages.count >= 1_000 {
            let parsed = ResultSlots<String?>(count: messages.count)
            DispatchQueue.concurrentPerform(iterations: messages.count) { index in parsed.set(index, messages[index].messageID) }
            known = parsed.all
        } else {
            known = messages.map(\.messageID)
        }
        var pairs: [(hash: UInt64, id: UInt64)] = []
        pairs.reserveCapacity(messages.count)
        for (message, messageID) in zip(messages, known) {
            if let messageID { pairs.append((Self.key(messageID), message.numericID)) }
        }
        pairs.sort { $0.hash != $1.hash ? $0.hash < $1.hash : $0.id < $1.id }
        hashes = pairs.map(\.hash)
        ids = pairs.map(\.id)
    }

    /// Notes that message `id`, added to the mailbox, carries `messageID` (normalized as
    /// `MessageContent.messageID`).
    mutating func insert(_ messageID: String, message id: UInt64) {
        let key = Self.key(messageID)
        if first[key] == nil {
            first[key] = id
        } else {
            others[key, default: []].append(id)
        }
    }

    /// Forgets that message `id` carries `messageID`.
    mutating func remove(_ messageID: String, message id: UInt64) {
        let key = Self.key(messageID)
        if first[key] == id {
            if var rest = others[key], !rest.isEmpty {
                first[key] = rest.removeFirst()
                others[key] = rest.isEmpty ? nil : rest
            } else {
                first[key] = nil
            }
        } else if var rest = others[key], let position = rest.firstIndex(of: id) {
            rest.remove(at: position)
            others[key] = rest.isEmpty ? nil : rest
        } else {
            var position = lowerBound(key)
            while position < hashes.count, hashes[position] == key {
                if ids[position] == id {
                    ids[position] = Self.removed
                    removedCount += 1
                    return
                }
                position += 1
            }
        }
    }

    /// The ids of the messages that may carry `messageID` (every one that does, and rarely another
    /// whose Message-ID has the same hash).
    func candidates(_ messageID: String) -> [UInt64] {
        let key = Self.key(messageID)
        var result: [UInt64] = []
        var position = lowerBound(key)
        while position < hashes.count, hashes[position] == key {
            if ids[position] != Self.removed { result.append(ids[position]) }
            position += 1
        }
        if let id = first[key] { result.append(id) }
        result += others[key] ?? []
        return result
    }

    /// How many messages are indexed (for tests).
    var count: Int { hashes.count - removedCount + first.count + others.values.reduce(0) { $0 + $1.count } }

    /// The first position in `hashes` not below `key`.
    private func lowerBound(_ key: UInt64) -> Int {
        var low = 0, high = hashes.count
        while low < high {
            let middle = (low + high) / 2
            if hashes[middle] < key { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private static func key(_ messageID: String) -> UInt64 { MessageID.fnv1a(messageID.utf8) }
}
