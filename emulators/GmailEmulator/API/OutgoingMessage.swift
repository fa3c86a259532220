import Foundation

/// A message being sent, checked and completed the way Gmail does before storing it under SENT.
///
/// Checks (texts verbatim from Gmail errors quoted in client bug reports): an address in To, Cc or
/// Bcc that is not an address → 400 "Invalid To header" (resp. Cc, Bcc); no recipient at all → 400
/// "Recipient address required". Completion: a missing `From` becomes the sender's address, a
/// missing `Date` and `Message-ID` are added, as Gmail adds them; the headers are prepended in the
/// message's own line-ending style.
struct OutgoingMessage {
    let content: MessageContent

    init(raw: [UInt8], sender: String, now: Date, messageID: String) throws(GmailError) {
        let parsed = MessageContent(raw: raw)
        let headers = parsed.root.headers
        var recipients = 0
        for name in ["To", "Cc", "Bcc"] {
            for field in headers.all(named: name) {
                let addresses = MailAddress.parseList(field.rawValue)
                guard addresses.allSatisfy(\.isValid) else { throw .invalidArgument("Invalid \(name) header") }
                recipients += addresses.count
            }
        }
        guard recipients > 0 else { throw .invalidArgument("Recipient address required") }

        var added: [String] = []
        if headers.first(named: "From") == nil { added.append("From: " + sender) }
        if headers.first(named: "Date") == nil { added.append("Date: " + Self.rfc5322(now)) }
        if headers.first(named: "Message-ID") == nil { added.append("Message-ID: <\(messageID)@mail.gmail.com>") }
        guard !added.isEmpty else {
            content = parsed
            return
        }
        let newline = raw.firstIndex(of: 10).map { $0 > 0 && raw[$0 - 1] == 13 } ?? true ? "\r\n" : "\n"
        content = MessageContent(raw: Array(added.map { $0 + newline }.joined().utf8) + raw)
    }

    /// All recipient addresses, lowercased.
    var recipients: [String] {
        (content.to + content.cc + content.bcc).map { $0.address.lowercased() }
    }

    static func rfc5322(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "EEE, d MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }
}
