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

    @Test func hangTimesOutWithoutBlockingOtherConnections() async throws {
        try await withServer(.init(), faults) { server, base in
            async let hung = error(base + "/hang", timeout: 0.3)
            // Wait until the hanging request is parked, then a normal request must still go straight through.
            #expect(await eventually { server.statistics.requestsHandled == 1 })
            let start = ContinuousClock.now
            let normal = try await HTTPClient().send(ClientRequest(method: "GET", url: base + "/ok"))
            #expect(normal.bodyText == "ok")
            #expect(elapsed(since: start) < 0.25, "a request beside a hanging one was delayed")
            #expect(await hung?.code == .timeout)
            // The parked connection is dropped once the client gives up.
            #expect(await eventually { server.statistics.connectionsOpen == 0 })
        }
    }

    @Test func stopWhileAConnectionHangsReturnsPromptly() async throws {
        let server = HTTPServer(responder: ClosureResponder(faults))
        try server.start()
        let url = "http://127.0.0.1:\(server.port)/hang"
        async let hung = error(url, timeout: 5)
        #expect(await eventually { server.statistics.requestsHandled == 1 })
        let start = ContinuousClock.now
        server.stop()
        #expect(elapsed(since: start) < 0.5)
        #expect(await hung?.code == .connectionReset)
        server.stop()
        #expect(server.statistics.liveRequestContexts == 0)
    }

    @Test func hangIsBoundedByMaxHangSeconds() async throws {
        try await withServer(.init(maxHangSeconds: 0.1), faults) { _, base in
            let start = ContinuousClock.now
            #expect(await error(base + "/hang", timeout: 3)?.code == .connectionReset)
            #expect(elapsed(since: start) < 1)
        }
    }

    @Test func cancellingAnAsyncSendAbortsTheTransfer() async throws {
        try await withServer(.init(), faults) { _, base in
            let start = ContinuousClock.now
            let task = Task { try await HTTPClient().send(ClientRequest(method: "GET", url: base + "/hang", timeout: 10)) }
            try await Task.sleep(for: .milliseconds(50))
            task.cancel()
            await #expect(throws: CancellationError.self) { try await task.value }
            #expect(elapsed(since: start) < 2)
        }
    }
}
