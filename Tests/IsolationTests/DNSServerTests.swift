import CLDNS
import DrydockHTTP
@testable import DrydockIsolation
import Foundation
import Glibc
import Testing

/// The resolver's transport, on sockets bound to 127.0.0.1:0 in the test's own namespace.
@Suite("DNS server (UDP and TCP)", .timeLimit(.minutes(1)))
struct DNSServerTests {
    /// A running server and its addresses; `stop()` when done.
    struct Running {
        let server: DNSServer
        let udpPort: UInt16
        let tcpPort: UInt16
        let reported: Collected<String>
    }

    static func start() throws -> Running {
        let udp = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        let tcp = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        for fd in [udp, tcp] { try #require(bind(fd, loopback(port: 0)) == 0) }
        try #require(listen(tcp, 16) == 0)
        let reported = Collected<String>()
        let server = try DNSServer(answerer: DNSAnswerer(hosts: DNSMessages.hosts), udp: udp, tcp: tcp) { reported.append($0) }
        return Running(server: server, udpPort: port(of: udp), tcpPort: port(of: tcp), reported: reported)
    }

    static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    static func bind(_ fd: Int32, _ address: sockaddr_in) -> Int32 {
        var address = address
        return withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
    }

    static func port(of fd: Int32) -> UInt16 {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return UInt16(bigEndian: address.sin_port)
    }

    /// A client socket with a 5-second receive timeout, connected to `port` (TCP) or not (UDP).
    static func client(_ type: __socket_type, port: UInt16) throws -> Int32 {
        let fd = socket(AF_INET, Int32(type.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(connected == 0)
        return fd
    }

    static func receive(_ fd: Int32, max: Int = 65536) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: max)
        let count = recv(fd, &buffer, max, 0)
        return count > 0 ? Array(buffer.prefix(count)) : nil
    }

    /// Reads exactly `count` bytes, or nil at end of file or timeout.
    static func receiveExactly(_ fd: Int32, _ count: Int) -> [UInt8]? {
        var bytes: [UInt8] = []
        while bytes.count < count {
            guard let chunk = receive(fd, max: count - bytes.count) else { return nil }
            bytes += chunk
        }
        return bytes
    }

    static func framed(_ message: [UInt8]) -> [UInt8] { [UInt8(message.count >> 8), UInt8(message.count & 0xFF)] + message }

    @Test("UDP: answers, NXDOMAIN reported once however often asked, oversize datagrams FORMERR, responses dropped")
    func udp() throws {
        let running = try Self.start()
        defer { running.server.stop() }
        let fd = try Self.client(SOCK_DGRAM, port: running.udpPort)
        defer { close(fd) }

        for (query, expected) in [
            (DNSMessages.query("gmail.googleapis.com", id: 1), ["gmail.googleapis.com. A 127.0.0.1 ttl=60"]),
            (DNSMessages.query("example.org", id: 2), []), (DNSMessages.query("example.org", type: LDNS_RR_TYPE_AAAA, id: 3), []),
        ] {
            #expect(send(fd, query, query.count, 0) == query.count)
            let answer = try #require(Self.receive(fd).flatMap(DNSMessages.parse))
            #expect(answer.answers == expected)
        }
        let oversize = DNSMessages.query("example.org", id: 4) + [UInt8](repeating: 0, count: DNSAnswerer.maxQueryBytes)
        #expect(send(fd, oversize, oversize.count, 0) == oversize.count)
        let formErr = try #require(Self.receive(fd).flatMap(DNSMessages.parse))
        #expect(formErr.id == 4)
        #expect(formErr.rcode == Int(LDNS_RCODE_FORMERR.rawValue))

        var response = DNSMessages.query("example.net", id: 5)
        response[2] |= 0x80
        _ = send(fd, response, response.count, 0)
        let after = DNSMessages.query("gmail.googleapis.com", id: 6)
        _ = send(fd, after, after.count, 0)
        #expect(try #require(Self.receive(fd).flatMap(DNSMessages.parse)).id == 6, "the response was dropped, not answered")
        #expect(running.reported.all == ["example.org"])
        #expect(running.server.blockedNames == ["example.org"])
    }

    @Test("TCP: two-byte framing, pipelined queries answered in order on one connection")
    func tcp() throws {
        let running = try Self.start()
        defer { running.server.stop() }
        let fd = try Self.client(SOCK_STREAM, port: running.tcpPort)
        defer { close(fd) }
        let pipelined = Self.framed(DNSMessages.query("oauth2.googleapis.com", id: 7)) + Self.framed(DNSMessages.query("example.com", id: 8))
        // Sent a byte at a time: the server must reassemble across reads.
        for byte in pipelined { _ = send(fd, [byte], 1, 0) }
        var ids: [UInt16] = []
        for _ in 0..<2 {
            let length = try #require(Self.receiveExactly(fd, 2))
            let message = try #require(Self.receiveExactly(fd, Int(length[0]) << 8 | Int(length[1])))
            ids.append(try #require(DNSMessages.parse(message)).id)
        }
        #expect(ids == [7, 8])
        #expect(running.reported.all == ["example.com"])
    }

    @Test("TCP: a length over the limit, or a message that is dropped, closes the connection")
    func tcpLimits() throws {
        let running = try Self.start()
        defer { running.server.stop() }
        let oversize = try Self.client(SOCK_STREAM, port: running.tcpPort)
        defer { close(oversize) }
        let announce = UInt16(DNSAnswerer.maxQueryBytes + 1)
        _ = send(oversize, [UInt8(announce >> 8), UInt8(announce & 0xFF)], 2, 0)
        #expect(Self.receive(oversize) == nil)

        let short = try Self.client(SOCK_STREAM, port: running.tcpPort)
        defer { close(short) }
        let framed = Self.framed([0, 1, 2])
        _ = send(short, framed, framed.count, 0)
        #expect(Self.receive(short) == nil)
    }

    @Test("TCP: connections past the limit are closed at once; the server keeps answering UDP")
    func tcpConnectionLimit() throws {
        let running = try Self.start()
        defer { running.server.stop() }
        var clients: [Int32] = []
        defer { clients.forEach { close($0) } }
        for _ in 0..<DNSServer.maxConnections { clients.append(try Self.client(SOCK_STREAM, port: running.tcpPort)) }
        let udp = try Self.client(SOCK_DGRAM, port: running.udpPort)
        defer { close(udp) }
        let query = DNSMessages.query("gmail.googleapis.com", id: 9)
        _ = send(udp, query, query.count, 0)
        #expect(Self.receive(udp).flatMap(DNSMessages.parse)?.id == 9)  // the loop has accepted all by now
        let extra = try Self.client(SOCK_STREAM, port: running.tcpPort)
        defer { close(extra) }
        #expect(Self.receive(extra) == nil)
        let framed = Self.framed(query)
        _ = send(clients[0], framed, framed.count, 0)
        #expect(Self.receiveExactly(clients[0], 2) != nil, "an accepted connection is still served")
    }

    @Test("stop() closes both sockets and can be called twice")
    func stop() throws {
        let running = try Self.start()
        running.server.stop()
        running.server.stop()
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = Self.loopback(port: running.tcpPort)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        #expect(connected == -1 && errno == ECONNREFUSED)
    }

    @Test("HTTPServer adopts only a listening TCP socket, and closes one it refuses")
    func adoptedListener() throws {
        let udp = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        var before = stat()
        #expect(fstat(udp, &before) == 0)
        let server = HTTPServer(responder: ClosureResponder { _ in HTTPResponse(status: 204) })
        #expect(throws: HTTPServerError.self) { try server.start(listeningOn: udp) }
        // Closed: the descriptor is gone, or (other tests run in parallel and open files) its number was
        // already reused for something else — never the same socket.
        var after = stat()
        let stillOpen = fstat(udp, &after) == 0
        #expect(!stillOpen || after.st_ino != before.st_ino || after.st_dev != before.st_dev)

        let tcp = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(Self.bind(tcp, Self.loopback(port: 0)) == 0)
        #expect(listen(tcp, 8) == 0)
        try server.start(listeningOn: tcp)
        defer { server.stop() }
        #expect(server.port == Int(Self.port(of: tcp)))
        let response = try HTTPClient().send(ClientRequest(method: "GET", url: "http://127.0.0.1:\(server.port)/"))
        #expect(response.status == 204)
    }
}
