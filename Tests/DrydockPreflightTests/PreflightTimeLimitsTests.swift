import DrydockCore
import DrydockHTTP
@testable import DrydockPreflight
import Foundation
import Synchronization
import Testing

/// The time limits on simulated time: which limit a check gets, how a request's timeout is cut, what is
/// refused, and the failure line that names the check, the request and the limit.
@Suite struct PreflightTimeLimitsTests {
    let clock = ManualClock()

    /// A transport whose requests hang for their whole timeout on `clock` (a black-holed endpoint).
    final class BlackHole: HTTPTransport, Sendable {
        let clock: ManualClock
        let timeouts = Mutex<[Double?]>([])
        init(_ clock: ManualClock) { self.clock = clock }
        func send(_ request: ClientRequest) throws -> HTTPResponse {
            timeouts.withLock { $0.append(request.timeout) }
            clock.advance(seconds: request.timeout ?? 60)
            throw HTTPClientError(code: .timeout, message: "timed out")
        }
    }

    @Test func aRequestIsCutToTheChecksLimitAndLaterOnesAreRefused() throws {
        let limits = PreflightTimeLimits(run: 30, check: 10, clock: clock)
        let endpoint = BlackHole(clock)
        let transport = TimeLimitedTransport(base: endpoint, limits: limits)
        limits.begin("gmail")
        clock.advance(seconds: 4)

        #expect(throws: HTTPClientError.self) {
            try transport.send(ClientRequest(method: "GET", url: "https://gmail.googleapis.com/gmail/v1/users/me/profile?access_token=x", timeout: 20))
        }
        #expect(throws: HTTPClientError.self) { try transport.send(ClientRequest(method: "GET", url: "https://gmail.googleapis.com/x")) }
        #expect(throws: HTTPClientError.self) { try transport.send(ClientRequest(method: "GET", url: "https://gmail.googleapis.com/y")) }

        #expect(endpoint.timeouts.withLock { $0 } == [6], "20 s cut to the 6 s left; nothing sent after")
        let cut = try #require(limits.finish())
        #expect(cut == .init(request: "GET https://gmail.googleapis.com/gmail/v1/users/me/profile", limit: "the per-check limit (10 s)", sent: true, refusedAfter: 2))
        let line = PreflightTimeLimits.failure("gmail", cut)
        #expect(line.check == "gmail" && line.subject == "time limit" && line.status == .fail)
        #expect(line.evidence == "the gmail check was cut by the per-check limit (10 s): GET https://gmail.googleapis.com/gmail/v1/users/me/profile "
            + "did not answer in time; 2 later requests were not sent")
        #expect(line.fix.hasPrefix("check that this host reaches https://gmail.googleapis.com (DNS, firewall, proxy)"))
    }

    @Test func aShorterOwnTimeoutIsLeftAloneAndItsTimeoutIsTheChecksOwnFailure() throws {
        let limits = PreflightTimeLimits(run: 30, check: 10, clock: clock)
        let endpoint = BlackHole(clock)
        limits.begin("imds")
        #expect(throws: HTTPClientError.self) {
            try TimeLimitedTransport(base: endpoint, limits: limits).send(ClientRequest(method: "PUT", url: "http://169.254.169.254/latest/api/token", timeout: 2))
        }
        #expect(endpoint.timeouts.withLock { $0 } == [2])
        #expect(limits.finish() == nil, "not cut: the check reports its own timeout")
    }

    @Test func theRunsEndBoundsEveryCheckAfterIt() throws {
        let limits = PreflightTimeLimits(run: 12, check: 10, clock: clock)
        let endpoint = BlackHole(clock)
        let transport = TimeLimitedTransport(base: endpoint, limits: limits)
        limits.begin("refresh")
        _ = try? transport.send(ClientRequest(method: "POST", url: "https://oauth2.googleapis.com/token", timeout: 30))
        #expect(limits.finish()?.limit == "the per-check limit (10 s)")

        limits.begin("dynamodb")
        #expect(limits.callDeadline.name == "the preflight --timeout (12 s)", "2 s left of the run, less than a check's 10 s")
        _ = try? transport.send(ClientRequest(method: "POST", url: "https://dynamodb.us-east-1.amazonaws.com/", timeout: 20))
        #expect(limits.finish() == .init(request: "POST https://dynamodb.us-east-1.amazonaws.com/", limit: "the preflight --timeout (12 s)", sent: true))

        limits.begin("sheets")
        let refused = #expect(throws: HTTPClientError.self) {
            try transport.send(ClientRequest(method: "GET", url: "https://sheets.googleapis.com/v4/spreadsheets/1", timeout: 20))
        }
        #expect(refused?.message == "the preflight --timeout (12 s) was reached: GET https://sheets.googleapis.com/v4/spreadsheets/1 was not sent")
        #expect(limits.finish()?.sent == false)
        #expect(endpoint.timeouts.withLock { $0 } == [10, 2])
    }

    @Test(arguments: ["0", "-3", "abc", "nan", "inf", "3600.5", ""])
    func aTimeoutMustBeAPositiveNumberOfSecondsUpToAnHour(text: String) {
        #expect(PreflightOptions.timeout(parsing: text) == .failure(PreflightUsageError(
            "--timeout must be a number of seconds > 0 (at most 3600), got '\(text)'")))
    }

    @Test func aValidTimeoutIsItsSeconds() {
        #expect(PreflightOptions.timeout(parsing: "2.5") == .success(2.5))
        #expect(PreflightOptions.timeout(parsing: "3600") == .success(3600))
    }
}
