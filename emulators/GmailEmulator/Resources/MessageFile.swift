import DrydockCore

/// An RFC 5322 file (`.eml`) read the way a fixture mailbox reads it, and rendered as
/// `users.messages.get?format=full` would return it: so an offline tool (`drydock bookings parse`)
/// sees exactly the JSON the production Gmail client reads, through the emulator's MIME parser.
public enum MessageFile {
    /// The `Message` resource (format=full) of `raw`; its id comes from `name`, as a fixture file's does,
    /// and its internal date from the `Date:` header. Nil when the bytes have no header fields.
    public static func fullResource(raw: [UInt8], name: String) -> JSONValue? {
        let envelope = MessageEnvelope(raw: raw)
        guard !envelope.headers.isEmpty else { return nil }
        let numericID = MessageID.forFile(name)
        let message = StoredMessage(
            raw: raw, numericID: numericID, slot: 0, threadId: MessageID.string(numericID), labelIds: ["INBOX"],
            historyId: "1", internalDate: envelope.threading.internalDate, fileName: name)
        return MessageResource.json(message, format: .full, metadataHeaders: [], inlineLimit: GmailEmulator.defaultInlineLimit)
    }
}
