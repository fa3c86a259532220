/// Anything that turns a request into a response: every emulator, the edge router, test doubles.
///
/// Responders are synchronous and thread-safe: the server calls them inline on its event-loop threads,
/// and the in-process transport calls them directly, so the same responder is tested with and without
/// sockets. They must be fast: anything that waits (a `latency` fault) returns a `.deferred` response
/// from `respondWithoutWaiting(to:)` instead of blocking.
public protocol HTTPResponder: Sendable {
    /// The finished answer. May block the calling thread for as long as the answer takes (a `latency`
    /// fault sleeps here); may also return `.deferred` work, which the caller must finish.
    func respond(to request: HTTPRequest) -> HTTPResponse

    /// Like `respond(to:)`, but anything that would wait comes back as a `.deferred` response instead of
    /// blocking. `HTTPServer` calls this, so one slow answer never holds up the connections sharing its
    /// event-loop thread. The default calls `respond(to:)`.
    func respondWithoutWaiting(to request: HTTPRequest) -> HTTPResponse

    /// How the server should receive the body of a request whose head (`head`, without a body) has
    /// arrived and which declares a body over `HTTPServer.spoolProbeBytes` or sends it chunked. The
    /// default keeps it in memory under the server's cap.
    func bodyPolicy(forHead head: HTTPRequest) -> HTTPBodyPolicy
}

extension HTTPResponder {
    public func respondWithoutWaiting(to request: HTTPRequest) -> HTTPResponse { respond(to: request) }
    public func bodyPolicy(forHead head: HTTPRequest) -> HTTPBodyPolicy { .inMemory }
}

/// A responder made from a closure.
public struct ClosureResponder: HTTPResponder {
    private let body: @Sendable (HTTPRequest) -> HTTPResponse
    public init(_ body: @escaping @Sendable (HTTPRequest) -> HTTPResponse) { self.body = body }
    public func respond(to request: HTTPRequest) -> HTTPResponse { body(request) }
}
