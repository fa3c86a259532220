/// Gmail's rules for changing a message's labels.
///
/// - Every id must be a system label or one of the mailbox's user labels; SENT, DRAFT and CHAT can be
///   neither added nor removed. Either is 400 "Invalid label: <id>" (verbatim for SENT in
///   googleapis/google-api-php-client#1254; the same text for unknown ids in GAM reports).
/// - A request with nothing to add or remove is 400 "No label add or removes specified" (verbatim,
///   googleapis/google-api-nodejs-client#312).
/// - TRASH and SPAM exclude each other: adding one removes the other, and adding SPAM also removes
///   INBOX, as reporting spam does in Gmail (assumed from the web client's behaviour; the API
///   reference does not say).
enum LabelRules {
    /// Labels no request may add or remove.
    static let fixed: Set<String> = ["SENT", "DRAFT", "CHAT"]

    static func modified(_ current: [String], add: [String], remove: [String], in mailbox: Mailbox) throws(GmailError) -> [String] {
        guard !add.isEmpty || !remove.isEmpty else { throw .invalidArgument("No label add or removes specified") }
        try check(add + remove, in: mailbox)
        return apply(current, add: add, remove: remove)
    }

    /// Refuses unknown and fixed label ids.
    static func check(_ ids: [String], in mailbox: Mailbox) throws(GmailError) {
        for id in ids where fixed.contains(id) || !mailbox.hasLabel(id) { throw .invalidLabel(id) }
    }

    /// `current` with `remove` taken away and `add` appended, then the TRASH/SPAM rule.
    static func apply(_ current: [String], add: [String], remove: [String]) -> [String] {
        var labels = current.filter { !remove.contains($0) }
        for id in add where !labels.contains(id) { labels.append(id) }
        if add.contains("TRASH") { labels.removeAll { $0 == "SPAM" } }
        if add.contains("SPAM") { labels.removeAll { $0 == "TRASH" || $0 == "INBOX" } }
        return labels
    }

    /// `messages.trash`: TRASH added (SPAM removed); the other labels stay, so `untrash` restores them.
    static func trashed(_ current: [String]) -> [String] { apply(current, add: ["TRASH"], remove: []) }

    static func untrashed(_ current: [String]) -> [String] { current.filter { $0 != "TRASH" } }
}
