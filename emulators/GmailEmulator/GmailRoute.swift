import DrydockHTTP

/// One Gmail API method: its HTTP method, its path under `/gmail/v1/` (or `/upload/gmail/v1/` for
/// media uploads), the Google method id used as the operation name, the scopes it accepts, and the
/// RPC name Google reports in error details.
struct GmailMethod: Sendable {
    /// `users.getProfile`.
    let id: String
    let httpMethod: String
    /// Path segments after `/gmail/v1/`; `{name}` captures one segment.
    let pattern: [String]
    /// Any one of these scopes allows the call (Google's "requires one of the following OAuth scopes").
    let acceptedScopes: [String]
    /// `caribou.api.proto.MailboxService.GetProfile`, as Google's ErrorInfo metadata names it.
    let rpcMethod: String
    /// Served under `/upload/gmail/v1/` (media upload) instead of `/gmail/v1/`.
    var upload = false
    /// Only a resumable session's requests (`…&upload_id=…`) use this row: the `PUT`s that carry a
    /// POST method's upload.
    var sessionOnly = false

    /// The captured segments when `segments` matches the pattern.
    func match(_ segments: [String]) -> [String: String]? {
        guard segments.count == pattern.count else { return nil }
        var captures: [String: String] = [:]
        for (part, segment) in zip(pattern, segments) {
            if part.hasPrefix("{") && part.hasSuffix("}") {
                guard !segment.isEmpty else { return nil }
                captures[String(part.dropFirst().dropLast())] = segment
            } else if part != segment {
                return nil
            }
        }
        return captures
    }
}

/// A request resolved to a Gmail method and its path parameters.
struct GmailRoute: Sendable {
    let method: GmailMethod
    let parameters: [String: String]

    init(method: GmailMethod, parameters: [String: String]) {
        self.method = method
        self.parameters = parameters
    }

    static let prefix = "/gmail/v1/"
    static let uploadPrefix = "/upload/gmail/v1/"
    /// The resumable protocol's own path in Gmail's discovery document (`mediaUpload.protocols.resumable`):
    /// the same methods as `uploadPrefix`.
    static let resumablePrefix = "/resumable/upload/gmail/v1/"

    /// Resolves `request` against `methods`; nil when no method matches (Google's 404 page).
    init?(_ request: HTTPRequest, methods: [GmailMethod]) {
        let raw = request.rawPath
        let upload: Bool
        let rest: Substring
        if raw.hasPrefix(Self.prefix) {
            upload = false
            rest = raw.dropFirst(Self.prefix.count)
        } else if raw.hasPrefix(Self.uploadPrefix) {
            upload = true
            rest = raw.dropFirst(Self.uploadPrefix.count)
        } else if raw.hasPrefix(Self.resumablePrefix) {
            upload = true
            rest = raw.dropFirst(Self.resumablePrefix.count)
        } else {
            return nil
        }
        // Split before decoding, so an encoded "/" (%2F) stays inside its segment.
        let segments = rest.split(separator: "/", omittingEmptySubsequences: false)
            .map { PercentEncoding.decode(String($0), plusAsSpace: false) }
        for method in methods where method.httpMethod == request.method && method.upload == upload {
            if let parameters = method.match(segments) {
                self.method = method
                self.parameters = parameters
                return
            }
        }
        return nil
    }
}

/// Gmail's scopes, by the names Google documents.
enum GmailScope {
    static let full = "https://mail.google.com/"
    static let modify = "https://www.googleapis.com/auth/gmail.modify"
    static let compose = "https://www.googleapis.com/auth/gmail.compose"
    static let readonly = "https://www.googleapis.com/auth/gmail.readonly"
    static let metadata = "https://www.googleapis.com/auth/gmail.metadata"
    static let send = "https://www.googleapis.com/auth/gmail.send"
    static let labels = "https://www.googleapis.com/auth/gmail.labels"
    static let insert = "https://www.googleapis.com/auth/gmail.insert"
    static let addonsAction = "https://www.googleapis.com/auth/gmail.addons.current.message.action"
    static let addonsMetadata = "https://www.googleapis.com/auth/gmail.addons.current.message.metadata"
    static let addonsReadonly = "https://www.googleapis.com/auth/gmail.addons.current.message.readonly"
    static let addonsCompose = "https://www.googleapis.com/auth/gmail.addons.current.action.compose"
}
