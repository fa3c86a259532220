import DrydockCore
import DrydockHTTP

/// `users.messages.insert` (IMAP APPEND: stored as given) and `users.messages.import` (delivery
/// without sending), JSON or upload. Both store the message with the `labelIds` the resource names
/// (none by default: the message is only in All Mail), in the thread Gmail's rule gives it (a
/// `threadId` it matches, else a thread of a message it answers with the same subject, else its own),
/// and answer `{"id", "threadId", "labelIds"}`.
///
/// `internalDateSource`: `receivedTime` (insert's default) dates the message now, `dateHeader`
/// (import's default) by its `Date:` header (now when it has none). `deleted=true` stores nothing
/// (Gmail keeps such mail only for Vault) and answers as if it had.
extension GmailEmulator {
    func insertMessage(_ call: GmailCall, _ input: MessageUpload, importing: Bool) -> Result<HTTPResponse, GmailError> {
        let raw: [UInt8]
        let requestedThread: String?
        let labelIds: [String]
        let useDateHeader: Bool
        let deleted: Bool
        do {
            guard let bytes = try input.raw(draft: false) else { return .failure(.invalidArgument(MessageUpload.rawRequired)) }
            raw = bytes
            requestedThread = try input.threadId(draft: false)
            labelIds = try input.labelIds()
            useDateHeader = try Self.dateSource(call.request, importing: importing)
            deleted = try QueryFlags.bool(call.request, "deleted", field: "deleted") ?? false
            for name in ["neverMarkSpam", "processForCalendar"] { _ = try QueryFlags.bool(call.request, name, field: QueryFlags.snakeCase(name)) }
        } catch { return .failure(error) }
        let content = MessageContent(raw: raw)
        let milliseconds = useDateHeader && content.internalDate != 0 ? content.internalDate : nowMilliseconds
        return write(call.email, address: address(for: call)) { mailbox, sequence -> Result<WritePlan<HTTPResponse>, GmailError> in
            for id in labelIds where !mailbox.hasLabel(id) || id == "DRAFT" || id == "CHAT" { return .failure(.invalidLabel(id)) }
            if let error = checkQuota(mailbox, adding: raw.count) { return .failure(error) }
            let id = Self.mintID(milliseconds: nowMilliseconds, sequence: &sequence, in: mailbox)
            var threadId: String
            switch Self.threadFor(content, requested: requestedThread, id: id, in: mailbox) {
            case .success(let thread): threadId = thread
            case .failure(let error): return .failure(error)
            }
            if requestedThread == nil, let answered = Self.answeredThread(content, in: mailbox) { threadId = answered }
            var unique: [String] = []
            for label in labelIds where !unique.contains(label) { unique.append(label) }
            let message = NewMessage(raw: raw, content: content, id: id, threadId: threadId, labelIds: unique, internalDate: milliseconds)
            let minimal: JSONValue = .object(
                [("id", .string(MessageID.string(id))), ("threadId", .string(threadId))]
                    + (unique.isEmpty ? [] : [("labelIds", .array(unique.map(JSONValue.string)))]))
            return .success(WritePlan(deleted ? [] : [.addMessage(message)]) { _ in call.json(minimal) })
        }
    }

    /// Whether `internalDateSource` asks for the `Date:` header.
    static func dateSource(_ request: HTTPRequest, importing: Bool) throws(GmailError) -> Bool {
        let values = request.queryItems.filter { $0.name == "internalDateSource" }.map(\.value)
        let known = ["receivedtime": false, "received_time": false, "dateheader": true, "date_header": true]
        let bad = values.filter { known[$0.lowercased()] == nil }
        guard bad.isEmpty else { throw .invalidValues(field: "internal_date_source", type: "TYPE_ENUM", values: bad) }
        guard let last = values.last else { return importing }
        return known[last.lowercased()] ?? importing
    }

    /// The thread of a message of `mailbox` that `content` answers (by `References`/`In-Reply-To`) with
    /// the same subject (the newest such message's): where Gmail files a delivered reply. Only the
    /// answered messages are read (`Mailbox.messages(withMessageIDs:)`).
    static func answeredThread(_ content: MessageContent, in mailbox: Mailbox) -> String? {
        guard !content.referencedIDs.isEmpty else { return nil }
        let subject = normalizedSubject(content.subject)
        return mailbox.messages(withMessageIDs: content.referencedIDs).first { normalizedSubject($0.subject) == subject }?.threadId
    }
}

/// Boolean and enum query parameters read as Google's proto layer reads them.
enum QueryFlags {
    /// The last value of `name` as a bool (`true`/`false`/`1`/`0`), nil when absent.
    static func bool(_ request: HTTPRequest, _ name: String, field: String) throws(GmailError) -> Bool? {
        let values = request.queryItems.filter { $0.name == name }.map(\.value)
        let parsed = values.map(ListParameters.parseBool)
        let bad = zip(values, parsed).filter { $0.1 == nil }.map(\.0)
        guard bad.isEmpty else { throw .invalidValues(field: field, type: "TYPE_BOOL", values: bad) }
        return parsed.last ?? nil
    }

    /// `neverMarkSpam` → `never_mark_spam`.
    static func snakeCase(_ name: String) -> String {
        var out = ""
        for character in name {
            if character.isUppercase { out += "_" + character.lowercased() } else { out.append(character) }
        }
        return out
    }
}
