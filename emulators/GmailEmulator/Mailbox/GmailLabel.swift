import DrydockCore

/// A label as `users.labels.list` reports it.
public struct GmailLabel: Sendable, Equatable {
    public let id: String
    public let name: String
    /// `show` / `hide`; nil when Gmail sends no such member.
    public let messageListVisibility: String?
    /// `labelShow` / `labelShowIfUnread` / `labelHide`; nil when absent.
    public let labelListVisibility: String?
    /// `system` or `user`.
    public let type: String

    public init(id: String, name: String, messageListVisibility: String? = nil, labelListVisibility: String? = nil, type: String = "user") {
        self.id = id
        self.name = name
        self.messageListVisibility = messageListVisibility
        self.labelListVisibility = labelListVisibility
        self.type = type
    }

    /// The resource, members in Gmail's order.
    var json: JSONValue {
        var members: [(String, JSONValue)] = [("id", .string(id)), ("name", .string(name))]
        if let messageListVisibility { members.append(("messageListVisibility", .string(messageListVisibility))) }
        if let labelListVisibility { members.append(("labelListVisibility", .string(labelListVisibility))) }
        members.append(("type", .string(type)))
        return .object(members)
    }

    /// Gmail's system labels in the order `labels.list` returns them, with the visibility members
    /// Gmail sends for them (observed in real `labels.list` output; CHAT, IMPORTANT, TRASH, SPAM and
    /// the categories carry `hide` / `labelHide`, the others none).
    public static let system: [GmailLabel] = {
        func hidden(_ id: String) -> GmailLabel {
            GmailLabel(id: id, name: id, messageListVisibility: "hide", labelListVisibility: "labelHide", type: "system")
        }
        func plain(_ id: String) -> GmailLabel { GmailLabel(id: id, name: id, type: "system") }
        return [
            hidden("CHAT"), plain("SENT"), plain("INBOX"), hidden("IMPORTANT"), hidden("TRASH"), plain("DRAFT"),
            hidden("SPAM"), hidden("CATEGORY_FORUMS"), hidden("CATEGORY_UPDATES"), hidden("CATEGORY_PERSONAL"),
            hidden("CATEGORY_PROMOTIONS"), hidden("CATEGORY_SOCIAL"), plain("STARRED"), plain("UNREAD"),
        ]
    }()

    /// The system label ids a message may carry.
    static let systemIDs: Set<String> = Set(system.map(\.id))
}
