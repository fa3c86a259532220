import DrydockCore
import Foundation
@testable import GmailEmulator

/// A small mailbox for the write methods: a two-message thread (a request and its reply), an unread
/// newsletter, and a user label `Label_1` "Bookings" on the request.
enum MailboxFixture {
    static let owner = GmailTestHarness.owner
    static let request = "0001-request.eml"
    static let reply = "0002-reply.eml"
    static let newsletter = "0003-news.eml"

    static func id(_ file: String) -> String { MessageID.string(MessageID.forFile(file)) }

    static func harness(dataDirectory: String? = nil) throws -> GmailTestHarness {
        try GmailTestHarness(
            mailboxes: [owner: [
                request: MailFixtures.plain(subject: "Charter request", date: "Mon, 1 Jun 2026 08:00:00 +0000"),
                reply: MailFixtures.plain(
                    subject: "Re: Charter request", date: "Mon, 1 Jun 2026 09:00:00 +0000", from: owner, to: "ana@clients.example",
                    body: "Confirmed.", extraHeaders: "In-Reply-To: <Charter-request@clients.example>\n"),
                newsletter: MailFixtures.plain(subject: "Harbor news", date: "Tue, 2 Jun 2026 07:00:00 +0000", from: "news@harbor.example"),
            ]],
            labels: [owner: """
            {"labels": [{"id": "Label_1", "name": "Bookings"}],
             "messages": {"\(request)": ["INBOX", "Label_1"], "\(reply)": ["SENT"], "\(newsletter)": ["INBOX", "UNREAD", "CATEGORY_UPDATES"]}}
            """],
            profiles: #"{"profiles": [{"email": "owner@harbor.example", "history_id": "5000"}]}"#,
            dataDirectory: dataDirectory)
    }

    /// A message's `labelIds` through `messages.get`.
    static func labels(_ harness: GmailTestHarness, _ file: String, in emulator: GmailEmulator? = nil) throws -> [String] {
        let message = try harness.call("GET", "/gmail/v1/users/me/messages/\(id(file))?format=minimal", to: emulator).json
        return message["labelIds"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    static func ids(_ json: JSONValue, _ member: String) -> [String] {
        json[member]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
    }
}
