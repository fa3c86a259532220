import Foundation

/// RFC 5322 / MIME pieces for the synthetic mailbox: dates, encoded words, addresses, base64 bodies.
/// Everything is CRLF, as the default fixture set and real delivered mail are.
enum MailText {
    static let crlf = "\r\n"

    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Broken-down UTC time of `epoch` seconds.
    static func utc(_ epoch: Int) -> tm {
        var time = time_t(epoch)
        var parts = tm()
        gmtime_r(&time, &parts)
        return parts
    }

    /// `Sun, 02 Aug 2026 20:33:30 +0000`: the `Date:` header, in UTC as many mail systems write it.
    static func date(_ epoch: Int) -> String {
        let t = utc(epoch)
        return String(format: "%@, %02d %@ %04d %02d:%02d:%02d +0000", weekdays[Int(t.tm_wday)], t.tm_mday,
                      months[Int(t.tm_mon)], t.tm_year + 1900, t.tm_hour, t.tm_min, t.tm_sec)
    }

    /// `2026-08-14`.
    static func isoDay(_ epoch: Int) -> String {
        let t = utc(epoch)
        return String(format: "%04d-%02d-%02d", t.tm_year + 1900, t.tm_mon + 1, t.tm_mday)
    }

    /// `20260802T203330Z`, for iCalendar.
    static func icsStamp(_ epoch: Int) -> String {
        let t = utc(epoch)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", t.tm_year + 1900, t.tm_mon + 1, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec)
    }

    /// The text as is when ASCII, else one RFC 2047 `B` encoded word.
    static func encodedWord(_ text: String) -> String {
        text.utf8.allSatisfy({ $0 < 0x80 }) ? text : "=?UTF-8?B?\(Data(text.utf8).base64EncodedString())?="
    }

    /// `Zoë Müller <zoe@example.net>` with the name encoded when needed (quoted when it holds a comma).
    static func address(_ name: String, _ email: String) -> String {
        let shown = name.utf8.allSatisfy({ $0 < 0x80 }) && name.contains(",") ? "\"\(name)\"" : encodedWord(name)
        return "\(shown) <\(email)>"
    }

    /// Base64 in 76-character lines, as MIME requires (LF here; `message` makes every line end CRLF).
    static func base64(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed])
    }

    /// Header lines joined with CRLF, a blank line, then the body (its LF line ends turned into CRLF).
    static func message(_ headers: [String], body: String) -> String {
        headers.joined(separator: crlf) + crlf + crlf + crlfLines(body)
    }

    /// LF → CRLF (text written in Swift literals has LF line ends); existing CRLF stays. A byte loop:
    /// Foundation's `replacingOccurrences` took a sixth of the generation time.
    static func crlfLines(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + text.utf8.count / 32)
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte == 0x0A && previous != 0x0D { bytes.append(0x0D) }
            bytes.append(byte)
            previous = byte
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A MIME boundary unique within the mailbox.
    static func boundary(_ serial: Int, _ part: Int) -> String { "----=_Part_\(serial)_\(part).1786005615828" }

    /// A `multipart/*` body: preamble, each part (headers + body), closing delimiter.
    static func multipart(boundary: String, parts: [(headers: [String], body: String)]) -> String {
        var text = "This is a multi-part message in MIME format.\n"
        for part in parts {
            text += "\n--\(boundary)\n" + part.headers.joined(separator: "\n") + "\n\n" + part.body
        }
        return text + "\n--\(boundary)--\n"
    }
}
