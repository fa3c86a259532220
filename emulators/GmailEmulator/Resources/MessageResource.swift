import DrydockCore

/// The `Message` resource as `users.messages.get` returns it, member order as Gmail sends it:
/// `id`, `threadId`, `labelIds`, `snippet`, then `payload` (full, metadata) or `sizeEstimate` and
/// `raw` (raw), then `sizeEstimate`, `historyId`, `internalDate`.
enum MessageResource {
    static func json(_ message: StoredMessage, format: MessageFormat, metadataHeaders: [String], inlineLimit: Int) -> JSONValue {
        var members: [(String, JSONValue)] = [("id", .string(message.id)), ("threadId", .string(message.threadId))]
        if !message.labelIds.isEmpty { members.append(("labelIds", .array(message.labelIds.map(JSONValue.string)))) }
        // One parse of the stored bytes serves the snippet and the payload.
        let root = message.root
        members.append(("snippet", .string(Snippet.make(from: root.leaves))))
        switch format {
        case .full:
            members.append(("payload", PayloadRenderer.full(root, messageID: message.id, inlineLimit: inlineLimit)))
            members.append(("sizeEstimate", .number(message.sizeEstimate)))
        case .metadata:
            members.append(("payload", PayloadRenderer.metadata(root, only: metadataHeaders)))
            members.append(("sizeEstimate", .number(message.sizeEstimate)))
        case .raw:
            members.append(("sizeEstimate", .number(message.sizeEstimate)))
            members.append(("raw", .string(TransferEncoding.encodeBase64URL(message.raw))))
        default:
            members.append(("sizeEstimate", .number(message.sizeEstimate)))
        }
        members.append(("historyId", .string(message.historyId)))
        members.append(("internalDate", .string(String(message.internalDateMilliseconds))))
        return .object(members)
    }
}
