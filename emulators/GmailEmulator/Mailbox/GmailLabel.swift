import DrydockCore

/// A label as `users.labels.*` report it.
public struct GmailLabel: Sendable, Equatable {
    public let id: String
    public var name: String
    /// `show` / `hide`; nil when Gmail sends no such member.
    public var messageListVisibility: String?
    /// `labelShow` / `labelShowIfUnread` / `labelHide`; nil when absent.
    public var labelListVisibility: String?
    /// `system` or `user`.
    public let type: String
    /// `color` (user labels only): both hex strings from Gmail's palette, or nil.
    public var color: LabelColor?

    public init(id: String, name: String, messageListVisibility: String? = nil, labelListVisibility: String? = nil,
                type: String = "user", color: LabelColor? = nil) {
        self.id = id
        self.name = name
        self.messageListVisibility = messageListVisibility
        self.labelListVisibility = labelListVisibility
        self.type = type
        self.color = color
    }

    /// The resource, members in Gmail's order (`labels.list` sends no counts).
    var json: JSONValue { json(counts: nil) }

    /// The resource with the counts `labels.get` adds.
    func json(counts: LabelCounts?) -> JSONValue {
        var members: [(String, JSONValue)] = [("id", .string(id)), ("name", .string(name))]
        if let messageListVisibility { members.append(("messageListVisibility", .string(messageListVisibility))) }
        if let labelListVisibility { members.append(("labelListVisibility", .string(labelListVisibility))) }
        members.append(("type", .string(type)))
        if let counts {
            members.append(("messagesTotal", .number(counts.messagesTotal)))
            members.append(("messagesUnread", .number(counts.messagesUnread)))
            members.append(("threadsTotal", .number(counts.threadsTotal)))
            members.append(("threadsUnread", .number(counts.threadsUnread)))
        }
        if let color {
            members.append(("color", .object([("textColor", .string(color.textColor)), ("backgroundColor", .string(color.backgroundColor))])))
        }
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

/// A user label's colors.
public struct LabelColor: Sendable, Equatable {
    public var textColor: String
    public var backgroundColor: String

    public init(textColor: String, backgroundColor: String) {
        self.textColor = textColor
        self.backgroundColor = backgroundColor
    }

    /// The only values Gmail accepts for either color (from the `LabelColor` schema of Gmail's
    /// discovery document), lowercase.
    static let palette: Set<String> = [
        "#000000", "#434343", "#666666", "#999999", "#cccccc", "#efefef", "#f3f3f3", "#ffffff",
        "#fb4c2f", "#ffad47", "#fad165", "#16a766", "#43d692", "#4a86e8", "#a479e2", "#f691b3",
        "#f6c5be", "#ffe6c7", "#fef1d1", "#b9e4d0", "#c6f3de", "#c9daf8", "#e4d7f5", "#fcdee8",
        "#efa093", "#ffd6a2", "#fce8b3", "#89d3b2", "#a0eac9", "#a4c2f4", "#d0bcf1", "#fbc8d9",
        "#e66550", "#ffbc6b", "#fcda83", "#44b984", "#68dfa9", "#6d9eeb", "#b694e8", "#f7a7c0",
        "#cc3a21", "#eaa041", "#f2c960", "#149e60", "#3dc789", "#3c78d8", "#8e63ce", "#e07798",
        "#ac2b16", "#cf8933", "#d5ae49", "#0b804b", "#2a9c68", "#285bac", "#653e9b", "#b65775",
        "#822111", "#a46a21", "#aa8831", "#076239", "#1a764d", "#1c4587", "#41236d", "#83334c",
        "#464646", "#e7e7e7", "#0d3472", "#b6cff5", "#0d3b44", "#98d7e4", "#3d188e", "#e3d7ff",
        "#711a36", "#fbd3e0", "#8a1c0a", "#f2b2a8", "#7a2e0b", "#ffc8af", "#7a4706", "#ffdeb5",
        "#594c05", "#fbe983", "#684e07", "#fdedc1", "#0b4f30", "#b3efd3", "#04502e", "#a2dcc1",
        "#c2c2c2", "#4986e7", "#2da2bb", "#b99aff", "#994a64", "#f691b2", "#ff7537", "#ffad46",
        "#662e37", "#ebdbde", "#cca6ac", "#094228", "#42d692", "#16a765", "#757575", "#1e53b8",
        "#007286", "#7858c3", "#c2185b", "#d93025", "#54240e", "#633e04", "#521d28", "#202124",
        "#083018",
    ]
}

/// `labels.get`'s counts: messages and threads carrying the label, and those of them unread.
struct LabelCounts {
    var messagesTotal = 0
    var messagesUnread = 0
    var threadsTotal = 0
    var threadsUnread = 0
}
