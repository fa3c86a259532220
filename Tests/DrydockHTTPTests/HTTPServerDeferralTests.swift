@testable import DrydockHTTP
import Testing

/// `.deferred` responses over a real socket: the connection waits without a thread, then gets what the
/// continuation returned, whatever its delivery.
@Suite(.timeLimit(.minutes(1))) struct HTTPServerDeferralTests {
    @Test func theContinuationsResponseIsSentAfterTheDelay() async throws {
        try await withServer(.init(), { request in
            .deferred(after: .milliseconds(20)) { HTTPResponse(status: 201, headers: ["X-Late": "yes"], body: Array("late \(request.path)".utf8)) }
        }) { server, base in
            let response = try await HTTPClient().send(ClientRequest(method: "GET", url: base + "/slow"))
            #expect(response.status == 201)
            #expect(response.headers["X-Late"] == "yes")
            #expect(response.bodyText == "late /slow")
            #expect(await eventually { server.statistics.liveRequestContexts == 0 })
        }
    }

    /// A deferral may defer again, or end in a transport fault.
    @Test func aContinuationMayDeferAgainOrFault() async throws {
        try await withServer(.init(), { request in
            switch request.path {
            case "/twice": .deferred(after: .zero) { .deferred(after: .milliseconds(5)) { HTTPResponse(status: 200, body: [7]) } }
            default: .deferred(after: .zero) { HTTPResponse(status: 200, delivery: .reset) }
            }
        }) { _, base in
            let client = HTTPClient()
            let twice = try await client.send(ClientRequest(method: "GET", url: base + "/twice"))
            #expect(twice.body == [7])
            do {
                _ = try await client.send(ClientRequest(method: "GET", url: base + "/reset"))
                Issue.record("a reset was answered")
            } catch {
                #expect((error as? HTTPClientError)?.code == .connectionReset)
            }
        }
    }

    /// One event-loop thread: while a request is parked for far longer than the test may take, another
    /// request on the same thread is answered at once, and the parked one still gets its answer after.
    @Test func aParkedRequestHoldsUpNoOtherConnection() async throws {
        let release = Gate()
        try await withServer(.init(threadCount: 1), { request in
            guard request.path == "/parked" else { return HTTPResponse(status: 200, body: Array("fast".utf8)) }
            return .deferred(after: .zero) { HTTPResponse(status: release.wait() ? 200 : 503, body: Array("parked".utf8)) }
        }) { server, base in
            defer { release.open() }
            let client = HTTPClient()
            async let parked = client.send(ClientRequest(method: "GET", url: base + "/parked"))
            #expect(await eventually { server.statistics.requestsHandled == 1 })
            let fast = try await client.send(ClientRequest(method: "GET", url: base + "/fast"))
            #expect(fast.bodyText == "fast")
            release.open()
            #expect(try await parked.status == 200)
        }
    }

    /// Stopping closes a connection whose deferral is still waiting, and its continuation never runs.
    @Test func stopClosesAPendingDeferralWithoutRunningIt() async throws {
        let ran = Gate()
        let server = HTTPServer(responder: ClosureResponder { _ in
            .deferred(after: .seconds(600)) {
                ran.open()
                return HTTPResponse(status: 200)
            }
        })
        try server.start()
        let url = "http://127.0.0.1:\(server.port)/"
        async let pending: HTTPClientError? = {
            do {
                _ = try await HTTPClient().send(ClientRequest(method: "GET", url: url, timeout: deadlockGuardSeconds))
                return nil
            } catch {
                return error as? HTTPClientError
            }
        }()
        #expect(await eventually { server.statistics.requestsHandled == 1 })
        server.stop()
        #expect(await pending?.code == .connectionReset)
        #expect(!ran.isOpen)
        #expect(server.statistics.liveRequestContexts == 0)
    }

    @Test func theInProcessTransportWaitsInline() throws {
        let transport = InProcessTransport(ClosureResponder { _ in
            .deferred(after: .milliseconds(1)) { HTTPResponse(status: 200, body: [1]) }
        })
        #expect(try transport.send(ClientRequest(method: "GET", url: "http://x.test/")).body == [1])
    }

    @Test func finishingDeferralCallsWaitWithEachDelay() {
        let response = HTTPResponse.deferred(after: .milliseconds(3)) {
            .deferred(after: .seconds(2)) { HTTPResponse(status: 204) }
        }
        var waits: [Duration] = []
        #expect(response.finishingDeferral { waits.append($0) }.status == 204)
        #expect(waits == [.milliseconds(3), .seconds(2)])
    }
}
