@testable import DrydockHTTP
import Testing

@Suite struct HTTPServerLimitsTests {
    @Test func oversizedBodyGets413() async throws {
        try await withServer(.init(maxBodyBytes: 1000), echo) { server, base in
            let client = HTTPClient()
            let fits = try await client.send(ClientRequest(method: "POST", url: base, body: .init(repeating: 7, count: 1000)))
            #expect(fits.status == 200 && fits.body.count == 1000)
            let tooBig = try await client.send(ClientRequest(method: "POST", url: base, body: .init(repeating: 7, count: 1001)))
            #expect(tooBig.status == 413)
            #expect(tooBig.bodyText.contains("1000"))
            // A large body is refused from its Content-Length, before it is read.
            let huge = try await client.send(ClientRequest(method: "POST", url: base, body: .init(repeating: 7, count: 1 << 20)))
            #expect(huge.status == 413)
            #expect(server.statistics.requestsHandled == 1)
        }
    }

    @Test func declaredLengthOverTheCapIsRefusedWithoutTheBody() async throws {
        try await withServer(.init(maxBodyBytes: 1000), echo) { server, _ in
            let reply = try await rawExchange(port: server.port, "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\n")
            #expect(reply.hasPrefix("HTTP/1.1 413"))
            #expect(server.statistics.requestsHandled == 0)
        }
    }

    @Test func oversizedChunkedBodyGets413() async throws {
        try await withServer(.init(maxBodyBytes: 10), echo) { server, _ in
            let reply = try await rawExchange(
                port: server.port, "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    + "8\r\n12345678\r\n8\r\n12345678\r\n0\r\n\r\n")
            #expect(reply.hasPrefix("HTTP/1.1 413"))
        }
    }

    @Test func hugeURLAndHeadersAreAnsweredByTheServerItself() async throws {
        try await withServer(.init(connectionMemoryLimit: 16 * 1024), echo) { server, base in
            let client = HTTPClient()
            let longURL = try await client.send(ClientRequest(method: "GET", url: base + "/" + String(repeating: "a", count: 32 * 1024)))
            #expect(longURL.status == 414)
            let longHeader = try await client.send(ClientRequest(
                method: "GET", url: base + "/", headers: ["X-Big": String(repeating: "b", count: 32 * 1024)]))
            #expect(longHeader.status == 431)
            var many = HTTPHeaders()
            for index in 0..<2000 { many.add("X-H\(index)", "v") }
            let manyHeaders = try await client.send(ClientRequest(method: "GET", url: base + "/", headers: many))
            #expect(manyHeaders.status == 431)
            // Still serving, and no request reached the responder.
            let fine = try await client.send(ClientRequest(method: "GET", url: base + "/fine"))
            #expect(fine.status == 200)
            #expect(server.statistics.requestsHandled == 1)
        }
    }
}

@Suite struct HTTPServerLifecycleTests {
    @Test func portZeroPicksARealPort() throws {
        let server = HTTPServer(responder: ClosureResponder { _ in HTTPResponse(status: 204) })
        #expect(server.port == 0)
        try server.start()
        #expect(server.port > 0)
        server.stop()
        server.stop()
    }

    @Test func bindFailureNamesTheAddressAndReason() throws {
        let first = HTTPServer(responder: ClosureResponder { _ in HTTPResponse(status: 204) })
        try first.start()
        defer { first.stop() }
        let second = HTTPServer(responder: ClosureResponder { _ in HTTPResponse(status: 204) }, configuration: .init(port: first.port))
        let error = #expect(throws: HTTPServerError.self) { try second.start() }
        #expect(error?.code == .bindFailed)
        #expect(error?.message.contains("127.0.0.1:\(first.port)") == true)
        #expect(error?.message.contains("Address already in use") == true)
    }

    @Test func startTwiceIsRefusedAndRestartWorks() async throws {
        let server = HTTPServer(responder: ClosureResponder { _ in HTTPResponse(status: 200, body: [1]) })
        try server.start()
        #expect(throws: HTTPServerError.self) { try server.start() }
        server.stop()
        try server.start()
        defer { server.stop() }
        let response = try await HTTPClient().send(ClientRequest(method: "GET", url: "http://127.0.0.1:\(server.port)/"))
        #expect(response.body == [1])
    }

    @Test func servesIPv6() async throws {
        try await withServer(.init(host: "::1"), { request in
            HTTPResponse(status: 200, body: Array((request.remoteAddress ?? "-").utf8))
        }) { server, _ in
            let response = try await HTTPClient().send(ClientRequest(method: "GET", url: "http://[::1]:\(server.port)/"))
            #expect(response.bodyText == "::1")
        }
    }

    /// The slow responder stays busy until the test releases it, and the test releases it only after the
    /// fast response has arrived. A server that stalled others would hold the fast request until the slow
    /// one gave up waiting (503), so the order of events, not a stopwatch, decides the outcome.
    @Test func slowResponderDoesNotStallOthers() async throws {
        let slowStarted = Gate(), release = Gate()
        try await withServer(.init(), { request in
            guard request.path == "/slow" else { return HTTPResponse(status: 200) }
            slowStarted.open()
            return HTTPResponse(status: release.wait() ? 200 : 503)
        }) { _, base in
            // Release the slow responder before the server stops, even if an expectation throws.
            defer { release.open() }
            let client = HTTPClient()
            // The deadlock guard, not the client's default 30 s: in a full parallel run, blocking tests can
            // keep this task off the cooperative pool long enough for a 30 s transfer limit to pass.
            async let slow = client.send(ClientRequest(method: "GET", url: base + "/slow", timeout: deadlockGuardSeconds))
            #expect(await eventually { slowStarted.isOpen })
            let fast = try await client.send(ClientRequest(method: "GET", url: base + "/fast"))
            #expect(fast.status == 200)
            release.open()
            let slowStatus = try await slow.status
            #expect(slowStatus == 200, "the fast request was only answered after the slow responder gave up")
        }
    }
}
