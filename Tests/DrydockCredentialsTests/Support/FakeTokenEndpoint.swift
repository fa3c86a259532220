import DrydockCore
import DrydockCredentials
import DrydockHTTP
import Foundation
import Synchronization

/// A scripted token endpoint: answers each request with the next scripted response (repeating the last
/// one) and records every request.
final class FakeTokenEndpoint: Sendable {
    private let state: Mutex<(script: [HTTPResponse], requests: [HTTPRequest])>

    init(_ script: [HTTPResponse]) {
        precondition(!script.isEmpty)
        state = Mutex((script, []))
    }

    convenience init(_ response: HTTPResponse) { self.init([response]) }

    var transport: InProcessTransport {
        InProcessTransport(ClosureResponder { [self] request in self.respond(request) })
    }

    var requests: [HTTPRequest] { state.withLock { $0.requests } }
    var count: Int { state.withLock { $0.requests.count } }

    private func respond(_ request: HTTPRequest) -> HTTPResponse {
        state.withLock { state in
            state.requests.append(request)
            return state.script.count > 1 ? state.script.removeFirst() : state.script[0]
        }
    }

    // MARK: Responses

    static func token(
        _ value: String = "ya29.new-token", expiresIn: JSONValue = 3599, type: JSONValue = "Bearer",
        scope: String = "https://www.googleapis.com/auth/gmail.readonly"
    ) -> HTTPResponse {
        json(200, ["access_token": .string(value), "expires_in": expiresIn, "scope": .string(scope), "token_type": type])
    }

    static func json(_ status: Int, _ value: JSONValue, headers: HTTPHeaders = [:]) -> HTTPResponse {
        HTTPResponse(status: status, contentType: "application/json; charset=utf-8", text: value.serialized(), headers: headers)
    }

    static func oauthError(_ status: Int, _ error: String, _ description: String? = nil) -> HTTPResponse {
        var members: [(String, JSONValue)] = [("error", .string(error))]
        if let description { members.append(("error_description", .string(description))) }
        return json(status, .object(members))
    }

    static func html(_ status: Int, _ text: String = "<html><body><h1>Bad Gateway</h1></body></html>") -> HTTPResponse {
        HTTPResponse(status: status, contentType: "text/html; charset=UTF-8", text: text)
    }

    static func text(_ status: Int, _ contentType: String, _ text: String) -> HTTPResponse {
        HTTPResponse(status: status, contentType: contentType, text: text)
    }

    static func fault(_ delivery: HTTPResponse.Delivery) -> HTTPResponse {
        HTTPResponse(status: 200, body: Array(#"{"access_token": "ya29.partial"#.utf8), delivery: delivery)
    }
}

/// A transport that throws a fixed transport error.
struct FailingTransport: HTTPTransport {
    let error: HTTPClientError
    func send(_ request: ClientRequest) throws -> HTTPResponse { throw error }
}

/// Wraps a transport, advancing a manual clock by a latency (cut to the request's timeout, as a real
/// client would) or, with no latency, by the whole timeout (a request that hangs), and recording the
/// timeouts asked for.
final class SlowTransport: HTTPTransport {
    let inner: any HTTPTransport
    let clock: ManualClock
    let latency: Double?
    private let timeouts = Mutex<[Double?]>([])

    init(_ inner: any HTTPTransport, clock: ManualClock, latency: Double? = nil) {
        self.inner = inner
        self.clock = clock
        self.latency = latency
    }

    var requestedTimeouts: [Double?] { timeouts.withLock { $0 } }

    func send(_ request: ClientRequest) throws -> HTTPResponse {
        timeouts.withLock { $0.append(request.timeout) }
        clock.advance(seconds: min(latency ?? .infinity, request.timeout ?? .infinity))
        return try inner.send(request)
    }
}

/// Test defaults: exact backoff (no jitter) and short deadlines.
extension TokenRefresher.Configuration {
    static func test(deadline: Double = 60, threshold: Double = 300) -> Self {
        Self(refreshThreshold: threshold, deadline: deadline, requestTimeout: 30, lockPollInterval: 0.05,
             backoff: RetryBackoff(initial: 0.5, maximum: 8, minimum: 0.05, jitter: RetryBackoff.noJitter))
    }
}

extension SecretsSandbox {
    func refresher(
        _ transport: any HTTPTransport, clock: any WallClock, environment extra: [String: String] = [:],
        configuration: TokenRefresher.Configuration = .test()
    ) -> TokenRefresher {
        TokenRefresher(
            store: store, transport: transport, environment: environment(extra), clock: clock,
            configuration: configuration)
    }
}
