import DrydockCore
import DrydockHTTP
import Foundation
import GoogleOAuthEmulator

/// Google's resumable upload protocol for the message-carrying methods (`uploadType=resumable`):
///
/// 1. `POST` (or `PUT` for `drafts.update`) `/upload/gmail/v1/…?uploadType=resumable` with the JSON
///    resource as the body (and optionally `X-Upload-Content-Length`) → 200, no body, the session URI in
///    `Location` (`…&upload_id=…`) and `X-GUploader-UploadID`.
/// 2. `PUT <session URI>` with bytes and `Content-Range: bytes <first>-<last>/<total|*>` (or no
///    `Content-Range`: the body is the whole message) → 308 with `Range: bytes=0-<received-1>` while
///    incomplete; the method's own answer once all `<total>` bytes are in.
/// 3. `PUT <session URI>` with no body and `Content-Range: bytes */<total|*>` asks where the upload
///    stands: 308 with `Range` (none when nothing arrived), or the answer when it is complete.
///
/// A chunk must start at or before the bytes received so far (an overlap is taken from where they
/// end); one that starts after them, or whose length disagrees with its range, is 400. Past the
/// method's documented maximum (`UploadLimits`), or past `maximumHeldBytes` held by all sessions, the
/// upload is 413. At most `maximumSessions` sessions are open; opening another forgets the oldest. Texts
/// of these errors are assumed.
struct ResumableUpload: Sendable {
    let route: GmailRoute
    let email: String
    let grant: GoogleGrant
    let metadata: JSONValue
    let declaredLength: Int?
    let maxBytes: Int
    var received: [UInt8] = []
    let opened: UInt64

    static let maximumSessions = 16
    /// The most bytes all open sessions may hold together (the emulator keeps them in memory); a chunk
    /// past it ends its session with 413.
    static let maximumHeldBytes = 256 << 20
}

/// A parsed `Content-Range` of a session request.
enum ContentRange: Equatable {
    /// `bytes */N` or `bytes */*`: a status query.
    case query(total: Int?)
    /// `bytes a-b/N` or `bytes a-b/*`.
    case chunk(first: Int, last: Int, total: Int?)

    init?(_ header: String) {
        let text = header.trimmingCharacters(in: .whitespaces)
        guard text.hasPrefix("bytes ") else { return nil }
        let spec = text.dropFirst(6).split(separator: "/", omittingEmptySubsequences: false)
        guard spec.count == 2 else { return nil }
        let total: Int?
        if spec[1] == "*" { total = nil } else {
            guard let value = Self.number(spec[1]) else { return nil }
            total = value
        }
        if spec[0] == "*" {
            self = .query(total: total)
            return
        }
        let bounds = spec[0].split(separator: "-", omittingEmptySubsequences: false)
        guard bounds.count == 2, let first = Self.number(bounds[0]), let last = Self.number(bounds[1]), first <= last else { return nil }
        self = .chunk(first: first, last: last, total: total)
    }

    /// Up to 15 ASCII digits (no overflow).
    private static func number(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.count <= 15, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return Int(text)
    }
}

/// The most bytes each upload method takes (`mediaUpload.maxSize` in Gmail's discovery document:
/// 35 MB for send and drafts, 150 MB for insert and import).
enum UploadLimits {
    static func maxBytes(_ methodID: String) -> Int {
        switch methodID {
        case "users.messages.insert", "users.messages.import": 157_286_400
        default: 36_700_160
        }
    }

    /// 413 for an upload past the limit (assumed text and status).
    static func tooLarge(_ limit: Int) -> GmailError {
        GmailError(code: 413, status: "OUT_OF_RANGE", message: "Request Entity Too Large: the maximum upload size is \(limit) bytes",
                   errors: [.object([("message", .string("Request Entity Too Large")), ("domain", "global"), ("reason", "uploadTooLarge")])])
    }
}
