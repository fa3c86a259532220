/// What loading a message reads of it without parsing its body: the top-level header fields, the
/// threading headers, the internal date and the senders. The body (MIME tree, text, snippet, search
/// terms) is parsed when a request needs it; the background text indexer parses every message once
/// for search (`GmailEmulator+TextIndex.swift`).
struct MessageEnvelope: Sendable {
    let headers: [MimeHeaderField]
    let threading: ThreadingKey
    let from: [MailAddress]

    init(raw: [UInt8]) {
        self.init(headers: HeaderBlock(raw).fields)
    }

    /// The envelope of a message whose top-level fields are `headers`.
    init(headers: [MimeHeaderField]) {
        self.headers = headers
        from = headers.all(named: "From").flatMap { MailAddress.parseList($0.rawValue) }
        let messageID = headers.first(named: "Message-ID").flatMap { MessageContent.messageIDs(in: $0.rawValue).first }
        let referenced = (headers.all(named: "In-Reply-To") + headers.all(named: "References")).flatMap { MessageContent.messageIDs(in: $0.rawValue) }
        threading = ThreadingKey(messageID: messageID, referencedIDs: referenced, internalDate: MessageContent.internalDate(headers))
    }
}
