import DrydockCore
import DrydockCredentials
import DrydockCrypto
import DrydockHTTP

/// The Gmail API over the shared authorized pipeline: `users.getProfile`, `users.messages.list` with
/// automatic pagination, `users.messages.get` and `users.messages.send`. Retries follow
/// `GoogleAPICaller` (429, 5xx, 403 rate limits, `Retry-After`).
public struct GmailClient: Sendable {
    public static let defaultEndpoint = "https://gmail.googleapis.com"

    public let caller: GoogleAPICaller
    /// Base URL without a trailing slash; `/gmail/v1/…` is appended.
    public let endpoint: String
    public let userID: String

    public init(pipeline: AuthorizedPipeline, endpoint: String = GmailClient.defaultEndpoint, userID: String = "me",
                retry: GoogleAPICaller.Configuration = .init()) {
        caller = GoogleAPICaller(api: "Gmail", pipeline: pipeline, configuration: retry)
        self.endpoint = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
        self.userID = userID
    }

    /// `GMAIL_API_ENDPOINT`, else Google's.
    public init(pipeline: AuthorizedPipeline, environment: Environment, retry: GoogleAPICaller.Configuration = .init()) {
        self.init(pipeline: pipeline, endpoint: environment["GMAIL_API_ENDPOINT"] ?? Self.defaultEndpoint, retry: retry)
    }

    private func url(_ path: String, _ query: [(String, String)] = []) -> String {
        let base = "\(endpoint)/gmail/v1/users/\(PercentEncoding.encode(userID))/\(path)"
        return query.isEmpty ? base : base + "?" + FormEncoding.encode(query)
    }

    /// The mailbox's address and counts.
    public func profile() throws -> GmailProfile {
        let json = try caller.json(ClientRequest(method: "GET", url: url("profile"), headers: ["Accept": "application/json"]))
        guard let email = json["emailAddress"]?.stringValue else { throw malformed("getProfile", "no emailAddress") }
        return GmailProfile(
            emailAddress: email, messagesTotal: json["messagesTotal"]?.intValue ?? 0,
            threadsTotal: json["threadsTotal"]?.intValue ?? 0, historyId: json["historyId"]?.stringValue ?? "")
    }

    /// Every message matching `query` (Gmail search syntax) and all of `labelIDs`, following
    /// `nextPageToken` until the end (or `limit`).
    public func listMessages(
        query: String? = nil, labelIDs: [String] = [], includeSpamTrash: Bool = false, pageSize: Int = 100,
        limit: Int? = nil
    ) throws -> [GmailMessageRef] {
        var refs: [GmailMessageRef] = []
        var pageToken: String?
        var seenTokens = Set<String>()
        repeat {
            var params: [(String, String)] = [("maxResults", String(pageSize))]
            if let query { params.append(("q", query)) }
            for label in labelIDs { params.append(("labelIds", label)) }
            if includeSpamTrash { params.append(("includeSpamTrash", "true")) }
            if let pageToken { params.append(("pageToken", pageToken)) }
            let json = try caller.json(ClientRequest(method: "GET", url: url("messages", params), headers: ["Accept": "application/json"]))
            for item in json["messages"]?.arrayValue ?? [] {
                guard let id = item["id"]?.stringValue else { throw malformed("messages.list", "a message without an id") }
                refs.append(GmailMessageRef(id: id, threadId: item["threadId"]?.stringValue ?? id))
                if let limit, refs.count >= limit { return refs }
            }
            pageToken = json["nextPageToken"]?.stringValue
            if let token = pageToken {
                // A server repeating a page token would loop forever; stop with an error instead.
                guard seenTokens.insert(token).inserted else { throw malformed("messages.list", "nextPageToken repeated") }
            }
        } while pageToken != nil
        return refs
    }

    /// One message in `full` format, with its MIME tree decoded.
    public func message(id: String) throws -> GmailMessage {
        let json = try caller.json(ClientRequest(
            method: "GET", url: url("messages/\(PercentEncoding.encode(id))", [("format", "full")]),
            headers: ["Accept": "application/json"]))
        return try GmailMessage(json: json)
    }

    /// Sends an RFC 822 message; returns the new message's id and thread id.
    @discardableResult
    public func send(rfc822: [UInt8], threadId: String? = nil) throws -> GmailMessageRef {
        var members: [(String, JSONValue)] = [("raw", .string(Base64URL.encode(rfc822)))]
        if let threadId { members.append(("threadId", .string(threadId))) }
        let json = try caller.json(ClientRequest(
            method: "POST", url: url("messages/send"),
            headers: ["Content-Type": "application/json", "Accept": "application/json"],
            body: JSONValue.object(members).bytes))
        guard let id = json["id"]?.stringValue else { throw malformed("messages.send", "no id in the answer") }
        return GmailMessageRef(id: id, threadId: json["threadId"]?.stringValue ?? id)
    }

    private func malformed(_ method: String, _ what: String) -> GoogleServiceError {
        GoogleServiceError(api: "Gmail", httpStatus: 200, status: nil, reason: "malformed", message: "\(method): \(what)")
    }
}

/// `users.getProfile`'s answer.
public struct GmailProfile: Sendable, Equatable {
    public let emailAddress: String
    public let messagesTotal: Int
    public let threadsTotal: Int
    public let historyId: String

    public init(emailAddress: String, messagesTotal: Int, threadsTotal: Int, historyId: String) {
        self.emailAddress = emailAddress
        self.messagesTotal = messagesTotal
        self.threadsTotal = threadsTotal
        self.historyId = historyId
    }
}

/// A message id and its thread, as `messages.list` returns them.
public struct GmailMessageRef: Sendable, Hashable {
    public let id: String
    public let threadId: String
}
