@testable import DrydockHTTP
import Testing

/// Requests libmicrohttpd 0.9.75 used to drop without a word: an unknown transfer coding, a query with
/// ~940+ parameters. Each now gets an answer, and the server goes on serving.
@Suite(.timeLimit(.minutes(1))) struct HTTPServerRequestShapeTests {
    @Test(arguments: ["gzip", "gzip, chunked", "identity", "x-custom"])
    func anUnknownTransferCodingGets501(coding: String) async throws {
        try await withServer(.init(), echo) { server, base in
            let reply = try await rawExchange(
                port: server.port, "POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: \(coding)\r\n\r\nsome body bytes")
            #expect(reply.hasPrefix("HTTP/1.1 501 "), "\(reply.prefix(60))")
            #expect(reply.contains("Transfer-Encoding \"\(coding)\" is not implemented"))
            #expect(reply.lowercased().contains("connection: close"))
            #expect(server.statistics.requestsHandled == 0)
            let after = try await HTTPClient().send(ClientRequest(method: "POST", url: base + "/after", body: Array("fine".utf8)))
            #expect(after.bodyText == "fine")
        }
    }

    @Test func chunkedInAnyCaseIsStillDecoded() async throws {
        try await withServer(.init(), echo) { server, _ in
            let reply = try await rawExchange(
                port: server.port, "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
            #expect(reply.hasPrefix("HTTP/1.1 200"))
            #expect(reply.hasSuffix("\r\n\r\nhello"))
        }
    }

    /// 940 parameters used to exhaust the connection's 64 KiB memory pool (MHD parsed each into a record
    /// nothing reads) and the connection closed with no answer. The responder parses the raw target
    /// itself, so every parameter arrives, as long as the request line fits.
    @Test(arguments: [940, 5000])
    func manyQueryParametersAreServed(count: Int) async throws {
        try await withServer(.init(), { request in
            HTTPResponse(status: 200, body: Array("\(request.queryItems.count) \(request.query("p\(count - 1)") ?? "-")".utf8))
        }) { server, _ in
            let query = (0..<count).map { "p\($0)=\($0)" }.joined(separator: "&")
            let reply = try await rawExchange(port: server.port, "GET /many?\(query) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            #expect(reply.hasPrefix("HTTP/1.1 200"), "\(reply.prefix(60))")
            #expect(reply.hasSuffix("\r\n\r\n\(count) \(count - 1)"))
        }
    }

    /// Past the connection's memory the request line gets MHD's own 414, parameters or not.
    @Test func aRequestLineOverTheLimitGets414() async throws {
        try await withServer(.init(), echo) { server, _ in
            let query = (0..<20_000).map { "p\($0)=1" }.joined(separator: "&")
            let reply = try await rawExchange(port: server.port, "GET /many?\(query) HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(reply.hasPrefix("HTTP/1.1 414"), "\(reply.prefix(60))")
            #expect(server.statistics.requestsHandled == 0)
        }
    }
}
