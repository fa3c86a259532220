import Foundation

/// One message in a mailbox, immutable once stored: its Gmail identity (id, thread, labels, history
/// id), its content, and its search document (every searchable field folded at load, so a query over
/// thousands of messages does hash lookups only).
final class StoredMessage: Sendable {
    /// 16 hex digits.
    let id: String
    let numericID: UInt64
    let threadId: String
    let labelIds: [String]
    /// `labelIds` as a set, for `labelIds=` filters.
    let labelSet: Set<String>
    /// In SPAM or TRASH: hidden from listings unless asked for.
    let inSpamOrTrash: Bool
    let historyId: String
    let content: MessageContent
    /// Gmail's `internalDate`: when the message entered the mailbox, in milliseconds since 1970.
    let internalDateMilliseconds: Int64
    /// The fixture file it was loaded from (nil for sent messages), for error messages.
    let fileName: String?
    /// Attachment id → the part's path in the tree (child indexes from the root).
    let attachmentPaths: [String: [Int]]
    let searchDocument: GmailSearchDocument

    var sizeEstimate: Int { content.raw.count }

    init(content: MessageContent, numericID: UInt64, threadId: String, labelIds: [String], labelNames: [String],
         historyId: String, internalDate: Int64, fileName: String?, inlineLimit: Int) {
        self.content = content
        internalDateMilliseconds = internalDate
        self.numericID = numericID
        self.id = MessageID.string(numericID)
        self.threadId = threadId
        self.labelIds = labelIds
        labelSet = Set(labelIds)
        inSpamOrTrash = labelSet.contains("SPAM") || labelSet.contains("TRASH")
        self.historyId = historyId
        self.fileName = fileName
        searchDocument = GmailSearchDocument(MessageSearchFields(
            content: content, labelIds: labelIds, labelNames: labelNames, internalDate: internalDate))
        var paths: [String: [Int]] = [:]
        Self.collectAttachments(content.root, path: [], messageID: MessageID.string(numericID), inlineLimit: inlineLimit, into: &paths)
        attachmentPaths = paths
    }

    /// The part at `path` (child indexes from the root).
    func part(at path: [Int]) -> MimePart? {
        var part = content.root
        for index in path {
            guard part.parts.indices.contains(index) else { return nil }
            part = part.parts[index]
        }
        return part
    }

    /// Whether this part's body is served by `attachments.get` rather than inline: parts with a file
    /// name, and bodies larger than `inlineLimit`.
    static func servesAsAttachment(_ part: MimePart, inlineLimit: Int) -> Bool {
        !part.isMultipart && (part.isAttachment || part.body.count > inlineLimit)
    }

    private static func collectAttachments(_ part: MimePart, path: [Int], messageID: String, inlineLimit: Int, into paths: inout [String: [Int]]) {
        if part.isMultipart && !part.parts.isEmpty {
            for (index, child) in part.parts.enumerated() {
                collectAttachments(child, path: path + [index], messageID: messageID, inlineLimit: inlineLimit, into: &paths)
            }
        } else if servesAsAttachment(part, inlineLimit: inlineLimit) {
            paths[AttachmentID.make(messageID: messageID, path: path)] = path
        }
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
