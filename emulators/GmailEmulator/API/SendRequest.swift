import DrydockCore
import DrydockHTTP

/// What a `users.messages.send` request carries: the RFC 822 bytes and the optional `threadId`,
/// from a JSON `Message` body (`{"raw": base64url, "threadId": …}`) or from a media upload
/// (`/upload/gmail/v1/users/me/messages/send?uploadType=media` with a `message/rfc822` body, or
/// `uploadType=multipart` with a `multipart/related` body: JSON metadata, then the message).
struct SendRequest {
    var raw: [UInt8]
    var threadId: String?

    /// The members of Gmail's `Message` resource a request body may carry.
    static let messageMembers: Set<String> = [
        "id", "threadId", "labelIds", "snippet", "historyId", "internalDate", "payload", "sizeEstimate", "raw",
        "classificationLabelValues",
    ]

    /// Text assumed for a send without a message (recalled from client bug reports, not re-confirmed).
    static let rawRequired = "'raw' RFC822 payload message string or uploading message via /upload/* URL required"

    init(_ request: HTTPRequest, upload: Bool) throws(GmailError) {
        guard upload else {
            let metadata = try Self.metadata(request.body)
            guard let raw = metadata.raw, !raw.isEmpty else { throw .invalidArgument(Self.rawRequired) }
            self.raw = raw
            threadId = metadata.threadId
            return
        }
        switch request.query("uploadType")?.lowercased() {
        case "media":
            raw = request.body
        case "multipart":
            let envelope = "Content-Type: " + (request.headers["Content-Type"] ?? "") + "\r\n\r\n"
            let root = MimeParser.parse(Array(envelope.utf8) + request.body)
            guard root.parts.count >= 2 else { throw .invalidArgument("Invalid multipart request") }
            threadId = try Self.metadata(root.parts[0].body).threadId
            raw = root.parts[1].body
        default:
            // Assumed: Gmail's text for a missing or unsupported upload type (resumable uploads are
            // not emulated).
            throw .invalidArgument("Invalid uploadType")
        }
        guard !raw.isEmpty else { throw .invalidArgument(Self.rawRequired) }
    }

    /// The `raw` bytes and `threadId` of a JSON `Message` body ({} when the body is empty).
    private static func metadata(_ body: [UInt8]) throws(GmailError) -> (raw: [UInt8]?, threadId: String?) {
        guard !body.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 10 || $0 == 13 }) else { return (nil, nil) }
        guard let json = try? JSONValue.parse(body), case .object(let members) = json else { throw .unreadableJSON }
        for (name, _) in members where !messageMembers.contains(name) { throw .unknownJSONName(name) }
        var raw: [UInt8]?
        if let value = json["raw"] {
            guard let text = value.stringValue else { throw .invalidArgument(rawRequired) }
            guard let bytes = TransferEncoding.decodeBase64Strict(text) else {
                // The proto layer's refusal of a bytes field it cannot decode.
                let message = "Invalid value at 'message.raw' (TYPE_BYTES), Base64 decoding failed for \"\(text)\""
                throw GmailError(
                    code: 400, status: "INVALID_ARGUMENT", message: message,
                    errors: [.object([("message", .string(message)), ("reason", "invalid")])],
                    details: [.object([
                        ("@type", "type.googleapis.com/google.rpc.BadRequest"),
                        ("fieldViolations", [.object([("field", "message.raw"), ("description", .string(message))])]),
                    ])])
            }
            raw = bytes
        }
        return (raw, json["threadId"]?.stringValue)
    }
}
