/// Anything that turns a request into a response: every emulator, the edge router, test doubles.
///
/// Responders are synchronous and thread-safe: the server calls them on its connection threads, and the
/// in-process transport calls them directly, so the same responder is tested with and without sockets.
public protocol HTTPResponder: Sendable {
    func respond(to request: HTTPRequest) -> HTTPResponse
}

/// A responder made from a closure.
public struct ClosureResponder: HTTPResponder {
    private let body: @Sendable (HTTPRequest) -> HTTPResponse
    public init(_ body: @escaping @Sendable (HTTPRequest) -> HTTPResponse) { self.body = body }
    public func respond(to request: HTTPRequest) -> HTTPResponse { body(request) }
}
