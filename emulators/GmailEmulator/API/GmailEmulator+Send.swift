import DrydockCore
import DrydockHTTP
import Foundation

/// `POST /gmail/v1/users/{userId}/messages/send` (JSON `{"raw", "threadId"}`) and its media-upload
/// twin: the message is checked, completed and stored under SENT with a new id, then readable through
/// `messages.get` and `messages.list` like any other. Answers `{"id", "threadId", "labelIds"}`.
///
/// Labels: `["SENT"]`; a message the sender also addressed to themself is delivered back too,
/// `["UNREAD", "SENT", "INBOX"]`. Threads follow Gmail's documented rule: the message joins
/// `threadId` only when it was given, its `References`/`In-Reply-To` name a message of that thread
/// and its subject matches the thread's (ignoring `Re:`/`Fwd:`); otherwise it starts a thread of its
/// own. A `threadId` the mailbox does not hold is 404 (assumed).
///
/// A send that would take the mailbox past `mailboxQuotaBytes` (all its messages' sizes, fixtures
/// included) is refused with `GmailError.storageQuotaExceeded` and stores nothing.
extension GmailEmulator {
    func sendMessage(_ call: GmailCall) -> Result<HTTPResponse, GmailError> {
        let now = authority.clock.now()
        let milliseconds = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
        let request: SendRequest
        do { request = try SendRequest(call.request, upload: call.route.method.upload) } catch { return .failure(error) }

        let address = profiles[call.email]?.emailAddress ?? call.grant.email
        return state.withLock { state -> Result<HTTPResponse, GmailError> in
            // Taken out of the state while it changes, so the change copies nothing (a mailbox of
            // thousands of messages was copied whole on every send).
            let existing = state.mailboxes.removeValue(forKey: call.email)
            var mailbox = existing ?? Mailbox(
                address: address, userLabels: [], messages: [],
                historyId: profiles[call.email].flatMap { UInt64($0.historyId) } ?? 1000)
            let hadMailbox = existing != nil
            var stored = false
            defer { if stored || hadMailbox { state.mailboxes[call.email] = mailbox } }

            let id = Self.mintID(milliseconds: milliseconds, sequence: &state.sendSequence, in: mailbox)
            let idString = MessageID.string(id)
            let outgoing: OutgoingMessage
            let rfcID = "CA" + AttachmentID.make(messageID: idString, path: []).dropFirst(6).prefix(40)
            switch Result(catching: { () throws(GmailError) in try OutgoingMessage(raw: request.raw, sender: address, now: now, messageID: rfcID) }) {
            case .success(let message): outgoing = message
            case .failure(let error): return .failure(error)
            }
            let (total, overflow) = mailbox.storedBytes.addingReportingOverflow(outgoing.content.raw.count)
            guard !overflow, total <= mailboxQuotaBytes else { return .failure(.storageQuotaExceeded) }
            var threadId = idString
            if let requested = request.threadId, !requested.isEmpty {
                guard let thread = Self.thread(requested, in: mailbox) else { return .failure(.notFound) }
                if Self.joins(outgoing.content, thread: thread) { threadId = thread[0].threadId }
            }
            let toSelf = outgoing.recipients.contains(mailbox.address.lowercased())
            let labelIds = toSelf ? ["UNREAD", "SENT", "INBOX"] : ["SENT"]
            let message = StoredMessage(
                content: outgoing.content, numericID: id, threadId: threadId, labelIds: labelIds, labelNames: labelIds,
                historyId: String(mailbox.nextHistoryId()), internalDate: milliseconds, fileName: nil)
            mailbox.insert(message)
            stored = true
            return .success(call.json(.object([
                ("id", .string(message.id)),
                ("threadId", .string(message.threadId)),
                ("labelIds", .array(labelIds.map(JSONValue.string))),
            ])))
        }
    }

    /// A new message id no message of `mailbox` has, as Gmail mints them (`MessageID.forSend`). The
    /// sequence is added, not masked, so a millisecond with more than 2²⁰ sends runs into the next
    /// one's ids instead of reusing its own: each try uses a new sequence number, and only the
    /// mailbox's finitely many ids can be taken, so the search ends.
    static func mintID(milliseconds: Int64, sequence: inout UInt64, in mailbox: Mailbox) -> UInt64 {
        while true {
            sequence &+= 1
            let id = MessageID.forSend(milliseconds: milliseconds, sequence: sequence)
            if mailbox.message(id) == nil { return id }
        }
    }

    /// The messages of thread `id`, or nil when the mailbox has no such thread.
    static func thread(_ id: String, in mailbox: Mailbox) -> [StoredMessage]? {
        guard let numeric = MessageID.parse(id) else { return nil }
        let canonical = MessageID.string(numeric)
        let members = mailbox.messages.filter { $0.threadId == canonical }
        return members.isEmpty ? nil : members
    }

    /// Gmail's threading criteria for a sent message and an existing thread.
    static func joins(_ content: MessageContent, thread: [StoredMessage]) -> Bool {
        let ids = Set(thread.compactMap(\.messageID))
        guard content.referencedIDs.contains(where: ids.contains) else { return false }
        let subject = normalizedSubject(content.subject)
        return thread.contains { normalizedSubject($0.subject) == subject }
    }

    /// A subject without reply and forward prefixes, case-folded.
    static func normalizedSubject(_ subject: String) -> String {
        var text = subject.trimmingCharacters(in: .whitespaces)
        let prefixes = ["re:", "fwd:", "fw:", "aw:", "wg:", "tr:", "sv:", "vs:"]
        var changed = true
        while changed {
            changed = false
            for prefix in prefixes where text.lowercased().hasPrefix(prefix) {
                text = String(text.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
                changed = true
            }
        }
        return text.lowercased()
    }
}
