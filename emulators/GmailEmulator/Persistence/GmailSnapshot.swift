import DrydockCore
import EmulatorKit

/// A snapshot's mailbox files: `gmail/<address>.json`, one per mailbox:
///
/// ```json
/// {"format": 1, "mailbox": "owner@example.com", "address": "Owner@example.com", "historyId": "1234",
///  "labels": [{"id": "Label_1", "name": "Bookings", …}], "drafts": {"r-123…": "18c…"},
///  "messages": [{"id", "threadId", "labelIds", "historyId", "internalDate", "raw"}]}
/// ```
///
/// and `"history": {"floor": "1200", "records": [{"id", "messageId", "threadId", "labelIds", "added",
/// "removed", "event"}]}`, the history log, so `history.list` answers across a restart from a snapshot
/// as across one from the log. (Snapshots written before the log was kept have no `history`: history then
/// starts at their `historyId`, and an older `startHistoryId` is 404, the answer Gmail gives an expired one.)
enum GmailSnapshot {
    static let folder = "gmail"

    static func files(_ mailboxes: [String: Mailbox]) -> [(path: String, bytes: [UInt8])] {
        mailboxes.sorted { $0.key < $1.key }.map { key, mailbox in
            (folder + "/" + key + ".json", Array(json(key, mailbox).serialized().utf8))
        }
    }

    static func json(_ key: String, _ mailbox: Mailbox) -> JSONValue {
        let messages = mailbox.messages.map { message -> JSONValue in
            [
                "id": .string(message.id), "threadId": .string(message.threadId), "labelIds": .array(message.labelIds.map(JSONValue.string)),
                "historyId": .string(message.historyId), "internalDate": .string(String(message.internalDateMilliseconds)),
                "raw": .string(TransferEncoding.encodeBase64URL(message.raw)),
            ]
        }
        return [
            "format": 1, "mailbox": .string(key), "address": .string(mailbox.address), "historyId": .string(String(mailbox.historyId)),
            "labels": .array(mailbox.userLabels.map(\.json)),
            "drafts": .object(mailbox.drafts.sorted { $0.key < $1.key }.map { ($0.key, .string(MessageID.string($0.value))) }),
            "messages": .array(messages),
            "history": historyJSON(mailbox.history),
        ]
    }

    static func historyJSON(_ history: MailboxHistory) -> JSONValue {
        let records = history.records.map { record -> JSONValue in
            let event: String
            switch record.event {
            case .added: event = "added"
            case .deleted: event = "deleted"
            case .relabeled: event = "relabeled"
            }
            return [
                "id": .string(String(record.id)), "messageId": .string(record.messageID), "threadId": .string(record.threadId),
                "labelIds": .array(record.labelIds.map(JSONValue.string)), "added": .array(record.added.map(JSONValue.string)),
                "removed": .array(record.removed.map(JSONValue.string)), "event": .string(event),
            ]
        }
        return ["floor": .string(String(history.floor)), "records": .array(records)]
    }

    /// The history log of a snapshot's `history` member; nil when malformed.
    static func history(_ json: JSONValue) -> MailboxHistory? {
        guard let floor = json["floor"]?.stringValue.flatMap({ UInt64($0) }), let items = json["records"]?.arrayValue else { return nil }
        var records: [HistoryRecord] = []
        for item in items {
            func strings(_ key: String) -> [String]? {
                guard let values = item[key]?.arrayValue else { return nil }
                let strings = values.compactMap(\.stringValue)
                return strings.count == values.count ? strings : nil
            }
            let event: HistoryRecord.Event
            switch item["event"]?.stringValue {
            case "added": event = .added
            case "deleted": event = .deleted
            case "relabeled": event = .relabeled
            default: return nil
            }
            guard let id = item["id"]?.stringValue.flatMap({ UInt64($0) }), let messageID = item["messageId"]?.stringValue,
                  let threadId = item["threadId"]?.stringValue, let labelIds = strings("labelIds"), let added = strings("added"),
                  let removed = strings("removed") else { return nil }
            records.append(HistoryRecord(id: id, messageID: messageID, threadId: threadId, labelIds: labelIds, added: added, removed: removed, event: event))
        }
        return MailboxHistory(floor: floor, records: records)
    }

    /// The mailboxes of a snapshot's files (`GmailDataStore.Recovered.snapshot`).
    static func mailboxes(_ files: [(name: String, bytes: [UInt8])], path: String) throws(DataDirectoryError) -> [String: Mailbox] {
        var mailboxes: [String: Mailbox] = [:]
        for file in files where file.name.hasSuffix(".json") {
            let location = path + "/" + folder + "/" + file.name
            guard let json = try? JSONValue.parse(file.bytes), json["format"]?.intValue == 1,
                  let key = json["mailbox"]?.stringValue, let address = json["address"]?.stringValue,
                  let history = json["historyId"]?.stringValue.flatMap({ UInt64($0) }),
                  let labelItems = json["labels"]?.arrayValue, let messageItems = json["messages"]?.arrayValue,
                  let draftItems = json["drafts"]?.objectValue
            else { throw DataDirectoryError(path: location, reason: "is not a Gmail mailbox snapshot") }
            var labels: [GmailLabel] = []
            for item in labelItems {
                guard let label = LabelRequest.stored(item) else { throw DataDirectoryError(path: location, reason: "has a malformed label") }
                labels.append(label)
            }
            var messages: [StoredMessage] = []
            for (index, item) in messageItems.enumerated() {
                guard let id = item["id"]?.stringValue.flatMap(MessageID.parse), let threadId = item["threadId"]?.stringValue,
                      let labelIds = item["labelIds"]?.arrayValue?.compactMap(\.stringValue), let historyId = item["historyId"]?.stringValue,
                      let date = item["internalDate"]?.stringValue.flatMap({ Int64($0) }),
                      let raw = item["raw"]?.stringValue.flatMap(TransferEncoding.decodeBase64Strict)
                else { throw DataDirectoryError(path: location, reason: "messages[\(index)] is malformed") }
                messages.append(StoredMessage(
                    raw: raw, numericID: id, slot: UInt32(truncatingIfNeeded: messages.count), threadId: threadId, labelIds: labelIds,
                    historyId: historyId, internalDate: date, fileName: nil))
            }
            var drafts: [String: UInt64] = [:]
            for (draft, value) in draftItems {
                guard let id = value.stringValue.flatMap(MessageID.parse) else { throw DataDirectoryError(path: location, reason: "drafts[\"\(draft)\"] is malformed") }
                drafts[draft] = id
            }
            var mailbox = Mailbox(address: address, userLabels: labels, messages: messages, historyId: history, drafts: drafts)
            if let historyItem = json["history"] {
                guard let log = Self.history(historyItem) else { throw DataDirectoryError(path: location, reason: "has a malformed history log") }
                mailbox.restoreHistory(log)
            }
            mailboxes[key] = mailbox
        }
        return mailboxes
    }

    /// Replays log `records` onto `mailboxes`; `newMailbox` makes one for an account that had none.
    static func replay(
        _ records: [JSONValue], onto mailboxes: inout [String: Mailbox], path: String, newMailbox: (String, String) -> Mailbox
    ) throws(DataDirectoryError) {
        for (index, record) in records.enumerated() {
            guard let key = record["mailbox"]?.stringValue, let address = record["address"]?.stringValue,
                  let items = record["changes"]?.arrayValue
            else { throw DataDirectoryError(path: path, reason: "record \(index + 1) is not a Gmail change record") }
            var mailbox = mailboxes.removeValue(forKey: key) ?? newMailbox(key, address)
            for item in items {
                guard let change = MailboxChange(json: item) else {
                    throw DataDirectoryError(path: path, reason: "record \(index + 1) holds a change this version cannot read")
                }
                mailbox.apply(change)
            }
            mailboxes[key] = mailbox
        }
    }
}
