@testable import DrydockHTTP
import Foundation
import Glibc
import Synchronization
import Testing

/// The event-loop threads keep polling for `idleSpinMicroseconds` after activity (a keep-alive client's
/// next request finds them awake) and then sleep: an idle server burns no processor.
@Suite(.timeLimit(.minutes(1)))
struct HTTPServerEventLoopTests {
    @Test func anIdleServerSleepsOnceItsSpinIsOver() async throws {
        try await withServer(.init(idleSpinMicroseconds: 100), echo) { server, base in
            let reply = try await HTTPClient().send(ClientRequest(method: "GET", url: base + "/"))
            #expect(reply.status == 200)
            try await Task.sleep(for: .milliseconds(50))
            let before = server.eventLoopPolls
            try await Task.sleep(for: .milliseconds(300))
            // Sleeping threads wake at most once a second each (two threads); a spinning one polls every
            // few microseconds, tens of thousands of times in 300 ms.
            #expect(server.eventLoopPolls - before <= 4, "\(server.eventLoopPolls - before) polls while idle")
        }
    }

    @Test func afterARequestTheThreadSpinsForTheConfiguredTime() async throws {
        try await withServer(.init(idleSpinMicroseconds: 1_000_000), echo) { server, base in
            let before = server.eventLoopPolls
            let reply = try await HTTPClient().send(ClientRequest(method: "GET", url: base + "/"))
            #expect(reply.status == 200)
            try await Task.sleep(for: .milliseconds(100))
            #expect(server.eventLoopPolls - before > 100, "\(server.eventLoopPolls - before) polls in a 1 s spin")
        }
    }

    @Test func withoutASpinEveryRequestIsStillAnsweredOnEveryThread() async throws {
        for threads in [1, 3] {
            try await withServer(.init(threadCount: threads, idleSpinMicroseconds: 0), echo) { server, base in
                let client = HTTPClient()
                for index in 0..<20 {
                    let reply = try await client.send(ClientRequest(method: "GET", url: base + "/\(index)"))
                    #expect(reply.status == 200 && reply.headers["X-Target"] == "/\(index)")
                }
                #expect(server.statistics.requestsHandled == 20)
            }
        }
    }

    /// A deferred answer is resumed from a Dispatch thread; the sleeping event loop must be woken for it (a
    /// missed wake-up would cost the loop's one-second ceiling on every wait). Measured from the moment the
    /// continuation ran to the moment a client on a thread of its own had the answer, so a loaded test
    /// process, whose Dispatch workers may start the continuation late, does not count.
    @Test func aResumedConnectionIsAnsweredWithoutWaitingForTheLoopsTimeout() async throws {
        let resumedAt = Mutex<[ContinuousClock.Instant]>([])
        try await withServer(.init(threadCount: 1, idleSpinMicroseconds: 0), { _ in
            .deferred(after: .milliseconds(20)) {
                resumedAt.withLock { $0.append(.now) }
                return HTTPResponse(status: 200, body: Array("late".utf8))
            }
        }) { server, _ in
            for round in 0..<3 {
                let (reply, answeredAt) = try await onOwnThread {
                    let socket = try RawSocket(port: server.port)
                    defer { socket.close() }
                    socket.send(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
                    return (socket.readResponseHead(), ContinuousClock.now)
                }
                #expect(reply.hasPrefix("HTTP/1.1 200"))
                let wait = answeredAt - resumedAt.withLock { $0[round] }
                #expect(wait < .milliseconds(900), "the answer went out \(wait) after the continuation ran")
            }
        }
    }

    /// New connections go to the thread holding the fewest, even while another spins (and so would see
    /// every new connection first).
    @Test func aBurstOfConnectionsIsSpreadOverTheThreads() async throws {
        try await withServer(.init(threadCount: 2, idleSpinMicroseconds: 1_000_000), echo) { server, _ in
            var sockets: [RawSocket] = []
            defer { for socket in sockets { socket.close() } }
            for index in 0..<8 {
                let socket = try RawSocket(port: server.port)
                sockets.append(socket)
                socket.send(Array("GET /\(index) HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
                #expect(socket.readResponseHead().hasPrefix("HTTP/1.1 200"))
            }
            #expect(await eventually { server.eventLoopConnections.reduce(0, +) == 8 })
            #expect(server.eventLoopConnections.sorted() == [4, 4], "\(server.eventLoopConnections)")
        }
    }

    /// `start(listeningOn:)` owns the descriptor from the call on: refused because the server already runs
    /// or because its configuration is invalid, it closes it rather than leak it. Seen from a client (the
    /// descriptor's number may be reused at once by a test running beside this one): a connection to its
    /// port is refused once it is closed, and would wait in its backlog while it is open.
    @Test func aDescriptorHandedToAServerThatCannotStartIsClosed() throws {
        let running = HTTPServer(responder: ClosureResponder(echo))
        try running.start()
        defer { running.stop() }
        let invalid = HTTPServer(responder: ClosureResponder(echo), configuration: .init(threadCount: 0))
        for (server, code) in [(running, HTTPServerError.Code.alreadyRunning), (invalid, .invalidAddress)] {
            let (fd, port) = try Self.listeningSocket()
            #expect(throws: HTTPServerError.self) { try server.start(listeningOn: fd) }
            #expect(throws: SystemError.self, "\(code): port \(port) still listening") {
                let client = try RawSocket(port: port)
                client.close()
            }
        }
    }

    /// A socket listening on a free loopback port, and the port.
    private static func listeningSocket() throws -> (Int32, Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && listen(fd, 16) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard fd >= 0, named else { throw SystemError("listen") }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    @Test func aSpinOutOfRangeIsRefusedAtStart() {
        for spin in [-1, 1_000_001] {
            let server = HTTPServer(responder: ClosureResponder(echo), configuration: .init(idleSpinMicroseconds: spin))
            #expect {
                try server.start()
            } throws: { error in
                (error as? HTTPServerError)?.message.hasSuffix("idleSpinMicroseconds must be 0 to 1000000") == true
            }
        }
    }
}
