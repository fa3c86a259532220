/// What a fault rule does to a request it fires on. Built with the static constructors
/// (`.status(503, retryAfter: 2)`, `.latency(milliseconds: 800)`, `.malformed(.html)`, …); see `FaultRule`
/// for the JSON form.
public struct FaultAction: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case status(StatusReply)
        case latency(milliseconds: Int)
        case malformed(MalformedKind)
        case reset(afterHandling: Bool)
        case closeMidBody(bytes: Int?)
        case hang(afterHandling: Bool)
        case expireTokens
    }

    /// An injected status response.
    struct StatusReply: Sendable, Equatable {
        var status: Int
        /// The error reason to ask the service for (`userRateLimitExceeded`); nil for its usual body.
        var reason: String?
        var retryAfter: Int?
        var body: String?
        var contentType: String?
        var headers: [(name: String, value: String)]

        static func == (lhs: StatusReply, rhs: StatusReply) -> Bool {
            lhs.status == rhs.status && lhs.reason == rhs.reason && lhs.retryAfter == rhs.retryAfter && lhs.body == rhs.body
                && lhs.contentType == rhs.contentType
                && lhs.headers.elementsEqual(rhs.headers) { $0.name == $1.name && $0.value == $1.value }
        }
    }

    let kind: Kind

    /// Answers with `status` instead of the emulator: the service's own error body
    /// (`ServiceEmulator.errorResponse(status:reason:for:)`, with `reason` choosing among the service's
    /// bodies for that status) unless `body` is given. `retryAfter` adds a `Retry-After` header (seconds);
    /// `headers` are set on the response last.
    public static func status(
        _ status: Int, reason: String? = nil, retryAfter: Int? = nil, body: String? = nil, contentType: String? = nil,
        headers: [(name: String, value: String)] = []
    ) -> FaultAction {
        FaultAction(kind: .status(StatusReply(
            status: status, reason: reason, retryAfter: retryAfter, body: body, contentType: contentType, headers: headers)))
    }

    /// Waits `milliseconds` (over HTTP without holding a server thread: see `EdgeRouter.respondWithoutWaiting(to:)`),
    /// then lets the request through.
    public static func latency(milliseconds: Int) -> FaultAction { FaultAction(kind: .latency(milliseconds: milliseconds)) }

    /// Answers with a broken response of the given kind.
    public static func malformed(_ kind: MalformedKind) -> FaultAction { FaultAction(kind: .malformed(kind)) }

    /// Resets the connection (TCP RST). With `afterHandling`, the emulator handles the request first, so its
    /// side effects happen although the client never sees the answer.
    public static func reset(afterHandling: Bool = false) -> FaultAction { FaultAction(kind: .reset(afterHandling: afterHandling)) }

    /// Delivers the real response but closes the connection after `bytes` body bytes (default: half).
    public static func closeMidBody(bytes: Int? = nil) -> FaultAction { FaultAction(kind: .closeMidBody(bytes: bytes)) }

    /// Never answers. With `afterHandling`, the emulator handles the request first.
    public static func hang(afterHandling: Bool = false) -> FaultAction { FaultAction(kind: .hang(afterHandling: afterHandling)) }

    /// Expires every access token any emulator has issued, then lets the request through.
    public static let expireTokens = FaultAction(kind: .expireTokens)

    /// The action's `type` in JSON and in the journal: `status`, `latency`, `malformed`, `reset`,
    /// `close-mid-body`, `hang`, `expire-tokens`.
    public var type: String {
        switch kind {
        case .status: "status"
        case .latency: "latency"
        case .malformed: "malformed"
        case .reset: "reset"
        case .closeMidBody: "close-mid-body"
        case .hang: "hang"
        case .expireTokens: "expire-tokens"
        }
    }

    /// Every action type, in documentation order.
    public static let types = ["status", "latency", "malformed", "reset", "close-mid-body", "hang", "expire-tokens"]
}

/// How a `malformed` fault breaks the response.
public struct MalformedKind: Hashable, Sendable, CustomStringConvertible {
    /// The `kind` name in JSON.
    public let name: String

    /// The real response's body cut in half, as status 200 with a JSON content type.
    public static let truncatedJSON = MalformedKind(name: "truncated-json")
    /// A proxy's 502 HTML error page (`text/html`); the emulator never sees the request.
    public static let html = MalformedKind(name: "html")
    /// Status 200 with an empty body (the real response's headers otherwise kept).
    public static let empty = MalformedKind(name: "empty")
    /// The real response with `Content-Type: text/html`.
    public static let wrongContentType = MalformedKind(name: "wrong-content-type")

    public static let all: [MalformedKind] = [.truncatedJSON, .html, .empty, .wrongContentType]

    /// The kind called `name`, or nil.
    public init?(named name: String) {
        guard let kind = Self.all.first(where: { $0.name == name }) else { return nil }
        self = kind
    }

    private init(name: String) { self.name = name }

    public var description: String { name }
}
