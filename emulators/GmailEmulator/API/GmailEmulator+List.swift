import DrydockCore
import DrydockHTTP

/// `GET /gmail/v1/users/{userId}/messages?q=…&labelIds=…&maxResults=…&pageToken=…&includeSpamTrash=…`:
/// newest first, `{"messages": [{"id", "threadId"}], "nextPageToken", "resultSizeEstimate"}`, with no
/// `messages` member at all when nothing matches (as Gmail). Every `labelIds` value must be on the
/// message; SPAM and TRASH are hidden unless `includeSpamTrash`, a `labelIds` value or the query
/// asks for them.
extension GmailEmulator {
    func listMessages(_ call: GmailCall) -> Result<HTTPResponse, GmailError> {
        let parameters: ListParameters
        let query: GmailQuery?
        switch listRequest(call) {
        case .success(let request): (parameters, query) = request
        case .failure(let error): return .failure(error)
        }
        guard let mailbox = mailbox(call.email) else { return emptyListing(call, parameters) }
        let key = PageToken.key(q: parameters.q, labelIds: parameters.labelIds, includeSpamTrash: parameters.includeSpamTrash)
        let cursor: StoredMessage?
        switch listingCursor(parameters.pageToken, key: key, in: mailbox) {
        case .success(let message): cursor = message
        case .failure(let error): return .failure(error)
        }
        // The matches as a set of index slots: counted at once, then the page walked after the cursor.
        let matches = matchingSlots(mailbox, parameters, query)
        let page = mailbox.store.page(matches, after: cursor, size: parameters.maxResults)
        var members: [(String, JSONValue)] = []
        if !page.items.isEmpty {
            members.append(("messages", .array(page.items.map { .object([("id", .string($0.id)), ("threadId", .string($0.threadId))]) })))
        }
        if page.more, let last = page.items.last {
            members.append(("nextPageToken", .string(PageToken.encode(lastMessage: last.numericID, key: key))))
        }
        members.append(("resultSizeEstimate", .number(matches.count)))
        return .success(call.json(.object(members)))
    }

    /// What every listing (messages, threads, drafts) reads first: its parameters and its parsed `q`.
    func listRequest(_ call: GmailCall) -> Result<(ListParameters, GmailQuery?), GmailError> {
        let parameters: ListParameters
        do { parameters = try ListParameters(call.request) } catch { return .failure(error) }
        return listQuery(call, parameters).map { query in
            if query?.readsText == true { indexText(call.email) }
            return (parameters, query)
        }
    }

    /// The parsed `q` of a listing (nil when absent or blank); 403 under the metadata scope, 400
    /// "Invalid query" when it does not parse (Gmail sends no detail).
    private func listQuery(_ call: GmailCall, _ parameters: ListParameters) -> Result<GmailQuery?, GmailError> {
        if call.metadataRestricted, parameters.q != nil {
            return .failure(.forbidden("Metadata scope does not support 'q' parameter"))
        }
        guard let text = parameters.q, !text.allSatisfy(\.isWhitespace) else { return .success(nil) }
        do {
            return .success(try GmailQuery.parse(text, mailboxOwner: mailbox(call.email)?.address ?? call.email))
        } catch {
            return .failure(.invalidArgument(GmailQueryError.gmailMessage))
        }
    }

    /// The messages of `mailbox` a listing matches, newest first. SPAM and TRASH stay hidden unless
    /// `includeSpamTrash`, the query, or a `labelIds` value asks for them.
    func matching(_ mailbox: Mailbox, _ parameters: ListParameters, _ query: GmailQuery?) -> LazyFilterSequence<[StoredMessage]> {
        let matches = matchingSlots(mailbox, parameters, query)
        return mailbox.messages.lazy.filter { matches.contains($0.slot) }
    }

    /// The index slots of the messages a listing matches.
    func matchingSlots(_ mailbox: Mailbox, _ parameters: ListParameters, _ query: GmailQuery?) -> SlotSet {
        let showSpamAndTrash = parameters.includeSpamTrash || query?.mentionsSpamOrTrash == true
        let hidden = showSpamAndTrash ? [] : Set(["SPAM", "TRASH"]).subtracting(parameters.labelIds)
        return mailbox.listing(query: query, required: parameters.labelIds, hidden: hidden, now: authority.clock.now())
    }
}
