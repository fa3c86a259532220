import DrydockCore
import DrydockHTTP
import GoogleOAuthEmulator

/// A write, planned against the mailbox as it is: the changes to apply, then the answer built from the
/// mailbox as they leave it.
struct WritePlan<Answer> {
    var changes: [MailboxChange]
    var answer: (Mailbox) -> Answer

    init(_ changes: [MailboxChange], answer: @escaping (Mailbox) -> Answer) {
        self.changes = changes
        self.answer = answer
    }
}

/// The one path by which the API changes a mailbox: plan, apply, log (with `--data-dir`), answer.
extension GmailEmulator {
    /// Plans a write on `email`'s mailbox (an empty one when the account has none yet; it is kept only
    /// when the write changes something) and applies it under the lock, so writes are serialized and
    /// the log's order is theirs. With a data directory, the changes are on disk before the answer is
    /// built; when they cannot be written the client gets a 500 (the change stays in memory, its
    /// outcome unknown to the client, as DynamoDB does).
    func write<Answer>(
        _ email: String, address: String, _ plan: (Mailbox, inout UInt64) -> Result<WritePlan<Answer>, GmailError>
    ) -> Result<Answer, GmailError> {
        state.withLock { state -> Result<Answer, GmailError> in
            // Taken out of the state while it changes, so the change copies nothing (no other reference
            // to its storage may live past this point).
            var mailbox: Mailbox
            let hadMailbox: Bool
            if let taken = state.mailboxes.removeValue(forKey: email) {
                mailbox = taken
                hadMailbox = true
            } else {
                mailbox = newMailbox(email, address: address)
                hadMailbox = false
            }
            let write: WritePlan<Answer>
            switch plan(mailbox, &state.sendSequence) {
            case .success(let planned):
                write = planned
            case .failure(let error):
                if hadMailbox { state.mailboxes[email] = mailbox }
                return .failure(error)
            }
            for change in write.changes { mailbox.apply(change) }
            if hadMailbox || !write.changes.isEmpty { state.mailboxes[email] = mailbox }
            if let dataStore, !write.changes.isEmpty {
                let record: JSONValue = [
                    "mailbox": .string(email), "address": .string(mailbox.address),
                    "changes": .array(write.changes.map(\.json)),
                ]
                let mailboxes = state.mailboxes
                do {
                    try dataStore.append(record) { GmailSnapshot.files(mailboxes) }
                } catch {
                    return .failure(GmailError(.canonical(status: 500)))
                }
            }
            return .success(write.answer(mailbox))
        }
    }

    /// The mailbox an account without one starts with: empty, its history from `profiles.json`.
    func newMailbox(_ email: String, address: String) -> Mailbox {
        Mailbox(address: address, userLabels: [], messages: [], historyId: profiles[email].flatMap { UInt64($0.historyId) } ?? 1000)
    }

    /// The display address of the caller's mailbox.
    func address(for call: GmailCall) -> String {
        profiles[call.email]?.emailAddress ?? call.grant.email
    }

    /// The current virtual time in milliseconds since 1970.
    var nowMilliseconds: Int64 {
        Int64((authority.clock.now().timeIntervalSince1970 * 1000).rounded(.down))
    }
}

extension GmailCall {
    /// 204 with no body: what Gmail answers for deletes, batch operations and `stop`.
    var noContent: HTTPResponse { HTTPResponse(status: 204) }
}
