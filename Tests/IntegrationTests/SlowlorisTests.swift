import DrydockCore
import DrydockCredentials
import DrydockFixtures
import DrydockHTTP
import DrydockServices
import Emulators
import Foundation
import Glibc
import Synchronization
import Testing

/// A slowloris against the real edge: 2,000 connections each trickling a request head a byte at a time
/// (so the idle timeout never fires) must lock nobody out, and each is cut off once its head is late.
///
/// Before the event-driven server, 1,050 such connections made every other client fail for 55 s.
@Suite(.timeLimit(.minutes(1))) struct SlowlorisTests {
    static let slowConnections = 2000
    static let headTimeout = 3.0

    @Test func twoThousandSlowConnectionsLockOutNeitherHealthNorGetItem() throws {
        let router = try EmulatorSuite.makeRouter(fixturesDirectory: DrydockFixtures.defaultDirectory)
        let server = HTTPServer(responder: router, configuration: .init(requestHeadTimeoutSeconds: Self.headTimeout))
        try server.start()
        defer { server.stop() }
        let limit = try #require(server.openFileLimit)
        try #require(limit >= 2 * Self.slowConnections + 200, "the open-file limit (\(limit)) leaves no room for the test's own sockets")

        let base = "http://127.0.0.1:\(server.port)"
        var variables = Dictionary(router.endpointVariables(baseURL: base).map { ($0.name, $0.value) }) { first, _ in first }
        variables["AWS_REGION"] = "us-east-1"
        let environment = Environment(variables)
        // A 1 s total timeout: a locked-out client fails the test instead of waiting.
        let client = HTTPClient(configuration: .init(connectTimeout: 1, totalTimeout: 1))
        let dynamodb = try DynamoDBClient(
            credentials: AWSCredentialChain(environment: environment, transport: client, clock: SystemClock()),
            transport: client, environment: environment, clock: SystemClock(), retryPolicy: DynamoDBRetryPolicy(maxAttempts: 1))
        let key: JSONValue = ["dispatch_month": ["S": "2026-08"], "departs_at": ["S": "2026-08-05T10:00:00Z#HC-2026-0119"]]
        // Credentials come from the emulated IMDS once, before the attack.
        #expect(try dynamodb.getItem(table: "crew-dispatch", key: key)?["booking_id"] == ["S": "HC-2026-0119"])

        let slow = try SlowClients(port: server.port, count: Self.slowConnections)
        defer { slow.stop() }
        try #require(eventually { server.statistics.connectionsOpen >= Self.slowConnections })

        var health: [Double] = [], getItem: [Double] = []
        for _ in 0..<10 {
            var started = ContinuousClock.now
            let answer = try client.send(ClientRequest(method: "GET", url: base + "/_drydock/health"))
            health.append(milliseconds(since: started))
            #expect(answer.status == 200)
            started = ContinuousClock.now
            let item = try dynamodb.getItem(table: "crew-dispatch", key: key)
            getItem.append(milliseconds(since: started))
            #expect(item?["booking_id"] == ["S": "HC-2026-0119"])
        }
        // Each answered within the client's 1 s; the typical one well inside 100 ms. (A single request can
        // be held up by the rest of a parallel test run on a 2-core machine; all of them cannot.)
        #expect(median(health) <= 100, "health: \(health) ms")
        #expect(median(getItem) <= 100, "GetItem: \(getItem) ms")

        // Every slow connection is cut off once its head is late, by the server, not by the idle timeout.
        #expect(eventually { slow.closedCount == Self.slowConnections }, "\(slow.closedCount) of \(Self.slowConnections) closed")
        #expect(server.statistics.headTimeouts >= Self.slowConnections)
    }

    private func milliseconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = (ContinuousClock.now - start).components
        return Double(elapsed.seconds) * 1000 + Double(elapsed.attoseconds) / 1e15
    }

    private func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    /// Polls every 10 ms for up to 20 s (a deadlock guard, never a performance bound).
    private func eventually(_ condition: () -> Bool) -> Bool {
        for _ in 0..<2000 where !condition() { usleep(10_000) }
        return condition()
    }
}

/// Connections that each send the start of a request head, then one more header byte every 250 ms from a
/// single thread, until the server closes them.
final class SlowClients: Sendable {
    private let fds: [Int32]
    private let closed: Mutex<Set<Int32>>
    private let stopping = Mutex(false)
    private let finished = DispatchSemaphore(value: 0)

    init(port: Int, count: Int) throws {
        var fds: [Int32] = []
        let head = Array("GET /_drydock/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".utf8)
        for _ in 0..<count {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { fds.forEach { _ = close($0) }; throw SlowClientError("socket: \(String(cString: strerror(errno)))") }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = UInt16(port).bigEndian
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else {
                let reason = String(cString: strerror(errno))
                close(fd)
                fds.forEach { _ = close($0) }
                throw SlowClientError("connect #\(fds.count + 1): \(reason)")
            }
            _ = head.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            fds.append(fd)
        }
        self.fds = fds
        closed = Mutex([])
        Thread { [self] in
            trickle()
            finished.signal()
        }.start()
    }

    /// How many connections the server has closed so far.
    var closedCount: Int { closed.withLock { $0.count } }

    func stop() {
        stopping.withLock { $0 = true }
        finished.wait()
        for fd in fds { close(fd) }
    }

    private func trickle() {
        var byte = UInt8(ascii: "a")
        var scratch = [UInt8](repeating: 0, count: 512)
        while !stopping.withLock({ $0 }) {
            let open = closed.withLock { closed in fds.filter { !closed.contains($0) } }
            if open.isEmpty { return }
            var gone: [Int32] = []
            for fd in open {
                let sendFailed = send(fd, &byte, 1, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) < 0 && errno != EAGAIN
                let read = scratch.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
                let readEnded = read == 0 || (read < 0 && errno != EAGAIN)
                if sendFailed || readEnded { gone.append(fd) }
            }
            closed.withLock { $0.formUnion(gone) }
            usleep(250_000)
        }
    }
}

struct SlowClientError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
