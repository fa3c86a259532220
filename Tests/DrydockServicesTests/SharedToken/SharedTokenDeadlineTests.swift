import DrydockCore
import DrydockCredentials
import DrydockHTTP
@testable import DrydockServices
import DrydockTesting
import Foundation
import Testing

/// A hanging or failing AWS endpoint costs the shared token store at most the refresh deadline: every
/// Secrets Manager and DynamoDB call runs under the time left, retries stop at the deadline, the lease
/// release has its own short budget, and the cached-token fallback still applies.
///
/// In-process tests live the emulators' `hang` as libcurl would, on virtual time (``VirtualTimeouts``); one
/// live test hangs a real socket for the 2 s deadline, so the transfer timeout is proven on the wire.
@Suite(.timeLimit(.minutes(1)))
struct SharedTokenDeadlineTests {
    static let table = "lease table 'drydock-locks' in us-east-1"
    static let secret = "Secrets Manager secret 'drydock/google-token' in us-east-1"
    /// Virtual time also runs with real time: what a loaded machine may add to a 20 s deadline.
    static let deadlinePlusMargin = 22.0

    @Test func aHangingSecretsManagerFailsWithinTheDeadlineOnARealSocket() throws {
        try withEmulators(.live) { harness in
            let hosts = try SharedTokenHosts(harness)
            let host = try hosts.host("ops-1", deadline: 2)
            try harness.addFault(#"{"service":"secretsmanager","operation":"GetSecretValue","times":1,"action":{"type":"hang"}}"#)
            let started = ContinuousClock.now

            let error = #expect(throws: CredentialError.self) { try host.refresher.refresh(rejecting: nil) }

            let elapsed = ContinuousClock.now - started
            // The 2 s deadline (plus a margin for a loaded machine), not the client's 30 s timeout.
            #expect(elapsed >= .seconds(1.5) && elapsed < .seconds(6), "\(elapsed)")
            #expect(error?.code == .sharedStoreUnavailable)
            #expect(error?.message.hasPrefix("could not read the shared token (GetSecretValue) on \(Self.secret): ") == true)
            #expect(error?.message.contains("the refresh deadline (2 s) was reached") == true)
            #expect(error?.message.contains(try host.store.refreshToken()) == false)
            #expect(hosts.count("secretsmanager", "GetSecretValue") == 1, "no retry past the deadline")

            // The endpoint recovers: the flock and the lease are free, and the next refresh just works.
            let outcome = try host.refresher.refresh(rejecting: nil)
            #expect(outcome.requestSent)
            #expect(try hosts.sharedValue()?.token == outcome.token)
            #expect(try hosts.leaseItem()?["lease"] == nil)
        }
    }

    @Test func aHangingIMDSIsCutAtTheRefreshDeadlineOnARealSocket() throws {
        try withEmulators(.live) { harness in
            let hosts = try SharedTokenHosts(harness)
            let host = try hosts.host("ops-1", deadline: 0.5)
            try harness.addFault(#"{"service":"imds","action":{"type":"hang"}}"#)
            let started = ContinuousClock.now

            let error = #expect(throws: CredentialError.self) { try host.refresher.refresh(rejecting: nil) }

            let elapsed = ContinuousClock.now - started
            // The 0.5 s deadline, not IMDS's own 1 s timeouts for the token and the role (2 s).
            #expect(elapsed < .seconds(1.5), "\(elapsed)")
            #expect(error?.code == .sharedStoreUnavailable, "transient: the cached-token fallback applies")
            #expect(error?.message.hasPrefix("could not read the shared token (GetSecretValue) on \(Self.secret): no AWS credentials: "
                + "IMDS PUT \(harness.baseURL)/latest/api/token was cut: the refresh deadline (0.5 s) was reached") == true)
            #expect(hosts.count("secretsmanager", "GetSecretValue") == 0)
        }
    }

    @Test func aHangingLeaseTakeFailsWithinTheDeadlineAndHoldsTheLeaseNoLonger() throws {
        try withEmulators(.inProcess) { harness in
            let hosts = try SharedTokenHosts(harness)
            let endpoint = VirtualTimeouts(harness)
            let host = try hosts.host("ops-1", deadline: 20, transport: endpoint)
            // The take lands in the table, but its answer never arrives.
            try harness.addFault(#"{"service":"dynamodb","operation":"UpdateItem","times":1,"action":{"type":"hang","afterHandling":true}}"#)
            let start = harness.clock.now()

            let error = #expect(throws: CredentialError.self) { try host.refresher.refresh(rejecting: nil) }

            #expect(harness.clock.now().timeIntervalSince(start) <= Self.deadlinePlusMargin)
            #expect(error?.code == .sharedStoreUnavailable)
            #expect(error?.message.hasPrefix("could not take the refresh lease (UpdateItem) on \(Self.table) (key 'drydock/google-token'): ") == true)
            #expect(error?.message.contains("DynamoDB UpdateItem failed: DeadlineReached: the refresh deadline (20 s) was reached") == true)
            #expect(endpoint.timeouts(of: "DynamoDB_20120810.UpdateItem").allSatisfy { $0 <= 20 })
            #expect(hosts.count("dynamodb", "UpdateItem") == 1)
            #expect(harness.tokenRequestCount == 0)

            // The lease it may hold ends at its deadline, which has passed: another host refreshes at once.
            let other = try hosts.host("ops-2")
            let outcome = try other.refresher.refresh(rejecting: nil)
            #expect(outcome.requestSent)
            #expect(harness.clock.now().timeIntervalSince(start) < 28)
            #expect(try hosts.sharedValue()?.refreshedBy == "ops-2")
        }
    }

    @Test func aHangingConfirmKeepsTheNewTokenOnThisHostAndReleasesTheLease() throws {
        try withEmulators(.inProcess) { harness in
            let hosts = try SharedTokenHosts(harness)
            let endpoint = VirtualTimeouts(harness)
            let host = try hosts.host("ops-1", deadline: 20, transport: endpoint)
            // The second UpdateItem, the confirm, hangs; the release after it is answered.
            try harness.addFault(#"{"service":"dynamodb","operation":"UpdateItem","nth":2,"times":1,"action":{"type":"hang"}}"#)
            let start = harness.clock.now()

            let outcome = try host.refresher.refresh(rejecting: nil)

            #expect(harness.clock.now().timeIntervalSince(start) <= Self.deadlinePlusMargin)
            #expect(outcome.requestSent)
            #expect(try host.store.cachedToken() == outcome.token, "the new token is used on this host")
            #expect(hosts.count("secretsmanager", "PutSecretValue") == 0, "an unconfirmed holder stores nothing")
            #expect(hosts.warnings.withLock { $0 }.contains {
                $0.hasPrefix("ops-1: the new token could not be shared: could not confirm the refresh lease (UpdateItem) on \(Self.table)")
                    && $0.contains("the refresh deadline (20 s) was reached")
            })
            #expect(hosts.count("dynamodb", "UpdateItem") == 3, "take, confirm, release")
            #expect(try hosts.leaseItem()?["lease"] == nil, "released")
        }
    }

    @Test func theLeaseReleaseHasItsOwnShortBudget() throws {
        try withEmulators(.inProcess) { harness in
            let hosts = try SharedTokenHosts(harness)
            let endpoint = VirtualTimeouts(harness)
            let host = try hosts.host("ops-1", deadline: 20, transport: endpoint)
            // The confirm and the release both hang.
            try harness.addFault(#"{"service":"dynamodb","operation":"UpdateItem","nth":2,"times":2,"action":{"type":"hang"}}"#)
            let start = harness.clock.now()

            let outcome = try host.refresher.refresh(rejecting: nil)

            #expect(outcome.requestSent)
            #expect(harness.clock.now().timeIntervalSince(start) <= Self.deadlinePlusMargin + 2, "the deadline plus the 2 s release budget")
            let timeouts = endpoint.timeouts(of: "DynamoDB_20120810.UpdateItem")
            #expect(timeouts.count == 3)
            #expect(timeouts.last.map { $0 > 1 && $0 <= 2 } == true, "the release's 2 s budget: \(timeouts)")

            // The endpoint recovers: the lease ended with the holder's deadline, so another host need not wait.
            let other = try hosts.host("ops-2")
            #expect(try other.refresher.refresh(rejecting: nil).requestSent)
            #expect(harness.clock.now().timeIntervalSince(start) < 30)
        }
    }

    @Test func retriesOfAFailingSecretsManagerStopAtTheDeadline() throws {
        try withEmulators(.inProcess) { harness in
            let hosts = try SharedTokenHosts(harness)
            // Every GetSecretValue answers 503 after 8 s; the client may try 10 times. Attempts start at 0 s
            // and 8–9 s; the third, at 16–19 s, gets the time left and times out at the deadline.
            let endpoint = VirtualTimeouts(harness, slow: ("secretsmanager.GetSecretValue", 8))
            let host = try hosts.host("ops-1", deadline: 20, transport: endpoint, extraEnvironment: ["AWS_MAX_ATTEMPTS": "10"])
            try harness.addFault(#"{"service":"secretsmanager","operation":"GetSecretValue","action":{"type":"status","status":503}}"#)
            let start = harness.clock.now()

            let error = #expect(throws: CredentialError.self) { try host.refresher.refresh(rejecting: nil) }

            #expect(harness.clock.now().timeIntervalSince(start) <= Self.deadlinePlusMargin)
            // 3 unless the machine is so loaded that real time pushes the third attempt past the deadline.
            #expect((2...3).contains(hosts.count("secretsmanager", "GetSecretValue")), "not 10")
            #expect(error?.code == .sharedStoreUnavailable)
            #expect(error?.message.contains("the refresh deadline (20 s) was reached; the last attempt failed: TransportError") == true)
            #expect(error?.message.contains("[after \(hosts.count("secretsmanager", "GetSecretValue")) attempts]") == true)
        }
    }

    @Test func aStillValidCachedTokenIsUsedWhenSecretsManagerHangs() throws {
        try withEmulators(.inProcess) { harness in
            let hosts = try SharedTokenHosts(harness)
            let host = try hosts.host("ops-1", deadline: 20, transport: VirtualTimeouts(harness))
            let local = hosts.token("ya29.valid-but-expiring-XXXXXXXX", expiresIn: 120, age: 3480)
            try host.store.writeCachedToken(local)
            try harness.addFault(#"{"service":"secretsmanager","action":{"type":"hang"}}"#)
            let start = harness.clock.now()

            #expect(try host.refresher.currentToken() == local)

            #expect(harness.clock.now().timeIntervalSince(start) <= Self.deadlinePlusMargin)
            #expect(harness.tokenRequestCount == 0)
            #expect(hosts.warnings.withLock { $0 }.contains {
                $0.contains("could not read the shared token (GetSecretValue)") && $0.contains("the refresh deadline (20 s) was reached")
                    && $0.contains("using this host's cached token")
            })
        }
    }
}

/// The in-process emulators' answers as a real client lives them, on the harness's virtual time: a request
/// the emulator leaves hanging costs its whole timeout (the clock moves by it, then libcurl's timeout
/// error), and requests for `slow.target` take `slow.seconds` (timing out instead when that is longer than
/// the request's timeout). Records every request's timeout by `X-Amz-Target`.
final class VirtualTimeouts: HTTPTransport, Sendable {
    let harness: EmulatorHarness
    let slow: (target: String, seconds: Double)?
    private let sent = Locked<[(target: String, timeout: Double)]>([])

    init(_ harness: EmulatorHarness, slow: (target: String, seconds: Double)? = nil) {
        self.harness = harness
        self.slow = slow
    }

    /// The timeouts of the requests for `target` (e.g. `DynamoDB_20120810.UpdateItem`), in order.
    func timeouts(of target: String) -> [Double] {
        sent.withLock { $0.filter { $0.target == target }.map(\.timeout) }
    }

    func send(_ request: ClientRequest) throws -> HTTPResponse {
        let target = request.headers["X-Amz-Target"] ?? request.url
        let timeout = request.timeout ?? 60
        sent.withLock { $0.append((target, timeout)) }
        let advance = { (seconds: Double) in self.harness.clock.advance(seconds: seconds) }
        let response: HTTPResponse
        do {
            response = try harness.transport.send(request)
        } catch let error as HTTPClientError where error.code == .timeout {
            try SimulatedTransfer.wait(nil, timeout: timeout, url: request.url, advance: advance)  // the emulator's hang
            throw error
        }
        guard let slow, slow.target == target else { return response }
        try SimulatedTransfer.wait(slow.seconds, timeout: timeout, url: request.url, advance: advance)
        return response
    }
}
