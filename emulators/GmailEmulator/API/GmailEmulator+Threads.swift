import DrydockCore
import DrydockHTTP

/// `users.threads.*`: a thread is the messages sharing a `threadId`.
///
/// `list` takes the parameters of `messages.list` (`q`, `labelIds`, `includeSpamTrash`, paging) and
/// lists each thread with a matching message once, at its newest match, as
/// `{"id", "snippet", "historyId"}` (the thread's newest message's snippet, its largest history id).
/// `get` answers `{"id", "historyId", "messages"}` with every message oldest first in the asked
/// `format` (`full`, `metadata`, `minimal`). `modify`, `trash` and `untrash` change every message of
/// the thread under `LabelRules` and answer the thread with minimal messages; `delete` removes them all.
extension GmailEmulator {
    func listThreads(_ call: GmailCall) -> Result<HTTPResponse, GmailError> {
        let parameters: ListParameters
        let query: GmailQuery?
        switch listRequest(call) {
        case .success(let request): (parameters, query) = request
        case .failure(let error): return .failure(error)
        }
        guard let mailbox = mailbox(call.email) else { return emptyListing(call, parameters) }
        let key = PageToken.key(q: parameters.q, labelIds: parameters.labelIds, includeSpamTrash: parameters.includeSpamTrash) ^ 0x7468_7265_6164
        var cursor: String?
        if let token = parameters.pageToken {
            guard let id = PageToken.decode(token, key: key), mailbox.threadCounts[MessageID.string(id)] != nil else {
                return .failure(.invalidArgument("Invalid pageToken"))
            }
            cursor = MessageID.string(id)
        }
        var seen: Set<String> = []
        var ordered: [String] = []
        for message in matching(mailbox, parameters, query) where seen.insert(message.threadId).inserted {
            ordered.append(message.threadId)
        }
        var start = 0
        if let cursor { start = (ordered.firstIndex(of: cursor) ?? ordered.count - 1) + 1 }
        let page = ordered.dropFirst(start).prefix(parameters.maxResults)
        var members: [(String, JSONValue)] = []
        if !page.isEmpty {
            members.append(("threads", .array(page.map { id in
                let messages = mailbox.thread(id)
                let newest = messages.last
                return .object([
                    ("id", .string(id)), ("snippet", .string(newest?.snippet ?? "")),
                    ("historyId", .string(Self.threadHistoryId(messages))),
                ])
            })))
        }
        if start + page.count < ordered.count, let last = page.last, let numeric = MessageID.parse(last) {
            members.append(("nextPageToken", .string(PageToken.encode(lastMessage: numeric, key: key))))
        }
        members.append(("resultSizeEstimate", .number(ordered.count)))
        return .success(call.json(.object(members)))
    }

    func getThread(_ call: GmailCall) -> Result<HTTPResponse, GmailError> {
        let format: MessageFormat
        switch messageFormat(call, allowed: [.full, .metadata, .minimal]) {
        case .success(let parsed): format = parsed
        case .failure(let error): return .failure(error)
        }
        guard let id = MessageID.parse(call.route.parameters["id"] ?? "") else { return .failure(.invalidID) }
        let messages = mailbox(call.email)?.thread(MessageID.string(id)) ?? []
        guard !messages.isEmpty else { return .failure(.notFound) }
        let headers = call.request.queryItems.filter { $0.name == "metadataHeaders" }.map(\.value)
        return .success(call.json(.object([
            ("id", .string(MessageID.string(id))),
            ("historyId", .string(Self.threadHistoryId(messages))),
            ("messages", .array(messages.map { MessageResource.json($0, format: format, metadataHeaders: headers, inlineLimit: inlineLimit) })),
        ])))
    }

    func modifyThread(_ call: GmailCall) -> Result<HTTPResponse, GmailError> {
        let change: (add: [String], remove: [String])
        do { change = try Self.labelChange(call.request.body, members: ["addLabelIds", "removeLabelIds"]) } catch { return .failure(error) }
        return changeThread(call) { message, mailbox throws(GmailError) in
            try LabelRules.modified(message.labelIds, add: change.add, remove: change.remove, in: mailbox)
        }
    }

    func trashThread(_ call: GmailCall) -> Result<HTTPResponse, GmailError> {
        changeThread(call) { message, _ in LabelRules.trashed(message.labelIds) }
    }

    func untrashThread(_ call: GmailCall) -> Result<HTTPResponse, GmailError> {
        changeThread(call) { message, _ in LabelRules.untrashed(message.labelIds) }
    }

    func deleteThread(_ call: GmailCall) -> Result<HTTPResponse, GmailError> {
        guard let id = MessageID.parse(call.route.parameters["id"] ?? "") else { return .failure(.invalidID) }
        return write(call.email, address: address(for: call)) { mailbox, _ in
            let messages = mailbox.thread(MessageID.string(id))
            guard !messages.isEmpty else { return .failure(.notFound) }
            return .success(WritePlan(messages.map { .deleteMessage(id: $0.numericID) }) { _ in call.noContent })
        }
    }

    private func changeThread(
        _ call: GmailCall, _ labels: @escaping (StoredMessage, Mailbox) throws(GmailError) -> [String]
    ) -> Result<HTTPResponse, GmailError> {
        guard let numeric = MessageID.parse(call.route.parameters["id"] ?? "") else { return .failure(.invalidID) }
        let id = MessageID.string(numeric)
        return write(call.email, address: address(for: call)) { mailbox, _ in
            let messages = mailbox.thread(id)
            guard !messages.isEmpty else { return .failure(.notFound) }
            var changes: [MailboxChange] = []
            for message in messages {
                do throws(GmailError) { changes.append(.setLabels(id: message.numericID, labelIds: try labels(message, mailbox))) } catch { return .failure(error) }
            }
            return .success(WritePlan(changes) { mailbox in
                let messages = mailbox.thread(id)
                return call.json(.object([
                    ("id", .string(id)), ("historyId", .string(Self.threadHistoryId(messages))),
                    ("messages", .array(messages.map(\.minimalJSON))),
                ]))
            })
        }
    }

    /// A thread's history id: the largest of its messages'.
    static func threadHistoryId(_ messages: [StoredMessage]) -> String {
        String(messages.compactMap { UInt64($0.historyId) }.max() ?? 0)
    }
}
