import DrydockCore

/// The `payload` `MessagePart` tree. Part ids: "" for the root, "0", "1", … for its children,
/// "0.0", "0.1", … below those. Headers are every field of the part in file order, values unfolded
/// and RFC 2047 decoded. Bodies: `{"size": 0}` for multiparts; `{"size", "data"}` (base64url of
/// the transfer-decoded bytes) for inline leaves; `{"attachmentId", "size"}` for attachments.
enum PayloadRenderer {
    /// `format=full`: the tree of `root`, the parse of message `messageID`.
    static func full(_ root: MimePart, messageID: String, inlineLimit: Int) -> JSONValue {
        part(root, partId: "", path: [], messageID: messageID, inlineLimit: inlineLimit)
    }

    /// `format=metadata`: the root's MIME type and headers only, filtered by `metadataHeaders`
    /// (case-insensitive) when any are given.
    static func metadata(_ root: MimePart, only names: [String]) -> JSONValue {
        let wanted = Set(names.map { $0.lowercased() })
        let headers = wanted.isEmpty ? root.headers : root.headers.filter { wanted.contains($0.name.lowercased()) }
        return .object([("mimeType", .string(root.mimeType)), ("headers", headersJSON(headers))])
    }

    private static func part(_ part: MimePart, partId: String, path: [Int], messageID: String, inlineLimit: Int) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("partId", .string(partId)),
            ("mimeType", .string(part.mimeType)),
            ("filename", .string(part.isMultipart ? "" : part.filename)),
            ("headers", headersJSON(part.headers)),
        ]
        if part.isMultipart && !part.parts.isEmpty {
            members.append(("body", ["size": 0]))
            let children = part.parts.enumerated().map { index, child in
                Self.part(child, partId: partId.isEmpty ? String(index) : "\(partId).\(index)", path: path + [index],
                          messageID: messageID, inlineLimit: inlineLimit)
            }
            members.append(("parts", .array(children)))
        } else if StoredMessage.servesAsAttachment(part, inlineLimit: inlineLimit) {
            members.append(("body", .object([
                ("attachmentId", .string(AttachmentID.make(messageID: messageID, path: path))),
                ("size", .number(part.body.count)),
            ])))
        } else if part.body.isEmpty {
            members.append(("body", ["size": 0]))
        } else {
            members.append(("body", .object([
                ("size", .number(part.body.count)),
                ("data", .string(TransferEncoding.encodeBase64URL(part.body))),
            ])))
        }
        return .object(members)
    }

    private static func headersJSON(_ headers: [MimeHeaderField]) -> JSONValue {
        .array(headers.map { .object([("name", .string($0.name)), ("value", .string($0.decodedValue))]) })
    }
}
