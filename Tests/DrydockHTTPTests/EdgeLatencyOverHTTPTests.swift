import DrydockCore
@testable import DrydockHTTP
import DrydockTesting
import EmulatorKit
import Testing

/// The edge router's `latency` fault over a real socket: `HTTPServer` gets it as `.deferred` work, so on a
/// single event-loop thread the delayed request holds up nobody, and it is journaled after the wait.
@Suite(.timeLimit(.minutes(1))) struct EdgeLatencyOverHTTPTests {
    @Test func aDelayedRequestIsAnsweredAndJournaledAfterTheDelay() async throws {
        let harness = try EmulatorHarness(.inProcess)
        defer { harness.stop() }
        try harness.addFault(#"{"service": "oauth", "operation": "token", "action": {"type": "latency", "ms": 50}}"#)
        try await withRouter(harness.router) { _, base in
            let response = try await HTTPClient().send(ClientRequest(
                method: "POST", url: base + "/token", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                body: Array("grant_type=refresh_token".utf8)))
            #expect(response.status == 400, "the emulator's own answer, after the wait: \(response.bodyText)")
            let entry = try #require(harness.journal(service: "oauth").first)
            #expect(entry["status"] == 400)
            #expect(entry["delivery"] == "normal")
            #expect((entry["latencyMs"]?.doubleValue ?? 0) >= 50)
            #expect(entry["fault"]?["action"] == "latency")
        }
    }

    /// The delayed request waits far longer than the test runs; meanwhile health is answered on the same
    /// (only) event-loop thread. Stopping the server then drops the delayed request unanswered, and the
    /// emulator never sees it.
    @Test func aDelayedRequestHoldsUpNoOneOnASingleThread() async throws {
        let harness = try EmulatorHarness(.inProcess)
        defer { harness.stop() }
        try harness.addFault(#"{"service": "oauth", "operation": "token", "action": {"type": "latency", "ms": 600000}}"#)
        let server = HTTPServer(responder: harness.router, configuration: .init(threadCount: 1))
        try server.start()
        harness.router.controlAccess = ControlAccess(listeningHost: "127.0.0.1", listeningPort: server.port)
        let base = "http://127.0.0.1:\(server.port)"
        let delayedEnded = Gate()
        let delayed = Task {
            defer { delayedEnded.open() }
            do {
                _ = try await HTTPClient().send(ClientRequest(method: "POST", url: base + "/token", timeout: deadlockGuardSeconds))
                return nil as HTTPClientError?
            } catch {
                return error as? HTTPClientError
            }
        }
        #expect(await eventually { server.statistics.requestsHandled == 1 })
        let health = try await HTTPClient().send(ClientRequest(method: "GET", url: base + "/_drydock/health"))
        #expect(health.status == 200)
        #expect(!delayedEnded.isOpen, "health was answered only after the delayed request ended")
        server.stop()
        #expect(await delayed.value?.code == .connectionReset)
        #expect(harness.journal(service: "oauth").isEmpty, "the delayed request was handled after the server stopped")
    }

    private func withRouter(_ router: EdgeRouter, _ body: (HTTPServer, String) async throws -> Void) async throws {
        let server = HTTPServer(responder: router)
        try server.start()
        defer { server.stop() }
        try await body(server, "http://127.0.0.1:\(server.port)")
    }
}
