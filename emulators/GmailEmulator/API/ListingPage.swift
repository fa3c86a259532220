import DrydockCore
import DrydockHTTP

/// One page of a newest-first listing (`messages.list`, `drafts.list`): every match counted, the items
/// after the cursor up to the page size, and whether more follow.
struct ListingPage<Item> {
    var total = 0
    var items: [(message: StoredMessage, item: Item)] = []
    var more = false

    /// Pages `matches` (newest first) after `cursor`.
    init(_ matches: some Sequence<(StoredMessage, Item)>, after cursor: StoredMessage?, size: Int) {
        for (message, item) in matches {
            total += 1
            if let cursor, !Mailbox.newerFirst(cursor, message) { continue }
            if items.count < size { items.append((message, item)) } else { more = true }
        }
    }

    /// The `nextPageToken` member, when more follow.
    func nextPageToken(key: UInt64) -> [(String, JSONValue)] {
        guard more, let last = items.last else { return [] }
        return [("nextPageToken", .string(PageToken.encode(lastMessage: last.message.numericID, key: key)))]
    }
}

extension GmailEmulator {
    /// The message a `pageToken` names (nil without a token); 400 "Invalid pageToken" for one that is
    /// not a token of this listing or names a message no longer there.
    func listingCursor(_ token: String?, key: UInt64, in mailbox: Mailbox) -> Result<StoredMessage?, GmailError> {
        guard let token else { return .success(nil) }
        guard let id = PageToken.decode(token, key: key), let message = mailbox.message(id) else {
            return .failure(.invalidArgument("Invalid pageToken"))
        }
        return .success(message)
    }

    /// The answer of a listing for an account without a mailbox: nothing, or 400 for any page token.
    func emptyListing(_ call: GmailCall, _ parameters: ListParameters) -> Result<HTTPResponse, GmailError> {
        parameters.pageToken == nil ? .success(call.json(["resultSizeEstimate": 0])) : .failure(.invalidArgument("Invalid pageToken"))
    }
}
