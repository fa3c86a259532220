import DrydockCore
import DrydockHTTP

/// `GET /gmail/v1/users/{userId}/history?startHistoryId=…&historyTypes=…&labelId=…&maxResults=…&pageToken=…`:
/// the changes after `startHistoryId`, oldest first, one record per change:
/// `{"id", "messages": [{"id", "threadId"}], "messagesAdded"|"messagesDeleted": [{"message"}],
/// "labelsAdded"|"labelsRemoved": [{"message", "labelIds"}]}`, then `nextPageToken` when more follow and
/// the mailbox's current `historyId`. No `history` member when nothing changed (as Gmail).
///
/// `startHistoryId` is required (400 "Missing/invalid parameter: startHistoryId", verbatim from
/// googleapis/google-api-nodejs-client#978); one older than the log keeps (`MailboxHistory`) is 404, as
/// Gmail answers an expired id. `historyTypes` keeps records of those kinds (and only those lists);
/// `labelId` keeps records whose message carried the label or whose change added or removed it.
extension GmailEmulator {
    func listHistory(_ call: GmailCall) -> Result<HTTPResponse, GmailError> {
        let request = call.request
        func values(_ name: String) -> [String] { request.queryItems.filter { $0.name == name }.map(\.value) }
        guard let startText = values("startHistoryId").last, !startText.isEmpty else {
            return .failure(.invalidArgument("Missing/invalid parameter: startHistoryId"))
        }
        guard let start = UInt64(startText) else {
            return .failure(.invalidValues(field: "start_history_id", type: "TYPE_UINT64", values: [startText]))
        }
        var kinds: Set<HistoryRecord.Kind> = []
        let typeValues = values("historyTypes")
        let badTypes = typeValues.filter { Self.historyKind($0) == nil }
        guard badTypes.isEmpty else { return .failure(.invalidValues(field: "history_types", type: "TYPE_ENUM", values: badTypes)) }
        for value in typeValues { if let kind = Self.historyKind(value) { kinds.insert(kind) } }
        if kinds.isEmpty { kinds = Set(HistoryRecord.Kind.allCases) }
        let labelId = values("labelId").last.flatMap { $0.isEmpty ? nil : $0 }
        let parameters: ListParameters
        do { parameters = try ListParameters(request) } catch { return .failure(error) }

        let mailbox = mailbox(call.email) ?? newMailbox(call.email, address: address(for: call))
        guard let records = mailbox.history.after(start) else { return .failure(.notFound) }
        let key = UInt64(0x6869_7374_6f72_79) ^ start
        var after = start
        if let token = parameters.pageToken {
            guard let position = PageToken.decode(token, key: key), position >= start else { return .failure(.invalidArgument("Invalid pageToken")) }
            after = position
        }
        var page: [JSONValue] = []
        var more = false
        var last: UInt64?
        for record in records where record.id > after {
            let present = record.kinds.intersection(kinds)
            guard !present.isEmpty else { continue }
            if let labelId, !record.labelIds.contains(labelId), !record.added.contains(labelId), !record.removed.contains(labelId) { continue }
            if page.count == parameters.maxResults {
                more = true
                break
            }
            page.append(Self.historyJSON(record, kinds: present))
            last = record.id
        }
        var members: [(String, JSONValue)] = []
        if !page.isEmpty { members.append(("history", .array(page))) }
        if more, let last { members.append(("nextPageToken", .string(PageToken.encode(lastMessage: last, key: key)))) }
        members.append(("historyId", .string(String(mailbox.historyId))))
        return .success(call.json(.object(members)))
    }

    /// A `historyTypes` value: the JSON names (`messageAdded`, …) or the proto names (`MESSAGE_ADDED`, …).
    static func historyKind(_ value: String) -> HistoryRecord.Kind? {
        HistoryRecord.Kind.allCases.first { kind in
            value == kind.rawValue || value == QueryFlags.snakeCase(kind.rawValue).uppercased()
        }
    }

    static func historyJSON(_ record: HistoryRecord, kinds: Set<HistoryRecord.Kind>) -> JSONValue {
        var message: [(String, JSONValue)] = [("id", .string(record.messageID)), ("threadId", .string(record.threadId))]
        if !record.labelIds.isEmpty { message.append(("labelIds", .array(record.labelIds.map(JSONValue.string)))) }
        var members: [(String, JSONValue)] = [
            ("id", .string(String(record.id))),
            ("messages", [.object([("id", .string(record.messageID)), ("threadId", .string(record.threadId))])]),
        ]
        if kinds.contains(.messageAdded) { members.append(("messagesAdded", [.object([("message", .object(message))])])) }
        if kinds.contains(.messageDeleted) { members.append(("messagesDeleted", [.object([("message", .object(message))])])) }
        if kinds.contains(.labelAdded) {
            members.append(("labelsAdded", [.object([("message", .object(message)), ("labelIds", .array(record.added.map(JSONValue.string)))])]))
        }
        if kinds.contains(.labelRemoved) {
            members.append(("labelsRemoved", [.object([("message", .object(message)), ("labelIds", .array(record.removed.map(JSONValue.string)))])]))
        }
        return .object(members)
    }
}

/// `users.watch` and `users.stop`. Drydock delivers no Pub/Sub notifications: `watch` checks the
/// request and answers what Gmail answers — the mailbox's current `historyId` and an `expiration` seven
/// days of virtual time ahead (Gmail's documented renewal period), in milliseconds — so a client's
/// setup code runs; clients then sync with `history.list`. `stop` answers 204.
extension GmailEmulator {
    static let watchLifetimeMilliseconds: Int64 = 7 * 24 * 3600 * 1000

    func watch(_ call: GmailCall) -> Result<HTTPResponse, GmailError> {
        let json: JSONValue
        do {
            json = try RequestBody.object(call.request.body, members: ["topicName", "labelIds", "labelFilterAction", "labelFilterBehavior"])
            let topic = try RequestBody.string(json, "topicName", field: "topic_name") ?? ""
            let parts = topic.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 4, parts[0] == "projects", parts[2] == "topics", !parts[1].isEmpty, !parts[3].isEmpty else {
                // Assumed text.
                return .failure(.invalidArgument("Invalid topicName does not match projects/SOME-PROJECT/topics/*"))
            }
            for (name, field) in [("labelFilterAction", "label_filter_action"), ("labelFilterBehavior", "label_filter_behavior")] {
                if let value = try RequestBody.string(json, name, field: field), !["include", "exclude"].contains(value.lowercased()) {
                    return .failure(.invalidValues(field: field, type: "TYPE_ENUM", values: [value]))
                }
            }
            _ = try RequestBody.strings(json, "labelIds", field: "label_ids")
        } catch { return .failure(error) }
        let history = mailbox(call.email)?.historyId ?? UInt64(profile(for: call.email).historyId) ?? 1
        let expiration = nowMilliseconds.addingReportingOverflow(Self.watchLifetimeMilliseconds)
        return .success(call.json(.object([
            ("historyId", .string(String(history))),
            ("expiration", .string(String(expiration.overflow ? Int64.max : expiration.partialValue))),
        ])))
    }

    func stop(_ call: GmailCall) -> Result<HTTPResponse, GmailError> {
        .success(call.noContent)
    }
}
