@testable import DrydockHTTP
import Foundation
import Glibc
import Testing

/// The request-head timeout: a client that trickles its head a byte at a time (which restarts the idle
/// timeout with every byte) is cut off once the head is late; an idle kept-alive connection is not.
@Suite(.timeLimit(.minutes(1))) struct HTTPServerHeadTimeoutTests {
    let ok: @Sendable (HTTPRequest) -> HTTPResponse = { _ in HTTPResponse(status: 200, body: Array("ok".utf8)) }

    @Test func aTricklingHeadIsCutOffAfterTheHeadTimeout() async throws {
        try await withServer(.init(connectionTimeoutSeconds: 30, requestHeadTimeoutSeconds: 0.3), ok) { server, _ in
            let socket = try RawSocket(port: server.port)
            defer { socket.close() }
            socket.send(Array("GET / HTTP/1.1\r\nHost: x\r\n".utf8))
            // A byte every 20 ms keeps the 30 s idle timeout from ever firing; only the head timeout can.
            let closed = await onThread { socket.trickleUntilClosed(every: 0.02) }
            #expect(closed == .closedByServer)
            #expect(await eventually { server.statistics.headTimeouts == 1 })
            #expect(server.statistics.requestsHandled == 0)
            #expect(await eventually { server.statistics.connectionsOpen == 0 })
        }
    }

    /// Between requests the head clock does not run: the idle kept-alive connection outlives several head
    /// timeouts (the idle timeout is off) and still carries a request; once that next request starts
    /// trickling, its head is due.
    @Test func anIdleKeptAliveConnectionIsNotCutButItsNextSlowHeadIs() async throws {
        try await withServer(.init(connectionTimeoutSeconds: 0, requestHeadTimeoutSeconds: 0.2), ok) { server, _ in
            let socket = try RawSocket(port: server.port)
            defer { socket.close() }
            let request = Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
            socket.send(request)
            #expect(await onThread { socket.readResponse(endingWith: "ok") })
            // Idle for five head timeouts (and ten sweeps): only the idle timeout may close it, and it is off.
            try await Task.sleep(for: .seconds(1))
            socket.send(request)
            #expect(await onThread { socket.readResponse(endingWith: "ok") })
            #expect(server.statistics.headTimeouts == 0)

            socket.send(Array("GET / HTTP/1.1\r\nHo".utf8))
            #expect(await onThread { socket.trickleUntilClosed(every: 0.02) } == .closedByServer)
            #expect(await eventually { server.statistics.headTimeouts == 1 })
            #expect(server.statistics.requestsHandled == 2)
        }
    }

    /// A connection that sends nothing at all is a head that never comes: due from the accept.
    @Test func aSilentNewConnectionIsClosedAfterTheHeadTimeout() async throws {
        try await withServer(.init(connectionTimeoutSeconds: 30, requestHeadTimeoutSeconds: 0.2), ok) { server, _ in
            let socket = try RawSocket(port: server.port)
            defer { socket.close() }
            #expect(await onThread { socket.readAll() }.isEmpty)
            #expect(await eventually { server.statistics.headTimeouts == 1 })
        }
    }

    @Test func zeroTurnsTheHeadTimeoutOff() async throws {
        try await withServer(.init(connectionTimeoutSeconds: Int(deadlockGuardSeconds), requestHeadTimeoutSeconds: 0), ok) { server, _ in
            let socket = try RawSocket(port: server.port)
            defer { socket.close() }
            // On a thread of its own: the pause between the two halves is 1.5 s, however long a busy
            // cooperative pool would keep an awaiting task waiting.
            #expect(await onThread {
                socket.send(Array("GET / HTTP/1.1\r\nHost: x\r\n".utf8))
                Thread.sleep(forTimeInterval: 1.5)
                socket.send(Array("\r\n".utf8))
                return socket.readResponse(endingWith: "ok")
            })
            #expect(server.statistics.headTimeouts == 0)
        }
    }
}

/// How a trickling client's connection ended.
enum TrickleEnd: Equatable {
    case closedByServer
    case gaveUp
}

extension RawSocket {
    /// Sends one byte every `interval` seconds until the server closes the connection (a read sees EOF or
    /// a reset, or a send fails), or the deadlock guard passes.
    func trickleUntilClosed(every interval: Double) -> TrickleEnd {
        let deadline = Date(timeIntervalSinceNow: deadlockGuardSeconds)
        var byte = UInt8(ascii: "a")
        while Date() < deadline {
            if Glibc.send(fd, &byte, 1, Int32(MSG_NOSIGNAL)) < 0 { return .closedByServer }
            var polled = pollfd(fd: fd, events: Int16(POLLIN) | 0x2000 /* POLLRDHUP */, revents: 0)
            if poll(&polled, 1, Int32(interval * 1000)) > 0 {
                var scratch = [UInt8](repeating: 0, count: 4096)
                let count = scratch.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
                if count <= 0 { return .closedByServer }
            }
        }
        return .gaveUp
    }

    /// Reads until what arrived ends with `suffix` (a response whose body is known); false if the
    /// connection closes first.
    func readResponse(endingWith suffix: String) -> Bool {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !String(decoding: received, as: UTF8.self).hasSuffix("\r\n\r\n" + suffix) {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return false }
            received += buffer[..<count]
        }
        return true
    }
}

/// Runs blocking socket work on its own thread, off Swift's cooperative pool.
func onThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: work()) }.start()
    }
}
