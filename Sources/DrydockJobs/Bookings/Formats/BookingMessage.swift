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
    /// The HTML part with tags removed, one table row a line.
    public let htmlText: String

    public init(id: String, subject: String, sender: String, listId: String = "", receivedAt: Date, plainText: String, htmlText: String = "") {
        self.id = id
        self.subject = subject
        self.sender = sender
        self.listId = listId
        self.receivedAt = receivedAt
        self.plainText = plainText
        self.htmlText = htmlText
    }

    public init(_ message: GmailMessage) {
        self.init(
            id: message.id, subject: message.header("Subject") ?? "", sender: message.header("From") ?? "",
            listId: message.header("List-Id") ?? "", receivedAt: message.internalDate, plainText: message.plainText,
            htmlText: message.html.isEmpty ? "" : HTMLText.plain(message.html))
    }

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
