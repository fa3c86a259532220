import DrydockCore
import Foundation

/// One message in a mailbox, immutable once stored, kept compact: its Gmail identity (id, thread,
/// labels, history id), its bytes (the only copy), the few fields read without parsing (Message-ID and
/// subject for threading, the snippet), and its search document (every searchable field folded at
/// load or send, so a query over thousands of messages does hash lookups only).
///
/// The MIME tree and the decoded text are not kept: they would triple a message's memory (a sent
/// 1 KB message took about 11.7 KB with them). `root` parses the bytes again when a request needs
/// the payload or an attachment.
final class StoredMessage: Sendable {
    /// 16 hex digits.
    let id: String
    let numericID: UInt64
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
    var raw: [UInt8] { body.raw }
    /// `Message-ID` without angle brackets, lowercased; nil when absent.
    var messageID: String? { body.messageID }
    /// The decoded subject.
    var subject: String { body.subject }
    /// Gmail's snippet (HTML-escaped).
    var snippet: String { body.snippet }
    let body: MessageBody
    let searchDocument: GmailSearchDocument

    var sizeEstimate: Int { body.raw.count }

    init(body: MessageBody, searchDocument: GmailSearchDocument, numericID: UInt64, threadId: String, labelIds: [String],
         historyId: String, internalDate: Int64, fileName: String?) {
        self.body = body
        self.searchDocument = searchDocument
        internalDateMilliseconds = internalDate
        self.numericID = numericID
        self.id = MessageID.string(numericID)
        self.threadId = threadId
        self.labelIds = labelIds
        inSpamOrTrash = labelIds.contains("SPAM") || labelIds.contains("TRASH")
        self.historyId = historyId
        self.fileName = fileName
    }

    /// A message stored from its parsed `content` (a send): the search document is folded from it.
    convenience init(content: MessageContent, numericID: UInt64, threadId: String, labelIds: [String], labelNames: [String],
                     historyId: String, internalDate: Int64, fileName: String?) {
        self.init(
            body: MessageBody(content),
            searchDocument: GmailSearchDocument(MessageSearchFields(
                content: content, labelIds: labelIds, labelNames: labelNames, internalDate: internalDate)),
            numericID: numericID, threadId: threadId, labelIds: labelIds, historyId: historyId,
            internalDate: internalDate, fileName: fileName)
    }

    /// This message with other labels and history id (the bytes and search words are shared).
    func relabeled(_ labelIds: [String], labelNames: [String], historyId: String) -> StoredMessage {
        StoredMessage(
            body: body, searchDocument: searchDocument.relabeled(ids: labelIds, names: labelNames), numericID: numericID,
            threadId: threadId, labelIds: labelIds, historyId: historyId, internalDate: internalDateMilliseconds, fileName: fileName)
    }

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

/// What a stored message keeps of its content: the bytes (the only copy), and the few derived fields read
/// without parsing them again.
struct MessageBody: Sendable {
    /// The message as stored (RFC 5322 bytes).
    let raw: [UInt8]
    /// `Message-ID` without angle brackets, lowercased; nil when absent (for threading sends).
    let messageID: String?
    /// The decoded subject (for threading sends).
    let subject: String
    /// Gmail's snippet (HTML-escaped).
    let snippet: String

    init(_ content: MessageContent) {
        raw = content.raw
        messageID = content.messageID
        subject = content.subject
        snippet = content.snippet
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
