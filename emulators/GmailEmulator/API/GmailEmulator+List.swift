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
        do { parameters = try ListParameters(call.request) } catch { return .failure(error) }
        if call.metadataRestricted, parameters.q != nil {
            return .failure(.forbidden("Metadata scope does not support 'q' parameter"))
        }
        let snapshot = mailbox(call.email)
        var query: GmailQuery?
        if let text = parameters.q, !text.allSatisfy(\.isWhitespace) {
            // Gmail says only "Invalid query"; the parser's detail (which token, where) is not sent.
            do { query = try GmailQuery.parse(text, mailboxOwner: snapshot?.address ?? call.email) } catch {
                return .failure(.invalidArgument(GmailQueryError.gmailMessage))
            }
        }
        guard let mailbox = snapshot else {
            return parameters.pageToken == nil ? .success(call.json(["resultSizeEstimate": 0])) : .failure(.invalidArgument("Invalid pageToken"))
        }

        // SPAM and TRASH stay hidden unless includeSpamTrash, the query, or a labelIds value asks for them.
        let showSpamAndTrash = parameters.includeSpamTrash || query?.mentionsSpamOrTrash == true
        let hidden = Set(["SPAM", "TRASH"]).subtracting(parameters.labelIds)
        let required = parameters.labelIds
        let now = authority.clock.now()
        let key = PageToken.key(q: parameters.q, labelIds: parameters.labelIds, includeSpamTrash: parameters.includeSpamTrash)
        var cursor: StoredMessage?
        if let token = parameters.pageToken {
            guard let id = PageToken.decode(token, key: key), let message = mailbox.message(id) else {
                return .failure(.invalidArgument("Invalid pageToken"))
            }
            cursor = message
        }

        // One pass, newest first: count every match, keep the page after the cursor, note whether more follow.
        var total = 0
        var page: [StoredMessage] = []
        var more = false
        for message in mailbox.messages {
            if !showSpamAndTrash, message.inSpamOrTrash, hidden.contains(where: message.hasLabel) { continue }
            if !required.isEmpty, !required.allSatisfy(message.hasLabel) { continue }
            if let query, !query.matches(message.searchDocument, now: now) { continue }
            total += 1
            if let cursor, !Mailbox.newerFirst(cursor, message) { continue }
            if page.count < parameters.maxResults { page.append(message) } else { more = true }
        }

        var members: [(String, JSONValue)] = []
        if !page.isEmpty {
            members.append(("messages", .array(page.map { .object([("id", .string($0.id)), ("threadId", .string($0.threadId))]) })))
        }
        if more, let last = page.last {
            members.append(("nextPageToken", .string(PageToken.encode(lastMessage: last.numericID, key: key))))
        }
        members.append(("resultSizeEstimate", .number(total)))
        return .success(call.json(.object(members)))
    }
}
