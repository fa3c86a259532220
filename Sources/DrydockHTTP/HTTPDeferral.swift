/// Work a responder hands back instead of waiting on the calling thread: after `delay`, `continuation`
/// produces the response (a `latency` fault waits, then lets the emulator answer and journals it).
///
/// `HTTPServer` parks the connection without a thread while the delay runs (libmicrohttpd's
/// suspend/resume), runs the continuation off its event loop and then sends what it returned, so a slow
/// answer never holds up other connections. Callers that want the finished answer on the spot (the
/// in-process transport, tests) use `HTTPResponse.finishingDeferral(wait:)`.
public final class HTTPDeferral: Sendable, Equatable, CustomStringConvertible {
    /// How long to wait before running the continuation.
    public let delay: Duration
    /// Produces the response; may itself return another `.deferred` response.
    public let continuation: @Sendable () -> HTTPResponse

    public init(delay: Duration, continuation: @escaping @Sendable () -> HTTPResponse) {
        self.delay = delay
        self.continuation = continuation
    }

    /// Two deferrals are equal only when they are the same one: a closure cannot be compared.
    public static func == (lhs: HTTPDeferral, rhs: HTTPDeferral) -> Bool { lhs === rhs }

    public var description: String { "deferred(\(delay))" }
}

extension HTTPResponse {
    /// A response that is not ready yet: wait `delay`, then deliver what `continuation` returns.
    public static func deferred(after delay: Duration, _ continuation: @escaping @Sendable () -> HTTPResponse) -> HTTPResponse {
        HTTPResponse(status: 0, delivery: .deferred(HTTPDeferral(delay: delay, continuation: continuation)))
    }

    /// This response with every deferral run on the spot: `wait` is called with each delay (it should
    /// block that long), then the continuation. Responses that are not deferred come back unchanged.
    public func finishingDeferral(wait: (Duration) -> Void) -> HTTPResponse {
        var response = self
        while case .deferred(let deferral) = response.delivery {
            wait(deferral.delay)
            response = deferral.continuation()
        }
        return response
    }
}
