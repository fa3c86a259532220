import DrydockCore
import DrydockHTTP

/// `users.drafts.*`. A draft is a message labelled DRAFT plus a draft id (`r` and a decimal number, as
/// Gmail's look) naming it. `create` and `update` take a `Draft` (`{"message": {"raw", "threadId"}}`)
/// as JSON or by upload and answer `{"id", "message": {"id", "threadId", "labelIds"}}`; `update`
/// stores the new content as a new message (Gmail's draft message ids change on every save). `send`
/// takes `{"id"}` (with an optional `message` to save first), checks and completes the message as
/// `messages.send` does, stores it under SENT with a new id and removes the draft. `delete` removes the
/// draft and its message (204). `list` is newest first, with `q` and paging as `messages.list`.
extension GmailEmulator {
    func createDraft(_ call: GmailCall, _ input: MessageUpload) -> Result<HTTPResponse, GmailError> {
        saveDraft(call, input, replacing: nil)
    }

    func updateDraft(_ call: GmailCall, _ input: MessageUpload) -> Result<HTTPResponse, GmailError> {
        saveDraft(call, input, replacing: call.route.parameters["id"] ?? "")
    }

    private func saveDraft(_ call: GmailCall, _ input: MessageUpload, replacing draftID: String?) -> Result<HTTPResponse, GmailError> {
        let raw: [UInt8]
        let requestedThread: String?
        do {
            // Assumed text for a draft without a message.
            guard let bytes = try input.raw(draft: true) else { return .failure(.invalidArgument("Message is required")) }
            raw = bytes
            requestedThread = try input.threadId(draft: true)
        } catch { return .failure(error) }
        let content = MessageContent(raw: raw)
        let milliseconds = nowMilliseconds
        return write(call.email, address: address(for: call)) { mailbox, sequence in
            var changes: [MailboxChange] = []
            let id = Self.mintID(milliseconds: milliseconds, sequence: &sequence, in: mailbox)
            let draft: String
            if let draftID {
                guard let held = mailbox.drafts[draftID] else { return .failure(.notFound) }
                draft = draftID
                changes.append(.deleteMessage(id: held))
            } else {
                draft = Self.draftID(for: id)
            }
            if let error = checkQuota(mailbox, adding: raw.count) { return .failure(error) }
            let threadId: String
            switch Self.threadFor(content, requested: requestedThread, id: id, in: mailbox) {
            case .success(let thread): threadId = thread
            case .failure(let error): return .failure(error)
            }
            changes.append(.addMessage(NewMessage(raw: raw, content: content, id: id, threadId: threadId, labelIds: ["DRAFT"], internalDate: milliseconds)))
            changes.append(.putDraft(id: draft, messageID: id))
            return .success(WritePlan(changes) { mailbox in call.json(Self.draftJSON(draft, mailbox.message(id), format: nil, inlineLimit: 0)) })
        }
    }

    func getDraft(_ call: GmailCall) -> Result<HTTPResponse, GmailError> {
        let format: MessageFormat
        switch messageFormat(call, allowed: [.full, .metadata, .minimal, .raw]) {
        case .success(let parsed): format = parsed
        case .failure(let error): return .failure(error)
        }
        let draftID = call.route.parameters["id"] ?? ""
        guard let mailbox = mailbox(call.email), let held = mailbox.drafts[draftID], let message = mailbox.message(held) else {
            return .failure(.notFound)
        }
        return .success(call.json(Self.draftJSON(draftID, message, format: format, inlineLimit: inlineLimit)))
    }

    func listDrafts(_ call: GmailCall) -> Result<HTTPResponse, GmailError> {
        var parameters: ListParameters
        let query: GmailQuery?
        switch listRequest(call) {
        case .success(let request): (parameters, query) = request
        case .failure(let error): return .failure(error)
        }
        guard let mailbox = mailbox(call.email) else { return emptyListing(call, parameters) }
        var draftOf: [UInt64: String] = [:]
        for (draft, message) in mailbox.drafts { draftOf[message] = draft }
        let key = PageToken.key(q: parameters.q, labelIds: ["DRAFT"], includeSpamTrash: parameters.includeSpamTrash)
        let cursor: StoredMessage?
        switch listingCursor(parameters.pageToken, key: key, in: mailbox) {
        case .success(let message): cursor = message
        case .failure(let error): return .failure(error)
        }
        parameters.labelIds = []
        let drafts = matching(mailbox, parameters, query).lazy.compactMap { message in draftOf[message.numericID].map { (message, $0) } }
        let page = ListingPage(drafts, after: cursor, size: parameters.maxResults)
        var members: [(String, JSONValue)] = []
        if !page.items.isEmpty {
            members.append(("drafts", .array(page.items.map { message, draft in
                .object([("id", .string(draft)), ("message", .object([("id", .string(message.id)), ("threadId", .string(message.threadId))]))])
            })))
        }
        members += page.nextPageToken(key: key)
        members.append(("resultSizeEstimate", .number(page.total)))
        return .success(call.json(.object(members)))
    }

    func deleteDraft(_ call: GmailCall) -> Result<HTTPResponse, GmailError> {
        let draftID = call.route.parameters["id"] ?? ""
        return write(call.email, address: address(for: call)) { mailbox, _ in
            guard let held = mailbox.drafts[draftID] else { return .failure(.notFound) }
            return .success(WritePlan([.deleteDraft(id: draftID), .deleteMessage(id: held)]) { _ in call.noContent })
        }
    }

    func sendDraft(_ call: GmailCall, _ input: MessageUpload) -> Result<HTTPResponse, GmailError> {
        let draftID: String
        let replacement: [UInt8]?
        do {
            // Assumed text for a send naming no draft.
            guard let id = try RequestBody.string(input.metadata, "id", field: "draft.id"), !id.isEmpty else {
                return .failure(.invalidArgument("Invalid draft"))
            }
            draftID = id
            replacement = try input.raw(draft: true)
        } catch { return .failure(error) }
        let now = authority.clock.now()
        let milliseconds = nowMilliseconds
        let address = address(for: call)
        return write(call.email, address: address) { mailbox, sequence in
            guard let held = mailbox.drafts[draftID], let draft = mailbox.message(held) else { return .failure(.notFound) }
            let id = Self.mintID(milliseconds: milliseconds, sequence: &sequence, in: mailbox)
            let outgoing: OutgoingMessage
            do throws(GmailError) { outgoing = try OutgoingMessage(raw: replacement ?? draft.raw, sender: address, now: now, messageID: Self.rfcMessageID(id)) } catch {
                return .failure(error)
            }
            if let error = checkQuota(mailbox, adding: outgoing.content.raw.count) { return .failure(error) }
            let toSelf = outgoing.recipients.contains(mailbox.address.lowercased())
            let labelIds = toSelf ? ["UNREAD", "SENT", "INBOX"] : ["SENT"]
            let message = NewMessage(
                raw: outgoing.content.raw, content: outgoing.content, id: id, threadId: draft.threadId, labelIds: labelIds, internalDate: milliseconds)
            return .success(WritePlan([.deleteDraft(id: draftID), .deleteMessage(id: held), .addMessage(message)]) { mailbox in
                call.json(mailbox.message(id)?.minimalJSON ?? .object([]))
            })
        }
    }

    /// `r` and a signed decimal, as Gmail's draft ids look (`r-5243921847453728313`), derived from the
    /// draft's first message id.
    static func draftID(for messageID: UInt64) -> String {
        "r" + String(Int64(bitPattern: MessageID.fnv1a(Array("draft:\(messageID)".utf8))))
    }

    /// The `Draft` resource: the message minimal (`format` nil) or in `format`.
    static func draftJSON(_ id: String, _ message: StoredMessage?, format: MessageFormat?, inlineLimit: Int) -> JSONValue {
        guard let message else { return .object([("id", .string(id))]) }
        let body = format.map { MessageResource.json(message, format: $0, metadataHeaders: [], inlineLimit: inlineLimit) } ?? message.minimalJSON
        return .object([("id", .string(id)), ("message", body)])
    }
}
