import DrydockCore
import DrydockHTTP
import GoogleOAuthEmulator

/// An error answer from the Gmail emulator, in Google's JSON error shape. Most are built from a
/// `GoogleAPIError`; the few Gmail sends with a different `errors` entry shape (the proto layer's
/// "Invalid value at …" refusals carry no `domain`) are built member by member.
struct GmailError: Error, Sendable {
    let code: Int
    let body: JSONValue
    let headers: HTTPHeaders

    init(_ error: GoogleAPIError) {
        code = error.code
        body = error.body
        headers = error.headers
    }

    init(code: Int, status: String, message: String, errors: [JSONValue], details: [JSONValue] = []) {
        self.code = code
        var members: [(String, JSONValue)] = [("code", .number(code)), ("message", .string(message))]
        if !errors.isEmpty { members.append(("errors", .array(errors))) }
        members.append(("status", .string(status)))
        if !details.isEmpty { members.append(("details", .array(details))) }
        body = ["error": .object(members)]
        headers = [:]
    }

    func response(for request: HTTPRequest) -> HTTPResponse {
        GoogleAPIResponse.json(code, body, prettyPrint: GoogleAPIResponse.prettyPrint(for: request), extraHeaders: headers)
    }
}

extension GmailError {
    /// 404 for a well-formed id Gmail does not hold.
    static let notFound = GmailError(.canonical(status: 404))

    /// 400 for a message id that is not a positive 64-bit hex number (brekkylab/backlot#39, GitHub
    /// issues quoting `returned "Invalid id value"`).
    static let invalidID = invalidArgument("Invalid id value")

    /// 400 `invalidArgument` with Gmail's text (e.g. "Invalid pageToken", "Recipient address required",
    /// "Invalid To header", "Invalid maxResults" — each seen verbatim in client bug reports).
    static func invalidArgument(_ message: String) -> GmailError {
        GmailError(GoogleAPIError(code: 400, status: "INVALID_ARGUMENT", message: message, reason: "invalidArgument"))
    }

    /// 403 `forbidden` for what the `gmail.metadata` scope may not do ("Metadata scope doesn't allow
    /// format FULL", "Metadata scope does not support 'q' parameter": verbatim from bug reports).
    static func forbidden(_ message: String) -> GmailError {
        GmailError(GoogleAPIError(code: 403, status: "PERMISSION_DENIED", message: message, reason: "forbidden"))
    }

    /// 403 for a send that would take the mailbox past its storage quota. Assumed: Google documents
    /// that a full account cannot send mail but not the API's answer; this is the storage error of
    /// Drive, which shares the account's storage (403, reason `storageQuotaExceeded`, "The user's Drive
    /// storage quota has been exceeded.", verbatim from Drive API reports).
    static let storageQuotaExceeded = GmailError(GoogleAPIError(
        code: 403, status: "PERMISSION_DENIED", message: "The user's Drive storage quota has been exceeded.",
        reason: "storageQuotaExceeded"))

    /// The proto layer's refusal of query parameter values it cannot parse, one line per value:
    /// `Invalid value at 'max_results' (TYPE_UINT32), "abc"`, with a `BadRequest` detail naming the
    /// field for each. The `errors` entry has `reason: invalid` and no `domain`.
    static func invalidValues(field: String, type: String, values: [String]) -> GmailError {
        let lines = values.map { "Invalid value at '\(field)' (\(type)), \"\($0)\"" }
        let message = lines.joined(separator: "\n")
        return GmailError(
            code: 400, status: "INVALID_ARGUMENT", message: message,
            errors: [.object([("message", .string(message)), ("reason", "invalid")])],
            details: [.object([
                ("@type", "type.googleapis.com/google.rpc.BadRequest"),
                ("fieldViolations", .array(lines.map { .object([("field", .string(field)), ("description", .string($0))]) })),
            ])])
    }

    /// 400 for a request body member the Message resource does not have (ESF's JSON transcoder text).
    static func unknownJSONName(_ name: String) -> GmailError {
        let message = "Invalid JSON payload received. Unknown name \"\(name)\": Cannot find field."
        return GmailError(
            code: 400, status: "INVALID_ARGUMENT", message: message,
            errors: [.object([("message", .string(message)), ("reason", "invalid")])],
            details: [.object([
                ("@type", "type.googleapis.com/google.rpc.BadRequest"),
                ("fieldViolations", [.object([("description", .string(message))])]),
            ])])
    }

    /// 400 for a body that is not JSON. Google's full text also quotes the offending input with a
    /// caret; this keeps the first line (assumed).
    static let unreadableJSON: GmailError = {
        let message = "Invalid JSON payload received. Unexpected token."
        return GmailError(code: 400, status: "INVALID_ARGUMENT", message: message,
                          errors: [.object([("message", .string(message)), ("reason", "invalid")])])
    }()
}

extension GmailError {
    /// 400 for a label id a request may not use: unknown, or a system label that cannot be added or
    /// removed ("Invalid label: SENT", verbatim from googleapis/google-api-php-client#1254).
    static func invalidLabel(_ id: String) -> GmailError { invalidArgument("Invalid label: \(id)") }
}
