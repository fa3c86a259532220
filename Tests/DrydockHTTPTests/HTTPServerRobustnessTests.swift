@testable import DrydockHTTP
import Testing

/// Bytes no well-behaved client sends, written over a plain socket. After each the server must still
/// answer a normal request and leak no per-request state.
@Suite struct HTTPServerRobustnessTests {
    /// Keyed by name: the test takes only the name as its argument, since describing 100 kB arguments
    /// would cost more than the test itself.
    static let garbage: [String: [UInt8]] = {
        var generator = SeededGenerator(state: 42)
        let random = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let text: [(String, String)] = [
            ("not HTTP", "GARBAGE\r\n\r\n"),
            ("method only", "GET\r\n\r\n"),
            ("unknown version", "GET / HTTP/9.9\r\nHost: x\r\n\r\n"),
            ("HTTP/1.1 without Host", "GET / HTTP/1.1\r\n\r\n"),
            ("bare LFs", "GET / HTTP/1.1\nHost: x\n\n"),
            ("header without colon", "GET / HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n"),
            ("bad content length", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n"),
            ("two content lengths", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"),
            ("bad chunk size", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n"),
            ("huge chunk size", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\nabc\r\n"),
            ("long URL", "GET /" + String(repeating: "u", count: 100_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"),
            ("long header", "GET / HTTP/1.1\r\nHost: x\r\nX-Long: " + String(repeating: "h", count: 100_000) + "\r\n\r\n"),
            ("NULs in the request line", "GET /\0\0 HTTP/1.1\r\nHost: x\r\n\r\n"),
            ("disconnect mid-body", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nonly a little"),
            ("disconnect mid-headers", "GET / HTTP/1.1\r\nHost: x\r\nX-Half: "),
        ]
        return Dictionary(uniqueKeysWithValues: [("random bytes", random)] + text.map { ($0.0, Array($0.1.utf8)) })
    }()

    @Test(arguments: garbage.keys.sorted())
    func survives(name: String) async throws {
        let bytes = try #require(Self.garbage[name])
        try await withServer(.init(connectionMemoryLimit: 32 * 1024), echo) { server, base in
            _ = try await rawExchange(port: server.port, bytes, hangUp: true)
            let response = try await HTTPClient().send(ClientRequest(method: "POST", url: base + "/after", body: Array("fine".utf8)))
            #expect(response.status == 200 && response.bodyText == "fine", "after \(name)")
            #expect(await eventually { server.statistics.connectionsOpen <= 1 && server.statistics.liveRequestContexts == 0 })
        }
    }

    @Test func longRequestLinesAndHeadersGetAnErrorOrAClose() async throws {
        try await withServer(.init(connectionMemoryLimit: 16 * 1024), echo) { server, _ in
            for request in [
                "GET /" + String(repeating: "u", count: 100_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: x\r\nX-Long: " + String(repeating: "h", count: 100_000) + "\r\n\r\n",
            ] {
                let reply = try await rawExchange(port: server.port, request)
                #expect(reply.isEmpty || reply.hasPrefix("HTTP/1.1 414") || reply.hasPrefix("HTTP/1.1 431"), "\(reply.prefix(40))")
            }
            #expect(server.statistics.requestsHandled == 0)
        }
    }

    @Test func garbageGetsA400() async throws {
        try await withServer(.init(), echo) { server, _ in
            let reply = try await rawExchange(port: server.port, "GET / HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n")
            #expect(reply.hasPrefix("HTTP/1.1 400"))
        }
    }

    @Test func chunkedBodiesAreAssembled() async throws {
        try await withServer(.init(), echo) { server, _ in
            let reply = try await rawExchange(port: server.port, "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "5\r\nhello\r\n1;ext=1\r\n \r\n6\r\nworld!\r\n0\r\nTrailer: t\r\n\r\n")
            #expect(reply.hasPrefix("HTTP/1.1 200"))
            #expect(reply.hasSuffix("\r\n\r\nhello world!"))
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        try await withServer(.init(), echo) { server, _ in
            let reply = try await rawExchange(port: server.port, "POST /1 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nonePOST /2 HTTP/1.1\r\nHost: x\r\n"
                + "Content-Length: 3\r\nConnection: close\r\n\r\ntwo")
            let one = reply.range(of: "one"), two = reply.range(of: "two")
            #expect(one != nil && two != nil && one!.lowerBound < two!.lowerBound)
            #expect(server.statistics.connectionsAccepted == 1)
        }
    }
}
