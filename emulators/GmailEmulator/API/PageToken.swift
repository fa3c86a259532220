/// `nextPageToken`: an opaque decimal string (Gmail's look like `17777013873299207940`) naming the
/// last message of the page, mixed with a key derived from the listing's filters. A cursor rather than
/// an offset, so a message sent between two page requests neither repeats nor skips a message, and
/// asking for the same page twice gives the same token.
struct PageToken {
    /// The key for a listing: its filters, in a canonical form.
    static func key(q: String?, labelIds: [String], includeSpamTrash: Bool) -> UInt64 {
        let text = "\(q ?? "")\u{0}\(labelIds.sorted().joined(separator: ","))\u{0}\(includeSpamTrash)"
        return MessageID.fnv1a(Array(text.utf8))
    }

    static func encode(lastMessage id: UInt64, key: UInt64) -> String {
        String(id ^ key)
    }

    /// The message id a token names, or nil when the text is not a token of this listing's kind.
    static func decode(_ token: String, key: UInt64) -> UInt64? {
        guard token.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let value = UInt64(token) else { return nil }
        return value ^ key
    }
}
