import Foundation

/// What the search language can see of a message. The mailbox store's message type conforms to this;
/// `GmailQuery` never sees anything else.
///
/// Addresses are header-style strings, either `"José Álvarez <jose@example.com>"` or bare
/// `"jose@example.com"`; both the display name and the address are searchable.
public protocol SearchableMessage {
    var from: [String] { get }
    var to: [String] { get }
    var cc: [String] { get }
    var bcc: [String] { get }
    var subject: String { get }
    /// The decoded text of the body (text/plain, or text/html stripped of tags).
    var bodyText: String { get }
    /// Label ids as the API reports them: `INBOX`, `UNREAD`, `CATEGORY_PROMOTIONS`, `Label_12`, …
    var labelIds: [String] { get }
    /// Display names of the message's labels (`Partners/CharterHub`); system labels may be omitted.
    var labelNames: [String] { get }
    var internalDate: Date { get }
    var attachmentFilenames: [String] { get }
    var hasAttachment: Bool { get }
    var sizeEstimate: Int { get }
}
