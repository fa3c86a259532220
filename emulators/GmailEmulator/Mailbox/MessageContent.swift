import Foundation

/// Everything Gmail derives from a message's bytes, computed once at load (or send): the MIME tree,
/// the internal date, the threading headers, the snippet and the fields the search engine reads.
struct MessageContent: Sendable {
    let raw: [UInt8]
    let root: MimePart
    /// Milliseconds since 1970 from the `Date:` header, else the newest `Received:` date, else 0.
    let internalDate: Int64
    /// `Message-ID` without angle brackets, lowercased; nil when absent.
    let messageID: String?
    /// Message ids this one answers (`In-Reply-To` and `References`), normalized like `messageID`.
    let referencedIDs: [String]
    let from: [MailAddress]
    let to: [MailAddress]
    let cc: [MailAddress]
    let bcc: [MailAddress]
    /// The decoded subject.
    let subject: String
    /// The visible text of every non-attachment text part, HTML reduced to text.
    let bodyText: String
    /// Gmail's snippet (HTML-escaped, as Gmail sends it).
    let snippet: String
    let attachmentFilenames: [String]

    init(raw: [UInt8]) {
        self.raw = raw
        let root = MimeParser.parse(raw)
        self.root = root
        let headers = root.headers
        func addresses(_ name: String) -> [MailAddress] {
            headers.all(named: name).flatMap { MailAddress.parseList($0.rawValue) }
        }
        let envelope = MessageEnvelope(headers: headers)
        from = envelope.from
        to = addresses("To")
        cc = addresses("Cc")
        bcc = addresses("Bcc")
        subject = headers.first(named: "Subject")?.decodedValue ?? ""
        messageID = envelope.threading.messageID
        referencedIDs = envelope.threading.referencedIDs
        internalDate = envelope.threading.internalDate

        let leaves = root.leaves
        // Each text part is decoded (and HTML reduced) once, for both the body text and the snippet:
        // both were a large share of load time when each computed its own.
        let textLeaves = leaves.filter { !$0.isAttachment && ($0.mimeType == "text/plain" || $0.mimeType == "text/html") }
        let texts = textLeaves.map { $0.mimeType == "text/html" ? HTMLText.text($0.text) : $0.text }
        bodyText = texts.joined(separator: "\n")
        let snippetSource = textLeaves.firstIndex { $0.mimeType == "text/plain" } ?? textLeaves.firstIndex { $0.mimeType == "text/html" }
        snippet = snippetSource.map { Snippet.make(fromText: texts[$0]) } ?? ""
        attachmentFilenames = leaves.filter(\.isAttachment).map(\.filename)
    }

    /// Gmail's internal date: when the message arrived. Fixtures have no arrival time, so the `Date:`
    /// header stands in, then the newest `Received:` stamp (its date follows the last `;`).
    static func internalDate(_ headers: [MimeHeaderField]) -> Int64 {
        if let value = headers.first(named: "Date")?.rawValue, let date = MessageDate.parse(value) {
            return Int64((date.timeIntervalSince1970 * 1000).rounded())
        }
        for received in headers.all(named: "Received") {
            if let semicolon = received.rawValue.lastIndex(of: ";"),
               let date = MessageDate.parse(String(received.rawValue[received.rawValue.index(after: semicolon)...])) {
                return Int64((date.timeIntervalSince1970 * 1000).rounded())
            }
        }
        return 0
    }

    /// The `<id>` tokens of a Message-ID, In-Reply-To or References value, brackets removed, lowercased.
    static func messageIDs(in value: String) -> [String] {
        var ids: [String] = []
        var rest = Substring(value)
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            let id = rest[rest.index(after: open)..<close].trimmingSpaces().lowercased()
            if !id.isEmpty { ids.append(id) }
            rest = rest[rest.index(after: close)...]
        }
        if ids.isEmpty {
            let bare = value.trimmingSpaces().lowercased()
            if !bare.isEmpty, !bare.contains(" ") { ids.append(bare) }
        }
        return ids
    }
}
