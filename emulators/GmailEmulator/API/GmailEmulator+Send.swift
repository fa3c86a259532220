import DrydockCore
import DrydockHTTP
import Foundation

/// `POST /gmail/v1/users/{userId}/messages/send` (JSON `{"raw", "threadId"}`) and its upload twins
/// (media, multipart, resumable): the message is checked, completed and stored under SENT with a new
/// id, then readable through `messages.get` and `messages.list` like any other. Answers
/// `{"id", "threadId", "labelIds"}`.
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
    func sendMessage(_ call: GmailCall, _ input: MessageUpload) -> Result<HTTPResponse, GmailError> {
        let raw: [UInt8]
        let requestedThread: String?
        do {
            guard let bytes = try input.raw(draft: false) else { return .failure(.invalidArgument(MessageUpload.rawRequired)) }
            raw = bytes
            requestedThread = try input.threadId(draft: false)
        } catch { return .failure(error) }
        let now = authority.clock.now()
        let milliseconds = nowMilliseconds
        let address = address(for: call)
        return write(call.email, address: address) { mailbox, sequence -> Result<WritePlan<HTTPResponse>, GmailError> in
            let id = Self.mintID(milliseconds: milliseconds, sequence: &sequence, in: mailbox)
            let outgoing: OutgoingMessage
            do throws(GmailError) { outgoing = try OutgoingMessage(raw: raw, sender: address, now: now, messageID: Self.rfcMessageID(id)) } catch {
                return .failure(error)
            }
            if let error = checkQuota(mailbox, adding: outgoing.content.raw.count) { return .failure(error) }
            let threadId: String
            switch Self.threadFor(outgoing.content, requested: requestedThread, id: id, in: mailbox) {
            case .success(let thread): threadId = thread
            case .failure(let error): return .failure(error)
            }
            let toSelf = outgoing.recipients.contains(mailbox.address.lowercased())
            let labelIds = toSelf ? ["UNREAD", "SENT", "INBOX"] : ["SENT"]
            let message = NewMessage(
                raw: outgoing.content.raw, content: outgoing.content, id: id, threadId: threadId, labelIds: labelIds, internalDate: milliseconds)
            return .success(WritePlan([.addMessage(message)]) { mailbox in
                call.json(mailbox.message(id)?.minimalJSON ?? .object([]))
            })
        }
    }

    /// The 403 for a message that would take `mailbox` past its quota, or nil.
    func checkQuota(_ mailbox: Mailbox, adding size: Int) -> GmailError? {
        let (total, overflow) = mailbox.storedBytes.addingReportingOverflow(size)
        return !overflow && total <= mailboxQuotaBytes ? nil : .storageQuotaExceeded
    }

    /// The `Message-ID` Gmail gives a sent message without one (`CA…@mail.gmail.com`).
    static func rfcMessageID(_ id: UInt64) -> String {
        "CA" + AttachmentID.make(messageID: MessageID.string(id), path: []).dropFirst(6).prefix(40)
    }

    /// The thread a new message joins: `requested` when it names a thread of the mailbox the message
    /// belongs to by Gmail's rule, else a thread of its own (its id). A requested thread the mailbox
    /// does not hold is 404 (assumed).
    static func threadFor(_ content: MessageContent, requested: String?, id: UInt64, in mailbox: Mailbox) -> Result<String, GmailError> {
        guard let requested, !requested.isEmpty else { return .success(MessageID.string(id)) }
        guard let numeric = MessageID.parse(requested) else { return .failure(.notFound) }
        let thread = mailbox.thread(MessageID.string(numeric))
        guard !thread.isEmpty else { return .failure(.notFound) }
        return .success(joins(content, thread: thread, in: mailbox) ? thread[0].threadId : MessageID.string(id))
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

    /// Gmail's threading criteria for a sent message and an existing thread of `mailbox`: it answers
    /// a message of the thread (looked up by Message-ID), and its subject is one of the thread's.
    static func joins(_ content: MessageContent, thread: [StoredMessage], in mailbox: Mailbox) -> Bool {
        guard let threadId = thread.first?.threadId else { return false }
        let answered = mailbox.messages(withMessageIDs: content.referencedIDs).filter { $0.threadId == threadId }
        guard !answered.isEmpty else { return false }
        let subject = normalizedSubject(content.subject)
        return answered.contains { normalizedSubject($0.subject) == subject } || thread.contains { normalizedSubject($0.subject) == subject }
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
