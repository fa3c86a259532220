import DrydockCore
import GoogleOAuthEmulator

/// A `Label` request body (`labels.create`, `update`, `patch`), checked as Gmail checks it.
///
/// - `name`: required for create and update; 400 "Invalid label name" (verbatim, GAM-team/got-your-back
///   #188, #442) when empty, blank, longer than 225 characters, with control characters, with an empty
///   level (`a//b`, a leading or trailing `/`), or a system label's name in any case (`Inbox`, `SENT`,
///   `Drafts`, …: GAM-team/got-your-back#95). A name another user label has (case-insensitively) is
///   409 "Label name exists or conflicts". Nesting is by `/`; a parent need not exist.
/// - Visibilities: `show`/`hide` and `labelShow`/`labelShowIfUnread`/`labelHide`, else the proto
///   layer's enum error.
/// - `color`: both `textColor` and `backgroundColor`, each from Gmail's palette (`LabelColor.palette`);
///   otherwise 400 (texts assumed).
struct LabelRequest {
    var name: String?
    var messageListVisibility: String??
    var labelListVisibility: String??
    var color: LabelColor??

    static let members: Set<String> = [
        "id", "name", "messageListVisibility", "labelListVisibility", "type", "color",
        "messagesTotal", "messagesUnread", "threadsTotal", "threadsUnread",
    ]
    static let maximumNameLength = 225
    /// Names no user label may take (system labels' names and the web client's folder names).
    static let reservedNames: Set<String> = [
        "inbox", "sent", "sent mail", "draft", "drafts", "spam", "trash", "bin", "starred", "important", "unread", "chat", "chats",
        "all mail", "snoozed", "scheduled", "outbox", "muted",
    ]

    init(_ body: [UInt8]) throws(GmailError) {
        let json = try RequestBody.object(body, members: Self.members)
        name = try RequestBody.string(json, "name", field: "label.name")
        if json["messageListVisibility"] != nil {
            let value = try RequestBody.string(json, "messageListVisibility", field: "label.message_list_visibility")
            if let value, !["show", "hide"].contains(value) {
                throw .invalidValues(field: "label.message_list_visibility", type: "TYPE_ENUM", values: [value])
            }
            messageListVisibility = .some(value)
        }
        if json["labelListVisibility"] != nil {
            let value = try RequestBody.string(json, "labelListVisibility", field: "label.label_list_visibility")
            if let value, !["labelShow", "labelShowIfUnread", "labelHide"].contains(value) {
                throw .invalidValues(field: "label.label_list_visibility", type: "TYPE_ENUM", values: [value])
            }
            labelListVisibility = .some(value)
        }
        if let color = json["color"] {
            if color.isNull {
                self.color = .some(nil)
            } else {
                guard case .object = color else { throw RequestBody.invalidJSONValue(field: "label.color", value: color) }
                try RequestBody.check(color, members: ["textColor", "backgroundColor"])
                let text = try RequestBody.string(color, "textColor", field: "label.color.text_color")
                let background = try RequestBody.string(color, "backgroundColor", field: "label.color.background_color")
                guard let text, let background else {
                    // Assumed text: Gmail requires both colors ("This field is required in order to set the color").
                    throw .invalidArgument("Label color requires both textColor and backgroundColor")
                }
                for value in [text, background] where !LabelColor.palette.contains(value.lowercased()) {
                    // Assumed text.
                    throw .invalidArgument("Label color \(value) is not on the allowed color palette")
                }
                self.color = .some(LabelColor(textColor: text.lowercased(), backgroundColor: background.lowercased()))
            }
        }
    }

    /// `name` checked against Gmail's rules and the mailbox's other labels (`except` is the label
    /// being changed).
    static func checkName(_ name: String?, in mailbox: Mailbox, except id: String?) throws(GmailError) -> String {
        guard let name else { throw invalidName }
        let trimmed = name.trimmingSpacesAndNewlines()
        guard !trimmed.isEmpty, trimmed.count <= maximumNameLength,
              !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }),
              !trimmed.split(separator: "/", omittingEmptySubsequences: false).contains(where: { $0.trimmingSpacesAndNewlines().isEmpty }),
              !reservedNames.contains(trimmed.lowercased()), !GmailLabel.systemIDs.contains(trimmed.uppercased())
        else { throw invalidName }
        if mailbox.userLabels.contains(where: { $0.id != id && $0.name.lowercased() == trimmed.lowercased() }) {
            throw nameConflict
        }
        return trimmed
    }

    static let invalidName = GmailError.invalidArgument("Invalid label name")

    /// 409 for a name in use. The message is verbatim from Gmail; `ABORTED` and reason `duplicate`
    /// are assumed (Google's usual mapping of 409).
    static let nameConflict = GmailError(GoogleAPIError(
        code: 409, status: "ABORTED", message: "Label name exists or conflicts", reason: "duplicate"))

    /// A label as the data directory's log and snapshot store it (`GmailLabel.json`); nil when malformed.
    static func stored(_ json: JSONValue) -> GmailLabel? {
        guard let id = json["id"]?.stringValue, let name = json["name"]?.stringValue else { return nil }
        var color: LabelColor?
        if let text = json["color"]?["textColor"]?.stringValue, let background = json["color"]?["backgroundColor"]?.stringValue {
            color = LabelColor(textColor: text, backgroundColor: background)
        }
        return GmailLabel(
            id: id, name: name, messageListVisibility: json["messageListVisibility"]?.stringValue,
            labelListVisibility: json["labelListVisibility"]?.stringValue, type: json["type"]?.stringValue ?? "user", color: color)
    }
}
