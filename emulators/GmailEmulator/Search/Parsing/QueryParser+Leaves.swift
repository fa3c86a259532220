/// The test for one term: free text, or an operator and its value.
extension QueryParser {
    /// The test for one term: `op:value`, or free text when `op` is nil.
    func leaf(_ op: SearchOperator?, value: String, token: QueryToken) throws(GmailQueryError) -> QueryNode {
        guard let op else { return Self.phrase(SearchText.words(value), in: .anywhere) }
        if let fields = op.textFields {
            var words = SearchText.words(value)
            if op.acceptsMe, words == ["me"], let ownerWords { words = ownerWords }
            return Self.phrase(words, in: fields)
        }
        let keyword = value.lowercased()
        switch op {
        case .label:
            let key = SearchText.labelKey(value)
            return key.isEmpty ? .constant(false) : .labelKey(key)
        case .is: return Self.status(keyword)
        case .in: return Self.location(keyword, value: value)
        case .has: return Self.feature(keyword)
        case .category: return Self.category(keyword)
        case .after, .newer, .before, .older:
            guard let bound = OperatorValues.date(value, pacific: pacific) else {
                throw Self.badValue(op, value, token, "is not a date (use YYYY/MM/DD, YYYY-MM-DD, MM/DD/YYYY or epoch seconds)")
            }
            return op == .after || op == .newer ? .notBefore(bound) : .before(bound)
        case .newerThan, .olderThan:
            guard let age = OperatorValues.age(value) else {
                throw Self.badValue(op, value, token, "is not an age (use a whole number followed by d, m or y, as in \(op.rawValue):7d)")
            }
            return op == .newerThan ? .newerThan(age) : .not(.newerThan(age))
        case .larger, .size, .smaller:
            guard let bytes = OperatorValues.size(value) else {
                throw Self.badValue(op, value, token, "is not a size (use bytes, or a whole number followed by K or M, as in \(op.rawValue):10M)")
            }
            return op == .smaller ? .smallerThan(bytes) : .largerThan(bytes)
        case .from, .to, .cc, .bcc, .subject, .filename, .deliveredto:
            return .constant(false)  // handled above through textFields
        }
    }

    private static func phrase(_ words: [String], in fields: TextFields) -> QueryNode {
        // A term with no letters or digits (`-`, `&`, `@`) constrains nothing.
        words.isEmpty ? .constant(true) : .phrase(words, in: fields)
    }

    /// `is:` — read state and flags. Statuses the API has no label for (snoozed, muted, scheduled) match
    /// nothing, as do unknown ones.
    private static func status(_ keyword: String) -> QueryNode {
        switch keyword {
        case "unread": return .labelId("UNREAD")
        case "read": return .not(.labelId("UNREAD"))
        case "starred": return .labelId("STARRED")
        case "important": return .labelId("IMPORTANT")
        case "chat": return .labelId("CHAT")
        default: return .constant(false)
        }
    }

    /// `in:` — system folders by label id, `anywhere`, or any label by name (`in:work` = `label:work`).
    private static func location(_ keyword: String, value: String) -> QueryNode {
        switch keyword {
        case "inbox": return .labelId("INBOX")
        case "sent": return .labelId("SENT")
        case "trash", "bin": return .labelId("TRASH")
        case "spam": return .labelId("SPAM")
        case "draft", "drafts": return .labelId("DRAFT")
        case "starred": return .labelId("STARRED")
        case "important": return .labelId("IMPORTANT")
        case "chat", "chats": return .labelId("CHAT")
        case "anywhere": return .anywhere
        case "snoozed", "scheduled": return .constant(false)
        default:
            let key = SearchText.labelKey(value)
            return key.isEmpty ? .constant(false) : .labelKey(key)
        }
    }

    /// `has:` — attachments and user labels; Drive/YouTube links and coloured stars match nothing.
    private static func feature(_ keyword: String) -> QueryNode {
        switch keyword {
        case "attachment": return .hasAttachment
        case "userlabels": return .hasUserLabels
        case "nouserlabels": return .not(.hasUserLabels)
        default: return .constant(false)
        }
    }

    /// `category:` — the inbox tabs by their `CATEGORY_*` label.
    private static func category(_ keyword: String) -> QueryNode {
        switch keyword {
        case "primary", "personal": return .labelId("CATEGORY_PERSONAL")
        case "social": return .labelId("CATEGORY_SOCIAL")
        case "promotions": return .labelId("CATEGORY_PROMOTIONS")
        case "updates": return .labelId("CATEGORY_UPDATES")
        case "forums": return .labelId("CATEGORY_FORUMS")
        default: return .constant(false)
        }
    }
}
