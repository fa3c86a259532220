import DrydockCore
import EmulatorKit
import Foundation

/// `labels.json` in a mailbox directory:
///
/// ```json
/// {"labels": [{"id": "Label_1", "name": "Bookings"}],
///  "messages": {"0001-booking.eml": ["INBOX", "UNREAD", "Label_1"]}}
/// ```
///
/// Labels may also give `messageListVisibility` and `labelListVisibility`. Message entries may name
/// system labels (`INBOX`, `SENT`, `UNREAD`, `STARRED`, `IMPORTANT`, `SPAM`, `TRASH`, `DRAFT`,
/// `CATEGORY_*`, `CHAT`) and the declared user labels.
struct LabelsFile {
    var labels: [GmailLabel] = []
    var messages: [String: [String]] = [:]

    static func load(_ path: String) throws(FixtureError) -> LabelsFile {
        let document = try FixtureFile.loadJSON(path)
        guard case .object(let members) = document else {
            throw FixtureError(path: path, reason: "expected a JSON object with \"labels\" and \"messages\", got \(document.typeName)")
        }
        var file = LabelsFile()
        for (key, _) in members where key != "labels" && key != "messages" {
            throw FixtureError(path: path, reason: "unknown member \"\(key)\"; expected \"labels\" and \"messages\"")
        }
        if let labels = document["labels"] {
            guard let items = labels.arrayValue else { throw FixtureError(path: path, reason: "labels: expected an array, got \(labels.typeName)") }
            for (index, item) in items.enumerated() {
                file.labels.append(try label(item, at: "labels[\(index)]", path: path))
            }
        }
        var seen: Set<String> = []
        for label in file.labels {
            guard !GmailLabel.systemIDs.contains(label.id) else {
                throw FixtureError(path: path, reason: "labels: \"\(label.id)\" is a system label id; user labels need their own id (e.g. \"Label_1\")")
            }
            guard seen.insert(label.id).inserted else { throw FixtureError(path: path, reason: "labels: duplicate id \"\(label.id)\"") }
        }
        if let messages = document["messages"] {
            guard case .object(let entries) = messages else {
                throw FixtureError(path: path, reason: "messages: expected an object mapping file names to label id arrays, got \(messages.typeName)")
            }
            let known = GmailLabel.systemIDs.union(seen)
            for (fileName, value) in entries {
                guard let ids = value.arrayValue else {
                    throw FixtureError(path: path, reason: "messages[\"\(fileName)\"]: expected an array of label ids, got \(value.typeName)")
                }
                var labelIds: [String] = []
                for (index, id) in ids.enumerated() {
                    guard let id = id.stringValue else {
                        throw FixtureError(path: path, reason: "messages[\"\(fileName)\"][\(index)]: expected a label id string, got \(id.typeName)")
                    }
                    guard known.contains(id) else {
                        throw FixtureError(path: path, reason: "messages[\"\(fileName)\"][\(index)]: unknown label \"\(id)\"; declare it under \"labels\" or use a system label")
                    }
                    if !labelIds.contains(id) { labelIds.append(id) }
                }
                file.messages[fileName] = labelIds
            }
        }
        return file
    }

    private static func label(_ item: JSONValue, at location: String, path: String) throws(FixtureError) -> GmailLabel {
        guard case .object = item else { throw FixtureError(path: path, reason: "\(location): expected an object, got \(item.typeName)") }
        guard let id = item["id"]?.stringValue, !id.isEmpty else {
            throw FixtureError(path: path, reason: "\(location).id: expected a non-empty string")
        }
        guard let name = item["name"]?.stringValue, !name.isEmpty else {
            throw FixtureError(path: path, reason: "\(location).name: expected a non-empty string")
        }
        let messageVisibility = item["messageListVisibility"]?.stringValue
        let labelVisibility = item["labelListVisibility"]?.stringValue
        if let messageVisibility, !["show", "hide"].contains(messageVisibility) {
            throw FixtureError(path: path, reason: "\(location).messageListVisibility: expected \"show\" or \"hide\", got \"\(messageVisibility)\"")
        }
        if let labelVisibility, !["labelShow", "labelShowIfUnread", "labelHide"].contains(labelVisibility) {
            throw FixtureError(path: path, reason: "\(location).labelListVisibility: expected \"labelShow\", \"labelShowIfUnread\" or \"labelHide\", got \"\(labelVisibility)\"")
        }
        return GmailLabel(id: id, name: name, messageListVisibility: messageVisibility, labelListVisibility: labelVisibility, type: "user")
    }
}
