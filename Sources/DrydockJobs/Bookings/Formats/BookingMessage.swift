import DrydockServices
import Foundation

/// A message as the formats read it: the headers the `match` rules look at and the three places fields
/// are found (the plain part, the HTML part as text, the subject). Made from a live Gmail message or
/// from an `.eml` file through the same `GmailMessage`.
public struct BookingMessage: Sendable {
    public let id: String
    public let subject: String
    public let sender: String
    public let listId: String
    public let receivedAt: Date
    public let plainText: String
    private let html: HTMLPart

    /// `htmlText` is the HTML part already turned into text.
    public init(id: String, subject: String, sender: String, listId: String = "", receivedAt: Date, plainText: String, htmlText: String = "") {
        self.id = id
        self.subject = subject
        self.sender = sender
        self.listId = listId
        self.receivedAt = receivedAt
        // Labels are looked for line by line in the whole text: a confirmation is a few KB, so a huge
        // part is cut where the regexes would stop reading anyway.
        self.plainText = MatchBudget.capped(plainText)
        html = HTMLPart(text: MatchBudget.capped(htmlText))
    }

    public init(_ message: GmailMessage) {
        self.init(
            id: message.id, subject: message.header("Subject") ?? "", sender: message.header("From") ?? "",
            listId: message.header("List-Id") ?? "", receivedAt: message.internalDate, plainText: message.plainText)
        if !message.html.isEmpty { html.source = message.html }
    }

    /// The HTML part with tags removed, one table row a line: made on first use (most confirmations are
    /// read from their plain part, and a month of mail is thousands of messages).
    public var htmlText: String { html.text }

    func text(of source: BookingFormat.Source) -> String {
        switch source {
        case .text: plainText
        case .html: htmlText
        case .subject: subject
        }
    }

    /// The plain part, else the HTML as text (what the warnings' booking id is looked for in).
    var bodyText: String { plainText.isEmpty ? htmlText : plainText }

    /// The sender's address, lowercased (`Harbor <b@h.example>` → `b@h.example`).
    var senderAddress: String { MailAddress.address(sender).lowercased() }
}

/// The HTML part, turned into text once, when a format first looks at it.
private final class HTMLPart: @unchecked Sendable {
    private let lock = NSLock()
    /// The HTML, until it is turned into text.
    var source: String?
    private var converted: String

    init(text: String) { converted = text }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        if let html = source {
            converted = MatchBudget.capped(HTMLText.plain(html))
            source = nil
        }
        return converted
    }
}
