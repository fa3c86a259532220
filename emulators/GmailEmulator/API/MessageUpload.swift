import DrydockCore
import DrydockHTTP

/// What a message-carrying request (send, insert, import, drafts.create/update/send) sent: its JSON
/// resource (a `Message`, or a `Draft` for drafts) and, for media uploads, the RFC 822 bytes.
///
/// `/gmail/v1/…` takes the JSON resource with the message base64url in `raw`; `/upload/gmail/v1/…`
/// takes `uploadType=media` (the message is the body), `uploadType=multipart` (`multipart/related`:
/// JSON metadata, then the message) or `uploadType=resumable` (a session: `ResumableUpload`).
struct MessageUpload: Sendable {
    /// The JSON resource; `{}` when the request sent none.
    var metadata: JSONValue
    /// The uploaded message, for media uploads.
    var media: [UInt8]?

    /// The members of Gmail's `Message` resource a request body may carry.
    static let messageMembers: Set<String> = [
        "id", "threadId", "labelIds", "snippet", "historyId", "internalDate", "payload", "sizeEstimate", "raw",
        "classificationLabelValues",
    ]
    static let draftMembers: Set<String> = ["id", "message"]

    init(metadata: JSONValue, media: [UInt8]?) {
        self.metadata = metadata
        self.media = media
    }

    /// Reads `request` (not a resumable one); `members` are those of the resource the method takes.
    init(_ request: HTTPRequest, upload: Bool, members: Set<String>) throws(GmailError) {
        guard upload else {
            metadata = try Self.resource(request.body, members: members)
            return
        }
        switch request.query("uploadType")?.lowercased() {
        case "media":
            metadata = .object([])
            media = request.body
        case "multipart":
            let envelope = "Content-Type: " + (request.headers["Content-Type"] ?? "") + "\r\n\r\n"
            let root = MimeParser.parse(Array(envelope.utf8) + request.body)
            guard root.parts.count >= 2 else { throw .invalidArgument("Invalid multipart request") }
            metadata = try Self.resource(root.parts[0].body, members: members)
            media = root.parts[1].body
        default:
            // Assumed: Gmail's text for a missing or unsupported upload type.
            throw .invalidArgument("Invalid uploadType")
        }
    }

    /// A JSON resource body whose nested `message` (for drafts) is checked too.
    static func resource(_ body: [UInt8], members: Set<String>) throws(GmailError) -> JSONValue {
        let json = try RequestBody.object(body, members: members)
        if members == draftMembers, let message = json["message"], !message.isNull {
            guard case .object = message else { throw RequestBody.invalidJSONValue(field: "draft.message", value: message) }
            try RequestBody.check(message, members: messageMembers)
        }
        return json
    }

    /// Text assumed for a send without a message (recalled from client bug reports, not re-confirmed).
    static let rawRequired = "'raw' RFC822 payload message string or uploading message via /upload/* URL required"

    /// The `Message` resource: `metadata` itself, or its `message` member for drafts.
    func message(draft: Bool) -> JSONValue {
        draft ? (metadata["message"] ?? .object([])) : metadata
    }

    /// The message bytes: the upload, else the resource's `raw` (nil when neither is there).
    func raw(draft: Bool) throws(GmailError) -> [UInt8]? {
        if let media, !media.isEmpty { return media }
        guard let value = message(draft: draft)["raw"], !value.isNull else { return nil }
        guard let text = value.stringValue else { throw .invalidArgument(Self.rawRequired) }
        guard let bytes = TransferEncoding.decodeBase64Strict(text) else {
            // The proto layer's refusal of a bytes field it cannot decode.
            let field = draft ? "draft.message.raw" : "message.raw"
            let message = "Invalid value at '\(field)' (TYPE_BYTES), Base64 decoding failed for \"\(text)\""
            throw GmailError(
                code: 400, status: "INVALID_ARGUMENT", message: message,
                errors: [.object([("message", .string(message)), ("reason", "invalid")])],
                details: [.object([
                    ("@type", "type.googleapis.com/google.rpc.BadRequest"),
                    ("fieldViolations", [.object([("field", .string(field)), ("description", .string(message))])]),
                ])])
        }
        return bytes.isEmpty ? nil : bytes
    }

    func threadId(draft: Bool) throws(GmailError) -> String? {
        try RequestBody.string(message(draft: draft), "threadId", field: draft ? "draft.message.thread_id" : "message.thread_id")
    }

    func labelIds() throws(GmailError) -> [String] {
        try RequestBody.strings(metadata, "labelIds", field: "message.label_ids")
    }
}
