import DrydockHTTP
import DrydockCore

/// `GET /gmail/v1/users/{userId}/profile`.
extension GmailEmulator {
    func getProfile(_ call: GmailCall) -> Result<HTTPResponse, GmailError> {
        .success(call.json(profile(for: call.email).json))
    }

    /// The account's profile: counted from its mailbox when it has one (history id included), else
    /// the `profiles.json` entry, else an empty mailbox.
    func profile(for email: String) -> GmailProfile {
        let fixture = profiles[email]
        guard let mailbox = mailbox(email) else { return fixture ?? .empty(email) }
        return GmailProfile(
            emailAddress: fixture?.emailAddress ?? mailbox.address, messagesTotal: mailbox.messages.count,
            threadsTotal: mailbox.threadCounts.count, historyId: String(mailbox.historyId))
    }
}
