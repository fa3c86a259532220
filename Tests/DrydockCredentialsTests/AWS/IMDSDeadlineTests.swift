import DrydockCore
import DrydockCredentials
import DrydockHTTP
import DrydockTesting
import Foundation
import Synchronization
import Testing

/// A caller's deadline bounds the IMDS credential fetch: each request's timeout is cut to the time left,
/// none is sent past it, and a cut fetch names the request and the deadline. Cached credentials are still
/// served while valid. Hangs are lived on virtual time (``VirtualHangs``); one test hangs a real socket.
@Suite(.timeLimit(.minutes(1)))
struct IMDSDeadlineTests {
    let clock = ManualClock()
    let warnings = WarningLog()
    let imds: FakeIMDS
    let hangs: VirtualHangs
    static let tokenURL = "http://169.254.169.254/latest/api/token"
    static let roleURL = "http://169.254.169.254/latest/meta-data/iam/security-credentials/"

    init() {
        imds = FakeIMDS(expiration: clock.now().addingTimeInterval(6 * 3600))
        hangs = VirtualHangs(imds.transport, clock: clock)
    }

    func provider() -> IMDSCredentialProvider {
        IMDSCredentialProvider(configuration: IMDSConfiguration(), transport: hangs, clock: clock, warnings: warnings.sink)
    }

    func deadline(in seconds: Double) -> AWSCallDeadline {
        AWSCallDeadline(clock.now().addingTimeInterval(seconds), name: "the refresh deadline (\(CredentialError.seconds(seconds)))")
    }

    @Test func aHangingIMDSCostsTheTimeLeftNotItsTimeouts() throws {
        imds.update { $0.mode = .hanging }
        let start = clock.now()

        let error = try #require(throws: CredentialError.self) { try provider().expiringCredentials(within: deadline(in: 0.5)) }

        #expect(error.code == .awsCredentialsDeadlineReached)
        #expect(error.message == "IMDS PUT \(Self.tokenURL) was cut: the refresh deadline (0.5 s) was reached; "
            + "the last attempt failed: request timed out with no response (\(Self.tokenURL))")
        #expect(hangs.timeouts == [0.5], "the 1 s timeout cut to the time left, and no IMDSv1 fallback after it")
        #expect(clock.now().timeIntervalSince(start) == 0.5)
    }

    @Test func aFallbackAfterAnUncutTimeoutIsCutInItsTurn() throws {
        imds.update { $0.mode = .hanging }

        let error = try #require(throws: CredentialError.self) { try provider().expiringCredentials(within: deadline(in: 1.5)) }

        // The token request's own 1 s timeout ran out first (IMDSv1 fallback, as botocore); the GET had 0.5 s.
        #expect(error.code == .awsCredentialsDeadlineReached)
        #expect(error.message.hasPrefix("IMDS GET \(Self.roleURL) was cut: the refresh deadline (1.5 s) was reached; the last attempt failed: "))
        #expect(hangs.timeouts == [1, 0.5])
    }

    @Test func nothingIsSentWithNoTimeLeft() throws {
        let error = try #require(throws: CredentialError.self) { try provider().expiringCredentials(within: deadline(in: 0)) }

        #expect(error.code == .awsCredentialsDeadlineReached)
        #expect(error.message == "IMDS PUT \(Self.tokenURL) was cut: the refresh deadline (0 s) was reached before a request was sent")
        #expect(imds.requests.isEmpty)
    }

    @Test func aDeadlineLongerThanTheTimeoutsChangesNothing() throws {
        let credentials = try provider().expiringCredentials(within: deadline(in: 60))
        #expect(credentials.credentials.accessKeyID == "ASIAFAKE1")
        #expect(hangs.timeouts == [1, 1, 1])
    }

    @Test func cachedCredentialsAreServedWhileValidWhenTheRefreshIsCut() throws {
        let provider = provider()
        let first = try provider.expiringCredentials()
        // Inside the mandatory window (5 min left): every caller refreshes, and IMDS now hangs.
        clock.advance(seconds: 6 * 3600 - 5 * 60)
        imds.update { $0.mode = .hanging }
        let start = clock.now()

        let served = try provider.expiringCredentials(within: deadline(in: 0.5))

        #expect(served == first)
        #expect(clock.now().timeIntervalSince(start) == 0.5)
        #expect(hangs.timeouts.last == 0.5)
        #expect(warnings.all.count == 1)
        #expect(warnings.all.first?.hasPrefix("could not refresh AWS credentials from IMDS (IMDS GET \(Self.roleURL) was cut: "
            + "the refresh deadline (0.5 s) was reached; the last attempt failed: request timed out") == true)
        #expect(warnings.all.first?.contains("still using cached credentials") == true)
    }

    @Test func theChainStopsAtTheCutInsteadOfReportingNoCredentials() throws {
        imds.update { $0.mode = .hanging }
        let chain = AWSCredentialChain(providers: [EnvironmentCredentialProvider(environment: Environment([:])), provider()])

        let error = try #require(throws: CredentialError.self) { try chain.credentials(within: deadline(in: 0.5)) }

        #expect(error.code == .awsCredentialsDeadlineReached, "transient: the deadline, not a missing role")
        #expect(error.message.hasPrefix("IMDS PUT \(Self.tokenURL) was cut: the refresh deadline (0.5 s) was reached"))
    }

    @Test func aHangingSocketCostsTheTimeLeft() throws {
        try withEmulators(.live) { harness in
            try harness.addFault(#"{"service":"imds","action":{"type":"hang"}}"#)
            let provider = IMDSCredentialProvider(
                configuration: IMDSConfiguration(endpoint: harness.baseURL), transport: harness.transport, clock: SystemClock())
            let limit = AWSCallDeadline(Date().addingTimeInterval(0.4), name: "the refresh deadline (0.4 s)")
            let started = ContinuousClock.now

            let error = try #require(throws: CredentialError.self) { try provider.expiringCredentials(within: limit) }

            let elapsed = ContinuousClock.now - started
            // 0.4 s, not the 2 s of a PUT and a GET at their 1 s timeouts (a margin for a loaded machine).
            #expect(elapsed >= .seconds(0.3) && elapsed < .seconds(1.5), "\(elapsed)")
            #expect(error.code == .awsCredentialsDeadlineReached)
            #expect(error.message.hasPrefix("IMDS PUT \(harness.baseURL)/latest/api/token was cut: the refresh deadline (0.4 s) was reached"))
        }
    }
}

/// A transport that lives a hanging answer as libcurl would on a ``ManualClock``: the clock moves by the
/// request's whole timeout, then the timeout error. Records each request's timeout.
final class VirtualHangs: HTTPTransport, Sendable {
    let base: any HTTPTransport
    let clock: ManualClock
    private let sent = Mutex<[Double]>([])

    init(_ base: any HTTPTransport, clock: ManualClock) {
        self.base = base
        self.clock = clock
    }

    var timeouts: [Double] { sent.withLock { $0 } }

    func send(_ request: ClientRequest) throws -> HTTPResponse {
        let timeout = request.timeout ?? 60
        sent.withLock { $0.append(timeout) }
        do {
            return try base.send(request)
        } catch let error as HTTPClientError where error.code == .timeout {
            clock.advance(seconds: timeout)
            throw error
        }
    }
}
