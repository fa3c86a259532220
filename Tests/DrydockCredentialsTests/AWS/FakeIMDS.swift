import DrydockCore
import DrydockHTTP
import Foundation
import Synchronization

/// A scripted instance metadata service: IMDSv2 tokens (or a refusal status), one role, credentials
/// whose expiry the test chooses, and switches for outages and garbage. Records every request.
final class FakeIMDS: Sendable {
    enum Mode: Sendable {
        /// Serve credentials.
        case up
        /// Every request fails like a dead endpoint (connection reset).
        case down
        /// Every request hangs until the client times out.
        case hanging
        /// Credential documents are 200s that are not JSON.
        case garbage
    }

    struct State {
        var mode: Mode = .up
        /// Status for `PUT /latest/api/token`: 200 issues a token; 403/404/405 refuse.
        var tokenStatus = 200
        var tokensIssued = 0
        var role: String? = "drydock-role"
        /// When the next served credentials expire.
        var expiration: Date
        /// Increments for each credential document, so tests can tell refreshes apart.
        var generation = 0
        /// This many of the next credential documents are served already expired (`expiration` less 61 min;
        /// a minute ago when `expiration` is an hour ahead).
        var expiredDocuments = 0
        var requests: [HTTPRequest] = []
    }

    let state: Mutex<State>

    init(expiration: Date) { state = Mutex(State(expiration: expiration)) }

    var transport: InProcessTransport { InProcessTransport(ClosureResponder { [self] in self.respond($0) }) }
    var requests: [HTTPRequest] { state.withLock { $0.requests } }
    var tokenRequests: [HTTPRequest] { requests.filter { $0.method == "PUT" } }
    var getRequests: [HTTPRequest] { requests.filter { $0.method == "GET" } }

    func update(_ body: (inout State) -> Void) { state.withLock { body(&$0) } }

    static func secret(_ generation: Int) -> String { "fake-secret-\(generation)-XXXXXXXXXXXXXXXXXXXXXXX" }
    static func sessionToken(_ generation: Int) -> String { "fake-session-token-\(generation)-ZZZZZZZZZZZZ" }

    private func respond(_ request: HTTPRequest) -> HTTPResponse {
        state.withLock { state in
            state.requests.append(request)
            switch state.mode {
            case .down: return HTTPResponse(status: 200, delivery: .reset)
            case .hanging: return HTTPResponse(status: 200, delivery: .hang)
            case .up, .garbage: break
            }
            if request.method == "PUT", request.path == "/latest/api/token" {
                guard state.tokenStatus == 200 else { return text(state.tokenStatus, "") }
                guard request.headers["x-aws-ec2-metadata-token-ttl-seconds"] != nil else { return text(400, "") }
                state.tokensIssued += 1
                return text(200, "fake-imds-token-\(state.tokensIssued)")
            }
            guard request.method == "GET" else { return text(405, "") }
            if state.tokenStatus == 200 {
                // IMDSv2 required: a GET needs the current token.
                guard request.headers["x-aws-ec2-metadata-token"] == "fake-imds-token-\(state.tokensIssued)" else {
                    return text(401, "")
                }
            }
            let prefix = "/latest/meta-data/iam/security-credentials/"
            guard request.path.hasPrefix(prefix) else { return text(404, "") }
            let role = String(request.path.dropFirst(prefix.count))
            guard let served = state.role else { return text(404, "") }
            if role.isEmpty { return text(200, served) }
            guard role == served else { return text(404, "") }
            if state.mode == .garbage { return text(200, "<html>oops</html>") }
            state.generation += 1
            var expiration = state.expiration
            if state.expiredDocuments > 0 {
                state.expiredDocuments -= 1
                expiration = state.expiration.addingTimeInterval(-3_660)  // an hour-long set that ended a minute ago
            }
            let document: JSONValue = [
                "Code": "Success", "LastUpdated": .string(RFC3339.string(from: state.expiration.addingTimeInterval(-21600))),
                "Type": "AWS-HMAC", "AccessKeyId": .string("ASIAFAKE\(state.generation)"),
                "SecretAccessKey": .string(Self.secret(state.generation)),
                "Token": .string(Self.sessionToken(state.generation)),
                "Expiration": .string(RFC3339.string(from: expiration)),
            ]
            return HTTPResponse(status: 200, contentType: "text/plain", text: document.serialized(pretty: true))
        }
    }

    private func text(_ status: Int, _ body: String) -> HTTPResponse {
        HTTPResponse(status: status, contentType: "text/plain", text: body)
    }
}

/// Collects warnings from a provider.
final class WarningLog: Sendable {
    private let lines = Mutex<[String]>([])
    var sink: @Sendable (String) -> Void { { [self] line in lines.withLock { $0.append(line) } } }
    var all: [String] { lines.withLock { $0 } }
}
