@testable import Interception
import Testing

/// The proxy front's only parser, as pure functions over bytes.
@Suite("Proxy request head", .timeLimit(.minutes(1)))
struct ProxyRequestHeadTests {
    @Test func aConnectIsToldFromOtherRequestsAsSoonAsPossible() {
        #expect(ProxyRequestHead.isConnect(Array("CON".utf8)[...]) == nil)
        #expect(ProxyRequestHead.isConnect(Array("CONNECT ".utf8)[...]) == true)
        #expect(ProxyRequestHead.isConnect(Array("CONNECTX".utf8)[...]) == false)
        #expect(ProxyRequestHead.isConnect(Array("GET ".utf8)[...]) == false)
        #expect(ProxyRequestHead.isConnect(Array("connect ".utf8)[...]) == false)
        #expect(ProxyRequestHead.isConnect([][...]) == nil)
    }

    @Test func theHeadEndsAtTheFirstBlankLine() {
        #expect(ProxyRequestHead.headLength(Array("CONNECT a:1 HTTP/1.1\r\n\r\nTLS".utf8)[...]) == 24)
        #expect(ProxyRequestHead.headLength(Array("CONNECT a:1 HTTP/1.1\n\n".utf8)[...]) == 22)
        #expect(ProxyRequestHead.headLength(Array("CONNECT a:1 HTTP/1.1\r\nHost: a\r\n".utf8)[...]) == nil)
    }

    @Test func aConnectHeadNamesHostAndPort() throws {
        let parsed = ProxyRequestHead.parseConnect(Array("CONNECT Gmail.GoogleAPIs.com.:443 HTTP/1.1\r\nHost: x\r\n\r\n".utf8)[...])
        #expect(parsed == .connect(host: try #require(HostName("gmail.googleapis.com")), port: 443))
        let v6 = ProxyRequestHead.parseConnect(Array("CONNECT [fd00:ec2::254]:80 HTTP/1.0\r\n\r\n".utf8)[...])
        #expect(v6 == .connect(host: try #require(HostName("fd00:ec2::254")), port: 80))
    }

    @Test func requestLines() {
        #expect(ProxyRequestHead.isRequestLine(Array("GET http://169.254.169.254/latest/ HTTP/1.1\r".utf8)[...]))
        #expect(ProxyRequestHead.isRequestLine(Array("PUT /x HTTP/1.0".utf8)[...]))
        #expect(!ProxyRequestHead.isRequestLine(Array("GET /x HTTP/2".utf8)[...]))
        #expect(!ProxyRequestHead.isRequestLine(Array("GET  /x HTTP/1.1".utf8)[...]))
        #expect(!ProxyRequestHead.isRequestLine(Array("G(T /x HTTP/1.1".utf8)[...]))
        #expect(!ProxyRequestHead.isRequestLine([0x16, 0x03, 0x01][...]))
    }

    /// `decide`, the connection's one call: how much to read next, and the verdict once there is one.
    @Test func decideReadsOnlyWhatTheVerdictNeeds() throws {
        func decide(_ text: String, limit: Int = 16 * 1024) -> ProxyRequestHead.Decision {
            ProxyRequestHead.decide(Array(text.utf8)[...], maxHeadBytes: limit)
        }
        #expect(decide("") == .read(count: 8))
        #expect(decide("CONN") == .read(count: 4))
        #expect(decide("CONNECT gmail") == .read(count: 1))
        #expect(decide("GET http://a/ HTTP/1.1") == .read(count: 4096))
        #expect(decide("GET http://a/ HTTP/1.1", limit: 30) == .read(count: 8))
        #expect(decide("CONNECT a:1 HTTP/1.1\r\n\r\n\u{16}") == .connect(host: try #require(HostName("a")), port: 1, headLength: 24))
        #expect(decide("GET http://a/ HTTP/1.1\r\nHost: a\r\n\r\n") == .relay)
        #expect(decide("CONNECT a:0 HTTP/1.1\r\n\r\n")
                    == .badRequest("\"a:0\" is not host:port (CONNECT needs a host name or IP address and a port)"))
        #expect(decide("GET /x HTTP/2\r\n")
                    == .badRequest("not an HTTP/1.1 request line (a proxy client sends CONNECT host:port HTTP/1.1, or METHOD http://host/path HTTP/1.1)"))
        // The limit: 431 once that many bytes hold no head (or no line break), whatever follows.
        let padded = "CONNECT a:1 HTTP/1.1\r\nX: " + String(repeating: "x", count: 30)
        #expect(decide(padded, limit: 64) == .read(count: 1))
        #expect(decide(padded + String(repeating: "x", count: 10) + "\r\n\r\n", limit: 64) == .headTooLarge)
        #expect(decide(String(repeating: "G", count: 64) + "\n", limit: 64) == .headTooLarge)
    }

    /// Found by the proxy-head fuzz target: a bare CR inside the request line was taken as part of the
    /// version, and echoed raw into the 400's text. RFC 9112 §2.2 makes a bare CR invalid anywhere.
    @Test func aBareCarriageReturnIsRejected() throws {
        let found = "CONNECT gmail.g2oog8eapis.com:443 HTTP/1.1\rinstance-data.ec2.internalgleapis.com:443\r\n\r\n"
        #expect(ProxyRequestHead.decide(Array(found.utf8)[...], maxHeadBytes: 16 * 1024)
                    == .badRequest("the CONNECT head has a CR not followed by LF at byte 43"))
        #expect(ProxyRequestHead.parseConnect(Array("CONNECT a:1 HTTP/1.1\r\nHost: a\rb\r\n\r\n".utf8)[...])
                    == .malformed("the CONNECT head has a CR not followed by LF at byte 30"))
        #expect(ProxyRequestHead.parseConnect(Array("CONNECT a:1 HTTP/1.1\r\n\r\n".utf8)[...])
                    == .connect(host: try #require(HostName("a")), port: 1))
    }

    /// Random bytes and mutations of a valid head: every answer is a verdict, never a crash.
    @Test func arbitraryBytesNeverCrash() {
        var generator = SystemRandomNumberGenerator()
        let valid = Array("CONNECT gmail.googleapis.com:443 HTTP/1.1\r\nHost: gmail.googleapis.com:443\r\n\r\n".utf8)
        for round in 0..<5_000 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = (0..<Int.random(in: 0...200, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            } else {
                bytes = valid
                for _ in 0..<Int.random(in: 1...6, using: &generator) {
                    let index = Int.random(in: 0..<bytes.count, using: &generator)
                    bytes[index] = [0x00, 0x0A, 0x0D, 0x20, 0x3A, 0x5B, 0x5D, 0xFF, UInt8.random(in: 0...255, using: &generator)].randomElement(using: &generator) ?? 0
                }
            }
            _ = ProxyRequestHead.isConnect(bytes[...])
            _ = ProxyRequestHead.headLength(bytes[...])
            _ = ProxyRequestHead.isRequestLine(bytes[...])
            _ = ProxyRequestHead.parseConnect(bytes[...])
            _ = HostName.authority(String(decoding: bytes, as: UTF8.self), defaultPort: 443)
        }
    }
}
