import Foundation

/// A parsed Gmail search query (the `q` of `messages.list` and `threads.list`), tested message by
/// message.
///
/// Parse once per request, then call `matches` per message. For big mailboxes keep a
/// `GmailSearchDocument` per message and match against that: the `SearchableMessage` overload folds the
/// fields a term needs on every call.
///
/// The language (support.google.com/mail/answer/7190; dates per
/// developers.google.com/workspace/gmail/api/guides/filtering):
/// - Free words and `"quoted phrases"` match whole words, case- and accent-insensitively, in the subject,
///   body, From/To/Cc/Bcc (names and addresses) and attachment names; `jose@example.com` is the phrase
///   `jose example com`. `name:value` with an unknown name is free text.
/// - `from:` `to:` (To, Cc and Bcc) `cc:` `bcc:` `deliveredto:` `subject:` `filename:` take a word, a
///   quoted phrase or a group; `me` is the mailbox owner when given.
/// - `label:` and `in:<label>` compare names and ids with `/`, `-`, `_` and spaces alike;
///   `in:inbox|sent|trash|bin|spam|draft(s)|starred|important|chat(s)|anywhere`;
///   `is:unread|read|starred|important|chat`; `has:attachment|userlabels|nouserlabels`;
///   `category:primary|personal|social|promotions|updates|forums`. Other values (`is:snoozed`,
///   `has:drive`, …) match nothing.
/// - `after:`/`newer:` (≥) and `before:`/`older:` (<) take `YYYY/MM/DD`, `YYYY-MM-DD`, `MM/DD/YYYY`
///   (midnight America/Los_Angeles) or epoch seconds; `newer_than:`/`older_than:` take `Nd`, `Nm`, `Ny`
///   counted back from `now`.
/// - `larger:`/`size:` (>) and `smaller:` (<) take bytes or `K`/`M`/`G` (binary) multiples.
/// - `-` negates a term, operator or group; `OR` (upper case) binds tighter than the implicit AND; `AND`
///   is accepted; `( )` groups with AND, `{ }` with OR; `a AROUND n b` finds words at most n apart.
/// - Limits: at most `maximumLength` characters and `maximumDepth` nested groups.
public struct GmailQuery: Sendable {
    let root: QueryNode
    let program: QueryProgram

    /// True when the query asks for spam or trash (`in:spam`, `in:trash`, `in:anywhere`, or
    /// `label:spam`/`label:trash`, not negated): `messages.list` then searches SPAM and TRASH too, as
    /// Gmail does without `includeSpamTrash`.
    public let mentionsSpamOrTrash: Bool

    /// The longest query accepted, in characters: 8,192. Longer ones are an "Invalid query" 400.
    /// Assumed: Google documents no limit for `q` (its front end refuses request lines of several
    /// kilobytes anyway); the emulator needs one so a query's cost per message stays bounded.
    public static let maximumLength = 8_192

    /// How deep `( )` and `{ }` groups may nest: 64. Deeper is an "Invalid query" 400 naming the
    /// opener that went past it. Assumed (not documented by Google); real queries nest a few levels.
    public static let maximumDepth = 64

    init(root: QueryNode) {
        self.root = root
        self.program = QueryProgram(root)
        self.mentionsSpamOrTrash = root.mentionsSpamOrTrash()
    }

    /// Parses `text`; `from:me`/`to:me` then mean the literal word "me". An empty query matches every
    /// message.
    public static func parse(_ text: String) throws(GmailQueryError) -> GmailQuery {
        try parse(text, mailboxOwner: nil)
    }

    /// Parses `text` for the mailbox of `mailboxOwner` (an email address): `from:me`, `to:me`, `cc:me`,
    /// `bcc:me` and `deliveredto:me` mean that address.
    public static func parse(_ text: String, mailboxOwner: String?) throws(GmailQueryError) -> GmailQuery {
        let length = text.count
        guard length <= maximumLength else {
            throw GmailQueryError(
                message: "the query is \(length) characters long; at most \(maximumLength) are accepted",
                position: maximumLength + 1, token: "")
        }
        var parser = QueryParser(tokens: try QueryLexer.tokens(text), mailboxOwner: mailboxOwner)
        return GmailQuery(root: try parser.parse())
    }

    /// Whether `message` matches; `now` (the virtual clock) anchors `newer_than:`/`older_than:`.
    public func matches(_ message: any SearchableMessage, now: Date) -> Bool {
        var fields = LazyFields(message)
        return QueryEvaluator.matches(program, &fields, now: now.searchMilliseconds)
    }

    /// Whether a term reads the message text (words, phrases, AROUND, `has:attachment`).
    var readsText: Bool { program.readsText }

    /// Whether operation number `operation` of the program (a subtree) matches `message`: the mailbox
    /// index checks long phrases and AROUND this way on the few messages holding all their words.
    func matches(operation: Int, of message: any SearchableMessage, now: Date) -> Bool {
        var fields = LazyFields(message)
        return program.ops.withUnsafeBufferPointer { ops in
            program.pool.withUnsafeBufferPointer { pool in
                QueryEvaluator(ops: ops, pool: pool, now: now.searchMilliseconds).evaluate(operation, &fields)
            }
        }
    }

    /// Whether the message `document` was built from matches. The fast path: no folding, and no
    /// allocation except for AROUND.
    public func matches(_ document: GmailSearchDocument, now: Date) -> Bool {
        var fields = IndexedFields(document: document)
        return QueryEvaluator.matches(program, &fields, now: now.searchMilliseconds)
    }
}
