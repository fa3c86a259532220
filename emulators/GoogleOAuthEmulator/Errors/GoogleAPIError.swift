import DrydockCore
import DrydockHTTP

/// An error from a Google REST API, rendered exactly as Google's API front end sends it:
///
/// ```json
/// {"error": {"code": 403, "message": "…", "errors": [{"message": "…", "domain": "global", "reason": "…"}],
///            "status": "PERMISSION_DENIED", "details": [ … ]}}
/// ```
///
/// `errors` (the legacy per-error list) appears only when `errors` is non-empty: Gmail and other older
/// APIs send it, Sheets does not. `details` appears only when non-empty. Extra `headers` (such as
/// `WWW-Authenticate`) travel with the error.
public struct GoogleAPIError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: Int
    /// The canonical status name: `UNAUTHENTICATED`, `PERMISSION_DENIED`, `RESOURCE_EXHAUSTED`, …
    public var status: String
    public var message: String
    public var errors: [Entry]
    /// `google.rpc` detail objects, e.g. an `ErrorInfo`.
    public var details: [JSONValue]
    public var headers: HTTPHeaders

    /// One entry of the legacy `errors` list.
    public struct Entry: Sendable, Equatable {
        public var message: String
        public var domain: String
        public var reason: String
        public var location: String?
        public var locationType: String?

        public init(message: String, domain: String = "global", reason: String, location: String? = nil, locationType: String? = nil) {
            self.message = message
            self.domain = domain
            self.reason = reason
            self.location = location
            self.locationType = locationType
        }

        var json: JSONValue {
            var members: [(String, JSONValue)] = [("message", .string(message)), ("domain", .string(domain)), ("reason", .string(reason))]
            if let location { members.append(("location", .string(location))) }
            if let locationType { members.append(("locationType", .string(locationType))) }
            return .object(members)
        }
    }

    public init(code: Int, status: String, message: String, errors: [Entry] = [], details: [JSONValue] = [], headers: HTTPHeaders = [:]) {
        self.code = code
        self.status = status
        self.message = message
        self.errors = errors
        self.details = details
        self.headers = headers
    }

    /// The common case: one legacy entry with the given reason whose message repeats `message`
    /// (omit `reason` for APIs that send no `errors` list).
    public init(code: Int, status: String, message: String, reason: String?, domain: String = "global") {
        self.init(code: code, status: status, message: message,
                  errors: reason.map { [Entry(message: message, domain: domain, reason: $0)] } ?? [])
    }

    /// The JSON body, members in Google's order.
    public var body: JSONValue {
        var members: [(String, JSONValue)] = [("code", .number(code)), ("message", .string(message))]
        if !errors.isEmpty { members.append(("errors", .array(errors.map(\.json)))) }
        members.append(("status", .string(status)))
        if !details.isEmpty { members.append(("details", .array(details))) }
        return ["error": .object(members)]
    }

    /// The full response: status, Google's API headers plus this error's, and the body.
    public func response(prettyPrint: Bool = true) -> HTTPResponse {
        GoogleAPIResponse.json(code, body, prettyPrint: prettyPrint, extraHeaders: headers)
    }

    /// The response for `request`, honouring its `prettyPrint` parameter and `$.xgafv=2` (the v2 error
    /// format, which leaves the legacy `errors` list out; the last repeat counts: third-party
    /// measurements of Gmail).
    public func response(for request: HTTPRequest) -> HTTPResponse {
        var error = self
        if !errors.isEmpty, request.queryItems.last(where: { $0.name == "$.xgafv" })?.value == "2" { error.errors = [] }
        return error.response(prettyPrint: GoogleAPIResponse.prettyPrint(for: request))
    }

    public var description: String { "\(code) \(status): \(message)" }

    /// A `google.rpc.ErrorInfo` detail, as Google attaches to auth errors.
    public static func errorInfo(reason: String, domain: String = "googleapis.com", metadata: [(String, String)]) -> JSONValue {
        .object([
            ("@type", "type.googleapis.com/google.rpc.ErrorInfo"),
            ("reason", .string(reason)),
            ("domain", .string(domain)),
            ("metadata", .object(metadata.map { ($0.0, .string($0.1)) })),
        ])
    }
}
