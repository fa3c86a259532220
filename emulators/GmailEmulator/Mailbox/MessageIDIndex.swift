import DrydockCore
import Foundation

/// Which messages of a mailbox carry each `Message-ID`, so threading a reply (its `In-Reply-To` and
/// `References`) looks up the messages it answers instead of parsing every message's header.
///
/// Compact: Message-IDs are not kept (a message's bytes hold it), only their 64-bit FNV-1a hashes
/// mapped to message ids, about 20 bytes a message. A lookup returns the messages whose hash matches:
/// the caller checks their Message-ID (`Mailbox.messages(withMessageIDs:)`), so a hash collision only
/// costs one more header parse. Several messages may share a Message-ID (an imported copy).
struct MessageIDIndex: Sendable {
    /// Hash → the first message carrying it.
    private var first: [UInt64: UInt64] = [:]
    /// Hash → the other messages carrying it (rare: duplicates and collisions).
    private var others: [UInt64: [UInt64]] = [:]

    init() {}

    /// The index of `messages`; `messageIDs` (parallel to them) when the caller read them already
    /// (the loader), else each message's header is parsed, on every core for a big mailbox.
    init(_ messages: [StoredMessage], messageIDs: [String?]? = nil) {
        let ids: [String?]
        if let messageIDs, messageIDs.count == messages.count {
            ids = messageIDs
        } else if messages.count >= 1_000 {
            let parsed = ResultSlots<String?>(count: messages.count)
            DispatchQueue.concurrentPerform(iterations: messages.count) { index in parsed.set(index, messages[index].messageID) }
            ids = parsed.all
        } else {
            ids = messages.map(\.messageID)
        }
        for (message, id) in zip(messages, ids) {
            if let id { insert(id, message: message.numericID) }
        }
    }

    /// Notes that message `id` carries `messageID` (normalized as `MessageContent.messageID`).
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
        }
    }

    /// The ids of the messages that may carry `messageID` (every one that does, and rarely another
    /// whose Message-ID has the same hash).
    func candidates(_ messageID: String) -> [UInt64] {
        let key = Self.key(messageID)
        guard let id = first[key] else { return [] }
        return [id] + (others[key] ?? [])
    }

    /// How many messages are indexed (for tests).
    var count: Int { first.count + others.values.reduce(0) { $0 + $1.count } }

    private static func key(_ messageID: String) -> UInt64 { MessageID.fnv1a(messageID.utf8) }
}
