import DrydockCore
@testable import DrydockCredentials
import DrydockHTTP
import Foundation
import Testing

/// Transient failures are retried with backoff and Retry-After, all inside one deadline.
@Suite struct TokenRefresherRetryTests {
    @Test func serverErrorsAreRetriedThenSucceed() throws {
        let sandbox = try SecretsSandbox()
        let clock = ManualClock()
        let endpoint = FakeTokenEndpoint([
            FakeTokenEndpoint.html(500), FakeTokenEndpoint.oauthError(503, "backendError"), FakeTokenEndpoint.token("ya29.new"),
        ])
        let outcome = try sandbox.refresher(endpoint.transport, clock: clock).refresh(rejecting: nil)
        #expect(outcome.token.accessToken == "ya29.new")
        #expect(endpoint.count == 3)
        #expect(clock.sleeps == [0.5, 1.0])
    }

    @Test func transportFailuresAreRetried() throws {
        let sandbox = try SecretsSandbox()
        let clock = ManualClock()
        let endpoint = FakeTokenEndpoint([
            FakeTokenEndpoint.fault(.reset), FakeTokenEndpoint.fault(.hang), FakeTokenEndpoint.fault(.closeMidBody(bytes: 3)),
            FakeTokenEndpoint.html(408), FakeTokenEndpoint.token("ya29.new"),
        ])
        #expect(try sandbox.refresher(endpoint.transport, clock: clock).currentToken().accessToken == "ya29.new")
        #expect(clock.sleeps == [0.5, 1, 2, 4])
    }

    @Test func retryAfterSecondsIsHonoured() throws {
        let sandbox = try SecretsSandbox()
        let clock = ManualClock()
        let endpoint = FakeTokenEndpoint([
            FakeTokenEndpoint.json(429, ["error": "rate_limit_exceeded"], headers: ["Retry-After": "7"]),
            FakeTokenEndpoint.token(),
        ])
        _ = try sandbox.refresher(endpoint.transport, clock: clock).refresh(rejecting: nil)
        #expect(clock.sleeps == [7])
    }

    @Test func retryAfterHTTPDateIsHonoured() throws {
        let sandbox = try SecretsSandbox()
        let clock = ManualClock()  // 2027-01-15T08:00:00Z
        let endpoint = FakeTokenEndpoint([
            FakeTokenEndpoint.html(503).with(header: "Retry-After", "Fri, 15 Jan 2027 08:00:12 GMT"),
            FakeTokenEndpoint.token(),
        ])
        _ = try sandbox.refresher(endpoint.transport, clock: clock).refresh(rejecting: nil)
        #expect(clock.sleeps == [12])
    }

    @Test func retryAfterPastTheDeadlineGivesUpAtOnce() throws {
        let sandbox = try SecretsSandbox()
        let clock = ManualClock()
        let endpoint = FakeTokenEndpoint(FakeTokenEndpoint.html(503).with(header: "Retry-After", "120"))
        let error = #expect(throws: CredentialError.self) {
            try sandbox.refresher(endpoint.transport, clock: clock).refresh(rejecting: nil)
        }
        #expect(error?.code == .tokenEndpointUnavailable)
        #expect(error?.message.contains("the server asked to retry after 120 s, past the deadline") == true)
        #expect(endpoint.count == 1)
        #expect(clock.sleeps.isEmpty)
    }

    @Test func backoffIsExponentialWithinTheDeadline() throws {
        let sandbox = try SecretsSandbox()
        let clock = ManualClock()
        let start = clock.now()
        let endpoint = FakeTokenEndpoint(FakeTokenEndpoint.html(503))
        let error = #expect(throws: CredentialError.self) {
            try sandbox.refresher(endpoint.transport, clock: clock, configuration: .test(deadline: 20)).refresh(rejecting: nil)
        }
        #expect(clock.sleeps == [0.5, 1, 2, 4, 8])  // the next 8 s wait would pass the deadline
        #expect(endpoint.count == 6)
        #expect(clock.now().timeIntervalSince(start) <= 20)
        #expect(error?.message.contains("6 attempts over 15.5 s") == true)
    }

    @Test func fullJitterDrawsBelowTheCap() throws {
        let sandbox = try SecretsSandbox()
        let clock = ManualClock()
        let endpoint = FakeTokenEndpoint([FakeTokenEndpoint.html(503), FakeTokenEndpoint.html(503), FakeTokenEndpoint.token()])
        var configuration = TokenRefresher.Configuration.test()
        configuration.backoff.jitter = { $0 / 4 }
        _ = try sandbox.refresher(endpoint.transport, clock: clock, configuration: configuration).refresh(rejecting: nil)
        #expect(clock.sleeps == [0.125, 0.25])

        let zero = RetryBackoff(initial: 1, maximum: 4, minimum: 0.05, jitter: { _ in 0 })
        #expect((0..<4).map { zero.delay(attempt: $0) } == [0.05, 0.05, 0.05, 0.05])
        let real = RetryBackoff(initial: 1, maximum: 4)
        for attempt in 0..<10 { #expect(real.delay(attempt: attempt) <= real.cap(attempt: attempt)) }
        #expect((0..<5).map { real.cap(attempt: $0) } == [1, 2, 4, 4, 4])
    }

    @Test func slowRequestsCountAgainstTheDeadline() throws {
        let sandbox = try SecretsSandbox()
        let clock = ManualClock()
        let start = clock.now()
        let endpoint = FakeTokenEndpoint(FakeTokenEndpoint.html(503))
        let slow = SlowTransport(endpoint.transport, clock: clock, latency: 5)
        let error = #expect(throws: CredentialError.self) {
            try sandbox.refresher(slow, clock: clock, configuration: .test(deadline: 20)).refresh(rejecting: nil)
        }
        #expect(error?.code == .tokenEndpointUnavailable)
        #expect(clock.now().timeIntervalSince(start) <= 20)
        // Each request may only take what is left of the deadline: 20, then 14.5, 8.5, 1.5.
        #expect(slow.requestedTimeouts == [20, 14.5, 8.5, 1.5])
    }

    @Test func hangingRequestUsesTheWholeDeadlineOnce() throws {
        let sandbox = try SecretsSandbox()
        let clock = ManualClock()
        let start = clock.now()
        let slow = SlowTransport(FakeTokenEndpoint(FakeTokenEndpoint.fault(.hang)).transport, clock: clock)
        let error = #expect(throws: CredentialError.self) {
            try sandbox.refresher(slow, clock: clock, configuration: .test(deadline: 20)).refresh(rejecting: nil)
        }
        #expect(error?.code == .tokenEndpointUnavailable)
        #expect(slow.requestedTimeouts == [20])
        #expect(clock.now().timeIntervalSince(start) == 20)
    }
}

/// `Retry-After` in its three date forms and as seconds.
@Suite struct RetryAfterTests {
    let now = Date(timeIntervalSince1970: 784_111_777)  // Sun, 06 Nov 1994 08:49:37 GMT

    @Test func parsesSecondsAndDates() {
        #expect(RetryAfter.delay("7", now: now) == 7)
        #expect(RetryAfter.delay(" 0 ", now: now) == 0)
        #expect(RetryAfter.delay("Sun, 06 Nov 1994 08:49:47 GMT", now: now) == 10)
        #expect(RetryAfter.delay("Sunday, 06-Nov-94 08:49:57 GMT", now: now) == 20)
        #expect(RetryAfter.delay("Sun Nov  6 08:50:07 1994", now: now) == 30)
        #expect(RetryAfter.delay("Sun, 06 Nov 1994 08:00:00 GMT", now: now) == 0)
    }

    @Test(arguments: [nil, "", "-3", "1.5", "soon", "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT"])
    func ignoresWhatItCannotRead(value: String?) {
        #expect(RetryAfter.delay(value, now: now) == nil)
    }
}

extension HTTPResponse {
    func with(header name: String, _ value: String) -> HTTPResponse {
        var copy = self
        copy.headers.set(name, value)
        return copy
    }
}
