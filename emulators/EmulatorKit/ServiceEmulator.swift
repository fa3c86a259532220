import Foundation
import DrydockHTTP

/// One emulated service behind the edge router. Implementations are plain synchronous types over
/// Mutex-guarded state; the router adds faults and the journal around them.
public protocol ServiceEmulator: AnyObject, Sendable {
    /// The service name used in fault rules and the journal: "oauth", "gmail", "sheets", "dynamodb", "imds".
    var service: String { get }

    /// Whether this emulator handles `request` (by path prefix, X-Amz-Target or SigV4 scope).
    func claims(_ request: HTTPRequest) -> Bool

    /// The operation id for journal and fault matching: "token", "users.getProfile", "GetItem", …
    /// "unknown" when the request matches no operation.
    func operation(for request: HTTPRequest) -> String

    /// Answers a request this emulator claims.
    func handle(_ request: HTTPRequest) -> HTTPResponse

    /// The service's own error response for an injected status (Google's JSON error, DynamoDB's `__type`…).
    func errorResponse(status: Int, for request: HTTPRequest) -> HTTPResponse

    /// The service's error response for an injected status with a chosen `reason` (a fault rule's
    /// `action.reason`), for services with several error bodies per status: Gmail's 403 is
    /// `rateLimitExceeded` or `userRateLimitExceeded`. nil means the service's usual body for `status`.
    ///
    /// The default ignores `reason` and calls `errorResponse(status:for:)`. An implementation that does
    /// not know `reason` should still answer `status` with the reason visible where the service puts one
    /// (for Google APIs: the canonical body with `errors[0].reason` set to it).
    func errorResponse(status: Int, reason: String?, for request: HTTPRequest) -> HTTPResponse

    /// The region `request` addresses, for fault rules with a `region` criterion; nil, the default, for
    /// services without regions, and a rule with `region` then never matches.
    ///
    /// DynamoDB answers the region of the request's SigV4 credential scope (where its data lives). IMDS
    /// answers nil although its instance sits in a region: the metadata endpoint is one link-local
    /// address for the whole host, not a regional endpoint, so a rule meant to take one region's
    /// DynamoDB down must not take the host's credentials with it.
    func region(of request: HTTPRequest) -> String?

    /// Returns to the state loaded from fixtures (`POST /_drydock/reset`).
    func reset()

    /// How the server receives a large or chunked body of a request this emulator claims (see
    /// `HTTPResponder.bodyPolicy(forHead:)`); in memory under the server's cap unless an emulator opts in.
    func bodyPolicy(forHead head: HTTPRequest) -> HTTPBodyPolicy

    /// Makes every access token issued so far expired (the `expire-tokens` fault). Emulators that issue
    /// no tokens do nothing.
    func expireIssuedTokens()

    /// Shell `export` lines' variables this emulator serves, given the edge's base URL
    /// (`http://127.0.0.1:8080`): e.g. `["GOOGLE_OAUTH_TOKEN_URI": base + "/token"]`.
    func endpointVariables(baseURL: String) -> [(name: String, value: String)]

    /// Every operation id `operation(for:)` can return, so the control API can reject a fault rule whose
    /// `operation` could never match (a typo such as `users.mesages.list`).
    ///
    /// Empty, the default, means "not declared": any operation name is accepted for this service.
    var knownOperations: [String] { get }

    /// Work due on the clock at `now` (DynamoDB's Time to Live sweep), done now and reported for the
    /// journal. The default does nothing.
    func performDueWork(now: Date) -> [BackgroundWork]
}

extension ServiceEmulator {
    public func errorResponse(status: Int, reason: String?, for request: HTTPRequest) -> HTTPResponse {
        errorResponse(status: status, for: request)
    }

    public func expireIssuedTokens() {}

    public func bodyPolicy(forHead head: HTTPRequest) -> HTTPBodyPolicy { .inMemory }

    public func region(of request: HTTPRequest) -> String? { nil }

    public var knownOperations: [String] { [] }

    public func performDueWork(now: Date) -> [BackgroundWork] { [] }
}
