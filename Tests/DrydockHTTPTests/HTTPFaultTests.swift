@testable import DrydockHTTP
import Testing

/// Each `HTTPResponse.delivery` fault, as the libcurl client meets it over a real socket.
@Suite struct HTTPFaultTests {
    let faults: @Sendable (HTTPRequest) -> HTTPResponse = { request in
        let body = [UInt8](repeating: UInt8(ascii: "x"), count: 1000)
        switch request.path {
        case "/reset": return HTTPResponse(status: 200, body: body, delivery: .reset)
        case "/cut": return HTTPResponse(status: 200, body: body, delivery: .closeMidBody(bytes: 100))
        case "/cut-at-zero": return HTTPResponse(status: 200, body: body, delivery: .closeMidBody(bytes: 0))
        case "/hang": return HTTPResponse(status: 200, delivery: .hang)
        default: return HTTPResponse(status: 200, body: Array("ok".utf8))
        }
    }

    private func error(_ url: String, timeout: Double? = nil) async -> HTTPClientError? {
        do {
            _ = try await HTTPClient().send(ClientRequest(method: "GET", url: url, timeout: timeout))
            return nil
        } catch {
            return error as? HTTPClientError
        }
    }

    @Test func resetBecomesConnectionReset() async throws {
        try await withServer(.init(), faults) { _, base in
            let error = await error(base + "/reset?token=SECRET")
            #expect(error?.code == .connectionReset)
            #expect(error?.isTransient == true)
            #expect(error?.message.contains("SECRET") == false)
            #expect(error?.message.contains(base + "/reset") == true)
        }
    }

    @Test func closeMidBodyBecomesTruncated() async throws {
        try await withServer(.init(), faults) { _, base in
            #expect(await error(base + "/cut")?.code == .truncated)
            #expect(await error(base + "/cut-at-zero")?.code == .truncated)
        }
    }

    @Test func hangTimesOutAndTheParkedConnectionIsDropped() async throws {
        try await withServer(.init(), faults) { server, base in
            // The short client timeout is the configuration under test, not a bound on the test's duration.
            #expect(await error(base + "/hang", timeout: 0.3)?.code == .timeout)
            // The parked connection is dropped once the client gives up.
            #expect(await eventually { server.statistics.connectionsOpen == 0 })
        }
    }

    /// The hang lasts until the client's own 120 s timeout, far longer than a healthy run needs, and a gate
    /// records when it ends. A server that serialised connections would answer `/ok` only after that, with
    /// the gate already open.
    @Test func aHangDoesNotBlockOtherConnections() async throws {
        try await withServer(.init(), faults) { server, base in
            let hangEnded = Gate()
            let hung = Task {
                defer { hangEnded.open() }
                return await error(base + "/hang", timeout: deadlockGuardSeconds)
            }
            // Wait until the hanging request is parked, then a normal request must still go straight through.
            #expect(await eventually { server.statistics.requestsHandled == 1 })
            let normal = try await HTTPClient().send(ClientRequest(method: "GET", url: base + "/ok"))
            #expect(normal.bodyText == "ok")
            #expect(!hangEnded.isOpen, "the request beside a hanging one waited for the hang to end")
            // End the hang (stopping wakes it) rather than wait out the client's timeout.
            server.stop()
            #expect(await hung.value?.code == .connectionReset)
        }
    }

    /// The hanging client allows 120 s, and the server's hang cap is the default 300 s, so the client meets
    /// `.connectionReset` (not `.timeout`) only if `stop()` woke the parked connection and returned.
    @Test func stopWhileAConnectionHangsReturnsPromptly() async throws {
        let server = HTTPServer(responder: ClosureResponder(faults))
        try server.start()
        let url = "http://127.0.0.1:\(server.port)/hang"
        async let hung = error(url, timeout: deadlockGuardSeconds)
        #expect(await eventually { server.statistics.requestsHandled == 1 })
        server.stop()
        #expect(await hung?.code == .connectionReset)
        server.stop()
        #expect(server.statistics.liveRequestContexts == 0)
    }

    /// The client allows 120 s, so `.connectionReset` means the server's 0.1 s cap cut the hang short;
    /// without the cap the client would time out instead.
    @Test func hangIsBoundedByMaxHangSeconds() async throws {
        try await withServer(.init(maxHangSeconds: 0.1), faults) { _, base in
            #expect(await error(base + "/hang", timeout: deadlockGuardSeconds)?.code == .connectionReset)
        }
    }

    /// The transfer is cancelled while parked in a 300 s hang with a 120 s client timeout: only an aborted
    /// transfer ends in `CancellationError` (a timeout would be an `HTTPClientError`), and the server sees
    /// the connection close.
    @Test func cancellingAnAsyncSendAbortsTheTransfer() async throws {
        try await withServer(.init(), faults) { server, base in
            let task = Task {
                try await HTTPClient().send(ClientRequest(method: "GET", url: base + "/hang", timeout: deadlockGuardSeconds))
            }
            #expect(await eventually { server.statistics.requestsHandled == 1 })
            task.cancel()
            await #expect(throws: CancellationError.self) { try await task.value }
            #expect(await eventually { server.statistics.connectionsOpen == 0 })
        }
    }
}
