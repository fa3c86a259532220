import DrydockCore
import DrydockHTTP
import EmulatorKit
import Foundation
import Testing

/// The `status` action's `reason`: decoded, listed back, handed to the emulator, checked.
@Suite struct StatusReasonTests {
    @Test func aReasonIsStoredAndListedBackInTheAction() {
        let edge = TestEdge()
        let rule = edge.addRule(#"""
            {"service": "gmail", "action": {"type": "status", "status": 403, "reason": "userRateLimitExceeded", "retryAfter": 5}}
            """#)
        let action: JSONValue = .object([
            ("type", "status"), ("status", 403), ("reason", "userRateLimitExceeded"), ("retryAfter", 5),
        ])
        #expect(rule["action"] == action)
        #expect(edge.control("GET", "/_drydock/faults").json["rules"]?.arrayValue?.first?["action"] == action)
        #expect(edge.control("GET", "/_drydock/faults/r1").json["action"]?.serialized()
            == #"{"type":"status","status":403,"reason":"userRateLimitExceeded","retryAfter":5}"#)
    }

    @Test func theRouterAsksTheEmulatorForTheReason() {
        let reasons = ReasonEmulator()
        let router = EdgeRouter(emulators: [reasons], clock: VirtualClock())
        let posted = router.respond(to: HTTPRequest(method: "POST", target: "/_drydock/faults", headers: ["Content-Type": "application/json"], body: Array(#"""
            {"rules": [{"times": 1, "action": {"type": "status", "status": 403, "reason": "userRateLimitExceeded", "retryAfter": 5}},
                       {"times": 1, "action": {"type": "status", "status": 429}}]}
            """#.utf8)))
        #expect(posted.status == 201)
        let first = router.respond(to: HTTPRequest(method: "GET", target: "/r/x"))
        #expect(first.status == 403)
        #expect(first.bodyText == "403 userRateLimitExceeded")
        #expect(first.headers["Retry-After"] == "5")
        let second = router.respond(to: HTTPRequest(method: "GET", target: "/r/x"))
        #expect(second.status == 429)
        #expect(second.bodyText == "429 none")
        #expect(reasons.asked.all == ["userRateLimitExceeded", nil])
    }

    @Test func emulatorsWithoutReasonsIgnoreThem() throws {
        let edge = TestEdge()
        let request = HTTPRequest(method: "POST", target: "/token")
        #expect(edge.oauth.errorResponse(status: 403, reason: "anything", for: request).body
            == edge.oauth.errorResponse(status: 403, for: request).body)
        edge.addRule(#"{"action": {"type": "status", "status": 403, "reason": "somethingElse"}}"#)
        let response = edge.send("POST", "/token")
        #expect(response.status == 403)
        #expect(try JSONValue.parse(response.body)["error"]?["status"] == "FAKE")
    }

    @Test func swiftBuiltActionsAreCheckedLikeJSON() throws {
        let edge = TestEdge()
        let stored = try edge.router.addFaultRule(FaultRule(action: .status(429, reason: "rateLimitExceeded")))
        #expect(stored.rule.json["action"] == .object([("type", "status"), ("status", 429), ("reason", "rateLimitExceeded")]))
        #expect(FaultAction.status(429, reason: "a") != FaultAction.status(429, reason: "b"))
        #expect(FaultAction.status(429, reason: nil) == FaultAction.status(429))
        #expect(throws: JSONInputError(path: "action.reason", reason: #"expected a non-empty string (an error reason such as "userRateLimitExceeded")"#)) {
            try edge.router.addFaultRule(FaultRule(action: .status(429, reason: "")))
        }
        #expect(throws: JSONInputError.self) {
            try edge.router.addFaultRule(FaultRule(action: .status(429, reason: "x", body: "{}")))
        }
        #expect(edge.router.faultRules.count == 1)
    }
}

/// A service at `/r/` whose injected errors say which reason they were asked for.
private final class ReasonEmulator: ServiceEmulator {
    let service = "reasons"
    let asked = Recorder<String?>()

    func claims(_ request: HTTPRequest) -> Bool { request.path.hasPrefix("/r/") }
    func operation(for request: HTTPRequest) -> String { "op" }
    func handle(_ request: HTTPRequest) -> HTTPResponse { HTTPResponse(status: 200, contentType: "text/plain", text: "ok") }

    func errorResponse(status: Int, for request: HTTPRequest) -> HTTPResponse {
        errorResponse(status: status, reason: nil, for: request)
    }

    func errorResponse(status: Int, reason: String?, for request: HTTPRequest) -> HTTPResponse {
        asked.append(reason)
        return HTTPResponse(status: status, contentType: "text/plain", text: "\(status) \(reason ?? "none")")
    }

    func reset() {}
    func endpointVariables(baseURL: String) -> [(name: String, value: String)] { [] }
}
