import DrydockCore

/// One change to a mailbox. Every write of the API is planned as a list of these, applied by
/// `Mailbox.apply` and, with `--data-dir`, logged as JSON before the answer is sent, so a restart
/// replays exactly what was acknowledged.
enum MailboxChange: Sendable {
    /// A new message (send, insert, import, a draft's message).
    case addMessage(NewMessage)
    /// A message's labels set to these (modify, trash, untrash, label deletion).
    case setLabels(id: UInt64, labelIds: [String])
    case deleteMessage(id: UInt64)
    /// A user label created or changed.
    case putLabel(GmailLabel)
    case deleteLabel(id: String)
    /// Draft `id` now holds message `messageID`.
    case putDraft(id: String, messageID: UInt64)
    case deleteDraft(id: String)
}

/// A message about to be stored: its bytes (and their parse, when the caller has it), identity, labels
/// and internal date.
struct NewMessage: Sendable {
    let raw: [UInt8]
    /// The parse of `raw`, when already made (nil on replay: parsed again).
    var content: MessageContent?
    let id: UInt64
    let threadId: String
    let labelIds: [String]
    let internalDate: Int64
}

/// The log's JSON form of changes: `{"op": "…", …}`, ids as Gmail's hex strings, message bytes in base64.
extension MailboxChange {
    var json: JSONValue {
        switch self {
        case .addMessage(let message):
            return [
                "op": "addMessage", "id": .string(MessageID.string(message.id)), "threadId": .string(message.threadId),
                "labelIds": .array(message.labelIds.map(JSONValue.string)), "internalDate": .string(String(message.internalDate)),
                "raw": .string(TransferEncoding.encodeBase64URL(message.raw)),
            ]
        case .setLabels(let id, let labelIds):
            return ["op": "setLabels", "id": .string(MessageID.string(id)), "labelIds": .array(labelIds.map(JSONValue.string))]
        case .deleteMessage(let id):
            return ["op": "deleteMessage", "id": .string(MessageID.string(id))]
        case .putLabel(let label):
            return ["op": "putLabel", "label": label.json]
        case .deleteLabel(let id):
            return ["op": "deleteLabel", "id": .string(id)]
        case .putDraft(let id, let messageID):
            return ["op": "putDraft", "id": .string(id), "messageId": .string(MessageID.string(messageID))]
        case .deleteDraft(let id):
            return ["op": "deleteDraft", "id": .string(id)]
        }
    }

    /// A change read back from the log; nil when the record is not one this emulator writes.
    init?(json: JSONValue) {
        func messageID(_ key: String) -> UInt64? { json[key]?.stringValue.flatMap(MessageID.parse) }
        func strings(_ key: String) -> [String]? {
            guard let items = json[key]?.arrayValue else { return nil }
            let values = items.compactMap(\.stringValue)
            return values.count == items.count ? values : nil
        }
        switch json["op"]?.stringValue {
        case "addMessage":
            guard let id = messageID("id"), let threadId = json["threadId"]?.stringValue, let labelIds = strings("labelIds"),
                  let date = json["internalDate"]?.stringValue.flatMap({ Int64($0) }),
                  let raw = json["raw"]?.stringValue.flatMap(TransferEncoding.decodeBase64Strict) else { return nil }
            self = .addMessage(NewMessage(raw: raw, content: nil, id: id, threadId: threadId, labelIds: labelIds, internalDate: date))
        case "setLabels":
            guard let id = messageID("id"), let labelIds = strings("labelIds") else { return nil }
            self = .setLabels(id: id, labelIds: labelIds)
        case "deleteMessage":
            guard let id = messageID("id") else { return nil }
            self = .deleteMessage(id: id)
        case "putLabel":
            guard let label = json["label"], let parsed = LabelRequest.stored(label) else { return nil }
            self = .putLabel(parsed)
        case "deleteLabel":
            guard let id = json["id"]?.stringValue else { return nil }
            self = .deleteLabel(id: id)
        case "putDraft":
            guard let id = json["id"]?.stringValue, let message = messageID("messageId") else { return nil }
            self = .putDraft(id: id, messageID: message)
        case "deleteDraft":
            guard let id = json["id"]?.stringValue else { return nil }
            self = .deleteDraft(id: id)
        default:
            return nil
        }
    }
}
