@testable import DrydockHTTP
import Foundation
import Glibc

/// A live server on port 0 for one test, stopped afterwards.
@discardableResult
func withServer<T>(
    _ configuration: HTTPServer.Configuration = .init(),
    _ respond: @escaping @Sendable (HTTPRequest) -> HTTPResponse,
    _ body: (HTTPServer, String) async throws -> T
) async throws -> T {
    let server = HTTPServer(responder: ClosureResponder(respond), configuration: configuration)
    try server.start()
    defer { server.stop() }
    return try await body(server, "http://127.0.0.1:\(server.port)")
}

/// Echoes the request: method and target in headers, body as the body.
let echo: @Sendable (HTTPRequest) -> HTTPResponse = { request in
    var headers: HTTPHeaders = ["X-Method": request.method, "X-Target": request.target]
    for field in request.headers { headers.add("X-Echo-" + field.name, field.value) }
    return HTTPResponse(status: 200, headers: headers, body: request.body)
}

/// Polls `condition` every 10 ms until it holds; false only if it still fails after `timeout` seconds'
/// worth of polls, a deadlock guard that a healthy run never reaches. It counts polls, not wall-clock
/// time: in a loaded full `swift test` on 2 cores, blocking tests elsewhere starved the cooperative pool
/// for 44 s, which used up a wall-clock guard before the awaited work had even been scheduled.
func eventually(timeout: Double = deadlockGuardSeconds, _ condition: () -> Bool) async -> Bool {
    for _ in 0..<max(1, Int(timeout * 100)) {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}

/// Sends raw bytes over a plain TCP connection on a dedicated thread (so the blocking socket calls never
/// hold up Swift's cooperative pool), then reads until the server closes, unless `hangUp` says to close
/// right after sending. Returns what the server sent, as text.
func rawExchange(port: Int, _ bytes: [UInt8], hangUp: Bool = false) async throws -> String {
    try await withCheckedThrowingContinuation { continuation in
        Thread {
            continuation.resume(with: Result {
                let socket = try RawSocket(port: port)
                defer { socket.close() }
                socket.send(bytes)
                return hangUp ? "" : socket.readAll()
            })
        }.start()
    }
}

/// Runs blocking `body` on a thread of its own (never on Swift's cooperative pool) and returns its result.
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

func rawExchange(port: Int, _ text: String, hangUp: Bool = false) async throws -> String {
    try await rawExchange(port: port, Array(text.utf8), hangUp: hangUp)
}

/// A plain TCP client for sending bytes no well-behaved HTTP client would.
struct RawSocket {
    let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SystemError("socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let error = SystemError("connect")
            Glibc.close(fd)
            throw error
        }
        // A bound on every read, so a server that never answers fails the test instead of hanging it. A
        // deadlock guard only: every server under test closes or answers long before it.
        var timeout = timeval(tv_sec: Int(deadlockGuardSeconds), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Writes everything it can; a server that closed early makes this stop, not crash (MSG_NOSIGNAL).
    func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written <= 0 { return }
            offset += written
        }
    }

    /// Reads until the server closes (or the read timeout).
    func readAll() -> String {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            received += buffer[..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// One read: at least the head of a small response already sent (or "" at the read timeout).
    func readResponseHead() -> String {
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self) : ""
    }

    func close() { Glibc.close(fd) }
}

struct SystemError: Error, CustomStringConvertible {
    let description: String
    init(_ call: String) { description = "\(call) failed: \(String(cString: strerror(errno)))" }
}

/// A small deterministic generator, so the garbage a test sends is the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return state ^ (state >> 29)
    }
}
