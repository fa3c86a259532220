import DrydockCore
import Foundation

/// One message in a mailbox, immutable once stored, kept compact: its Gmail identity (id, thread,
/// labels, history id), its slot in the mailbox's search index, and its bytes (the only copy).
///
/// Nothing parsed is kept: the MIME tree, the decoded text, even the subject and snippet would triple
/// a message's memory (100,000 messages took 495 MB with them). What a request needs beyond the
/// identity (`snippet`, `root`, `subject`) is parsed from the bytes when asked for; what search
/// needs lives in the mailbox's `MailboxIndex`.
final class StoredMessage: Sendable {
    let numericID: UInt64
    /// This message's number in the mailbox's `MailboxIndex`.
    let slot: UInt32
    let threadId: String
    let labelIds: [String]
    /// In SPAM or TRASH: hidden from listings unless asked for.
    let inSpamOrTrash: Bool
    let historyId: String
    /// Gmail's `internalDate`: when the message entered the mailbox, in milliseconds since 1970.
    let internalDateMilliseconds: Int64
    /// The fixture file it was loaded from (nil for sent messages), for error messages.
    let fileName: String?
    /// The message as stored (RFC 5322 bytes).
    let raw: [UInt8]

    /// 16 hex digits.
    var id: String { MessageID.string(numericID) }
    var sizeEstimate: Int { raw.count }

    init(raw: [UInt8], numericID: UInt64, slot: UInt32, threadId: String, labelIds: [String], historyId: String,
         internalDate: Int64, fileName: String?) {
        self.raw = raw
        internalDateMilliseconds = internalDate
        self.numericID = numericID
        self.slot = slot
        self.threadId = threadId
        self.labelIds = labelIds
        inSpamOrTrash = labelIds.contains("SPAM") || labelIds.contains("TRASH")
        self.historyId = historyId
        self.fileName = fileName
    }

    /// This message with other labels and history id (the bytes are shared).
    func relabeled(_ labelIds: [String], historyId: String) -> StoredMessage {
        StoredMessage(raw: raw, numericID: numericID, slot: slot, threadId: threadId, labelIds: labelIds, historyId: historyId,
                      internalDate: internalDateMilliseconds, fileName: fileName)
    }

    /// This message in another index slot (after the mailbox renumbered its slots).
    func reslotted(_ slot: UInt32) -> StoredMessage {
        StoredMessage(raw: raw, numericID: numericID, slot: slot, threadId: threadId, labelIds: labelIds, historyId: historyId,
                      internalDate: internalDateMilliseconds, fileName: fileName)
    }

    /// The top-level header fields, parsed from `raw` on every call.
    private var headers: [MimeHeaderField] { HeaderBlock(raw).fields }

    /// `Message-ID` without angle brackets, lowercased; nil when absent (for threading sends).
    var messageID: String? { headers.first(named: "Message-ID").flatMap { MessageContent.messageIDs(in: $0.rawValue).first } }

    /// The decoded subject (for threading sends).
    var subject: String { headers.first(named: "Subject")?.decodedValue ?? "" }

    /// Gmail's snippet (HTML-escaped), from a parse of `raw` on every call.
    var snippet: String { Snippet.make(from: root.leaves) }

    /// `{"id", "threadId", "labelIds"}`: the minimal form `modify`, `trash`, `send`, `insert` answer
    /// with and history records carry (`labelIds` left out when empty, as Gmail does).
    var minimalJSON: JSONValue {
        var members: [(String, JSONValue)] = [("id", .string(id)), ("threadId", .string(threadId))]
        if !labelIds.isEmpty { members.append(("labelIds", .array(labelIds.map(JSONValue.string)))) }
        return .object(members)
    }

    /// Whether the message carries label `id`.
    func hasLabel(_ id: String) -> Bool { labelIds.contains(id) }

    /// The MIME tree, parsed from `raw` on every call.
    var root: MimePart { MimeParser.parse(raw) }

    /// The part served as attachment `attachmentID`, or nil when the message has no such attachment.
    func attachment(_ attachmentID: String, inlineLimit: Int) -> MimePart? {
        Self.findAttachment(attachmentID, in: root, path: [], messageID: id, inlineLimit: inlineLimit)
    }

    /// Whether this part's body is served by `attachments.get` rather than inline: parts with a file
    /// name, and bodies larger than `inlineLimit`.
    static func servesAsAttachment(_ part: MimePart, inlineLimit: Int) -> Bool {
        !part.isMultipart && (part.isAttachment || part.body.count > inlineLimit)
    }

    private static func findAttachment(_ wanted: String, in part: MimePart, path: [Int], messageID: String, inlineLimit: Int) -> MimePart? {
        if part.isMultipart && !part.parts.isEmpty {
            for (index, child) in part.parts.enumerated() {
                if let found = findAttachment(wanted, in: child, path: path + [index], messageID: messageID, inlineLimit: inlineLimit) {
                    return found
                }
            }
            return nil
        }
        guard servesAsAttachment(part, inlineLimit: inlineLimit), AttachmentID.make(messageID: messageID, path: path) == wanted else { return nil }
        return part
    }
}

/// Attachment ids: long opaque base64url tokens like Gmail's (`ANGjdJ…`, about 100 characters),
/// derived from the message id and the part's position so they are stable across calls and runs.
/// (Real Gmail mints a different id on every fetch, and accepts any of them; stable ones are simpler
/// and no client depends on the difference.)
enum AttachmentID {
    static func make(messageID: String, path: [Int]) -> String {
        let seed = messageID + ":" + path.map(String.init).joined(separator: ".")
        var bytes: [UInt8] = []
        for round in 0..<9 {
            var hash = MessageID.fnv1a(Array("\(round)|\(seed)".utf8))
            for _ in 0..<8 {
                bytes.append(UInt8(truncatingIfNeeded: hash))
                hash >>= 8
            }
        }
        return "ANGjdJ" + TransferEncoding.encodeBase64URL(bytes)
    }
}

/// A message as the search engine sees it: addresses as `Name <addr>` strings, decoded subject and
/// body text, labels by id and by name.
struct MessageSearchFields: SearchableMessage {
    let content: MessageContent
    let labelIds: [String]
    let labelNames: [String]
    let internalDate: Date

    init(content: MessageContent, labelIds: [String], labelNames: [String], internalDate: Int64) {
        self.content = content
        self.labelIds = labelIds
        self.labelNames = labelNames
        self.internalDate = Date(timeIntervalSince1970: TimeInterval(internalDate) / 1000)
    }

    var from: [String] { content.from.map(\.searchForm) }
    var to: [String] { content.to.map(\.searchForm) }
    var cc: [String] { content.cc.map(\.searchForm) }
    var bcc: [String] { content.bcc.map(\.searchForm) }
    var subject: String { content.subject }
    var bodyText: String { content.bodyText }
    var attachmentFilenames: [String] { content.attachmentFilenames }
    var hasAttachment: Bool { !content.attachmentFilenames.isEmpty }
    var sizeEstimate: Int { content.raw.count }
}

extension MessageTerms {
    /// The terms of a parsed message (label names play no part: `label:` reads the mailbox's labels).
    init(content: MessageContent, labelIds: [String], internalDate: Int64) {
        self.init(MessageSearchFields(content: content, labelIds: labelIds, labelNames: [], internalDate: internalDate))
    }
}
