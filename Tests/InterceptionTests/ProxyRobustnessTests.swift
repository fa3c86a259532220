import DrydockTesting
import Foundation
import Interception
import Testing

/// Hostile and broken clients: nothing they send may crash the proxy or leave it unable to serve.
@Suite("Interception proxy robustness", .timeLimit(.minutes(1)))
struct ProxyRobustnessTests {
    static let quick = InterceptingProxy.Configuration(headTimeout: .seconds(1), handshakeTimeout: .seconds(1), connectionLimit: 8)

    @Test(arguments: [
        "CONNECT gmail.googleapis.com HTTP/1.1\r\n\r\n",
        "CONNECT :443 HTTP/1.1\r\n\r\n",
        "CONNECT a b HTTP/1.1\r\n\r\n",
        "CONNECT  gmail.googleapis.com:443 HTTP/1.1\r\n\r\n",
        "CONNECT gmail.googleapis.com:99999 HTTP/1.1\r\n\r\n",
        "CONNECT gmail.googleapis.com:0 HTTP/1.1\r\n\r\n",
        "CONNECT gmail.googleapis.com:443 HTTP/2.0\r\n\r\n",
        "CONNECT gmail.googleapis.com:443\r\n\r\n",
        "CONNECT gmail.googleapis.com:443 HTTP/1.1\r\n folded: header\r\n\r\n",
        "CONNECT gmail.googleapis.com:443 HTTP/1.1\r\nno-colon\r\n\r\n",
        "CONNECT [::1:443 HTTP/1.1\r\n\r\n",
        "CONNECT user@gmail.googleapis.com:443 HTTP/1.1\r\n\r\n",
        "CONNECT gmail.googleapis.com:443 HTTP/1.1\n\n".replacingOccurrences(of: "gmail", with: "gm\u{7F}il"),
    ])
    func malformedConnectLinesGet400AndTheProxyKeepsServing(_ line: String) throws {
        let harness = try InterceptionHarness(configuration: Self.quick)
        defer { harness.stop() }
        let raw = try RawClient(port: harness.proxy.port)
        raw.send(line)
        let reply = raw.readAll()
        raw.close()
        #expect(reply.hasPrefix("HTTP/1.1 400 Bad Request\r\n"), "\(reply)")
        #expect(reply.contains("Drydock proxy: bad request: "))
        try expectStillServing(harness)
    }

    @Test func nonASCIIInTheConnectHeadIs400() throws {
        let harness = try InterceptionHarness(configuration: Self.quick)
        defer { harness.stop() }
        let raw = try RawClient(port: harness.proxy.port)
        raw.send(Array("CONNECT gmail.googleapis.com:443 HTTP/1.1\r\nX: ".utf8) + [0xFF, 0x00, 0xC3] + Array("\r\n\r\n".utf8))
        #expect(raw.readAll().hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
        raw.close()
        try expectStillServing(harness)
    }

    @Test func garbageGetsA400FromTheEdgeParser() throws {
        let harness = try InterceptionHarness(configuration: Self.quick)
        defer { harness.stop() }
        for garbage in ["\u{16}\u{03}\u{01}\u{02}\u{00}\u{01}\u{00}\u{01}\u{fc}\u{03}\u{03}\r\n\r\n", "HELLO\r\n\r\n", "GET\r\n\r\n"] {
            let raw = try RawClient(port: harness.proxy.port)
            raw.send(garbage)
            let reply = raw.readAll()
            raw.close()
            #expect(reply.hasPrefix("HTTP/1.1 400 ") || reply.hasPrefix("HTTP/1.0 400 "), "\(garbage.debugDescription) → \(reply.debugDescription)")
        }
        try expectStillServing(harness)
    }

    @Test func aHugeConnectHeadGets431() throws {
        let harness = try InterceptionHarness(configuration: Self.quick)
        defer { harness.stop() }
        let raw = try RawClient(port: harness.proxy.port)
        raw.send("CONNECT gmail.googleapis.com:443 HTTP/1.1\r\nX-Padding: " + String(repeating: "a", count: 20_000) + "\r\n\r\n")
        #expect(raw.readAll().hasPrefix("HTTP/1.1 431 Request Header Fields Too Large\r\n"))
        raw.close()
        try expectStillServing(harness)
    }

    @Test func aStalledConnectHeadGets408() throws {
        let harness = try InterceptionHarness(configuration: Self.quick)
        defer { harness.stop() }
        let raw = try RawClient(port: harness.proxy.port)
        raw.send("CONNECT gmail.googleapis.com:443 HTTP/1.1\r\nHost: gmail")
        let started = ContinuousClock.now
        #expect(raw.readAll().hasPrefix("HTTP/1.1 408 Request Timeout\r\n"))
        #expect(ContinuousClock.now - started < .seconds(5))
        raw.close()
        try expectStillServing(harness)
    }

    @Test func aHalfOpenConnectIsClosedAfterTheHandshakeTimeout() throws {
        let harness = try InterceptionHarness(configuration: Self.quick)
        defer { harness.stop() }
        let raw = try RawClient(port: harness.proxy.port)
        raw.send("CONNECT gmail.googleapis.com:443 HTTP/1.1\r\n\r\n")
        #expect(raw.read(until: "\r\n\r\n") == "HTTP/1.1 200 Connection established\r\n\r\n")
        let started = ContinuousClock.now
        #expect(raw.closedWithin(seconds: 5))
        #expect(ContinuousClock.now - started < .seconds(4))
        raw.close()
        try expectStillServing(harness)
    }

    @Test func aClientLeavingMidHandshakeDoesNotHurt() throws {
        let harness = try InterceptionHarness(configuration: Self.quick)
        defer { harness.stop() }
        for cut in [1, 5, 40] {
            let raw = try RawClient(port: harness.proxy.port)
            raw.send("CONNECT sheets.googleapis.com:443 HTTP/1.1\r\n\r\n")
            _ = raw.read(until: "\r\n\r\n")
            // The start of a ClientHello record, then gone.
            raw.send(Array([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03] + [UInt8](repeating: 0x41, count: 40)).prefix(cut).map { $0 })
            raw.close()
        }
        // TLS garbage after the tunnel opens: the handshake fails, the connection closes.
        let raw = try RawClient(port: harness.proxy.port)
        raw.send("CONNECT sheets.googleapis.com:443 HTTP/1.1\r\n\r\n")
        _ = raw.read(until: "\r\n\r\n")
        raw.send("GET / HTTP/1.1\r\nHost: sheets.googleapis.com\r\n\r\n")
        #expect(raw.closedWithin(seconds: 5))
        raw.close()
        try expectStillServing(harness)
    }

    @Test func pastTheConnectionLimitClientsGet503() throws {
        let harness = try InterceptionHarness(configuration: InterceptingProxy.Configuration(
            headTimeout: .seconds(5), handshakeTimeout: .seconds(5), connectionLimit: 2))
        defer { harness.stop() }
        let first = try RawClient(port: harness.proxy.port)
        let second = try RawClient(port: harness.proxy.port)
        first.send("C")
        second.send("C")
        // Each of the first two holds a thread; give the accept loop a moment to count them in.
        usleep(200_000)
        let third = try RawClient(port: harness.proxy.port)
        let reply = third.readAll()
        #expect(reply.hasPrefix("HTTP/1.1 503 Service Unavailable\r\n"), "\(reply)")
        #expect(reply.contains("2 connections are open already"))
        for client in [first, second, third] { client.close() }
        usleep(200_000)
        try expectStillServing(harness)
    }

    @Test func stopEndsOpenTunnelsPromptly() throws {
        let harness = try InterceptionHarness()
        let clients = try (0..<5).map { _ in try RawClient(port: harness.proxy.port) }
        clients[0].send("CONNECT gmail.googleapis.com:443 HTTP/1.1\r\n\r\n")
        _ = clients[0].read(until: "\r\n\r\n")
        clients[1].send("CONNECT gmail.googleapis.com:443 HTTP/1.1\r\n")
        let started = ContinuousClock.now
        harness.stop()
        #expect(ContinuousClock.now - started < .seconds(3))
        for client in clients {
            #expect(client.closedWithin(seconds: 2))
            client.close()
        }
    }

    @Test func aBadAbsoluteFormTargetIs400() throws {
        let harness = try InterceptionHarness(configuration: Self.quick)
        defer { harness.stop() }
        for target in ["http://[::1/x", "http://user@169.254.169.254/", "https://169.254.169.254/", "http://exa mple/"] {
            let raw = try RawClient(port: harness.proxy.port)
            raw.send("GET \(target) HTTP/1.1\r\nHost: 169.254.169.254\r\nConnection: close\r\n\r\n")
            let reply = raw.readAll()
            raw.close()
            #expect(reply.hasPrefix("HTTP/1.1 400 "), "\(target) → \(reply)")
        }
        try expectStillServing(harness)
    }

    private func expectStillServing(_ harness: InterceptionHarness, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try harness.curl(["--fail", "-H", "@" + (try harness.authorizationHeaderFile()), ProxyCurlTests.profile])
        #expect(result.status == 0, "\(result.stderr)", sourceLocation: sourceLocation)
    }
}
