import DrydockCore
@testable import DrydockCredentials
import DrydockHTTP
import Foundation
import Synchronization
import Testing

/// Bearer tokens on every request, one refresh on a 401, and no way to loop on the token endpoint.
@Suite struct AuthorizedPipelineTests {
    static let url = "https://gmail.test/gmail/v1/users/me/messages?q=secret-query"

    /// An API that accepts only `accepted` tokens, recording the tokens it saw.
    final class FakeAPI: Sendable {
        let accepted: Set<String>
        let seen = Mutex<[String]>([])
        init(accepting accepted: Set<String>) { self.accepted = accepted }

        var transport: InProcessTransport {
            InProcessTransport(ClosureResponder { [self] request in
                let token = String((request.headers["Authorization"] ?? "").dropFirst("Bearer ".count))
                seen.withLock { $0.append(token) }
                return accepted.contains(token)
                    ? HTTPResponse(status: 200, contentType: "application/json", text: #"{"messages": []}"#)
                    : HTTPResponse(status: 401, contentType: "application/json", text: #"{"error": {"code": 401}}"#)
            })
        }
        var tokens: [String] { seen.withLock { $0 } }
    }

    func pipeline(_ sandbox: SecretsSandbox, endpoint: FakeTokenEndpoint, api: any HTTPTransport, clock: ManualClock,
                  deadline: Double = 60) -> AuthorizedPipeline {
        AuthorizedPipeline(
            refresher: sandbox.refresher(endpoint.transport, clock: clock), transport: api,
            configuration: .init(
                freshTokenCooldown: 60, deadline: deadline,
                backoff: RetryBackoff(initial: 1, maximum: 8, minimum: 0.25, jitter: RetryBackoff.noJitter)))
    }

    @Test func attachesTheBearerToken() throws {
        let sandbox = try SecretsSandbox()
        let clock = ManualClock()
        try sandbox.cache(.sample("ya29.good", now: clock.now(), age: 600))
        let api = FakeAPI(accepting: ["ya29.good"])
        let endpoint = FakeTokenEndpoint(FakeTokenEndpoint.token())
        let response = try pipeline(sandbox, endpoint: endpoint, api: api.transport, clock: clock)
            .send(ClientRequest(method: "GET", url: Self.url))
        #expect(response.status == 200)
        #expect(api.tokens == ["ya29.good"])
        #expect(endpoint.count == 0)
    }

    @Test func unauthorizedRefreshesOnceAndRetries() throws {
        let sandbox = try SecretsSandbox()
        let clock = ManualClock()
        try sandbox.cache(.sample("ya29.revoked", now: clock.now(), age: 600))
        let api = FakeAPI(accepting: ["ya29.new"])
        let endpoint = FakeTokenEndpoint(FakeTokenEndpoint.token("ya29.new"))
        let response = try pipeline(sandbox, endpoint: endpoint, api: api.transport, clock: clock)
            .send(ClientRequest(method: "GET", url: Self.url))
        #expect(response.status == 200)
        #expect(api.tokens == ["ya29.revoked", "ya29.new"])
        #expect(endpoint.count == 1)
        #expect(clock.sleeps.isEmpty)
    }

    @Test func otherStatusesAreReturnedAsTheyAre() throws {
        let sandbox = try SecretsSandbox()
        let clock = ManualClock()
        try sandbox.cache(.sample("ya29.good", now: clock.now()))
        for status in [403, 404, 429, 503] {
            let api = InProcessTransport(ClosureResponder { _ in HTTPResponse(status: status, contentType: "text/plain", text: "x") })
            let endpoint = FakeTokenEndpoint(FakeTokenEndpoint.token())
            let response = try pipeline(sandbox, endpoint: endpoint, api: api, clock: clock)
                .send(ClientRequest(method: "GET", url: Self.url))
            #expect(response.status == status)
            #expect(endpoint.count == 0)
        }
    }

    @Test func transportErrorsPropagate() throws {
        let sandbox = try SecretsSandbox()
        let clock = ManualClock()
        try sandbox.cache(.sample("ya29.good", now: clock.now()))
        let api = FailingTransport(error: HTTPClientError(code: .connectionReset, message: "reset"))
        let error = #expect(throws: HTTPClientError.self) {
            try pipeline(sandbox, endpoint: FakeTokenEndpoint(FakeTokenEndpoint.token()), api: api, clock: clock)
                .send(ClientRequest(method: "GET", url: Self.url))
        }
        #expect(error?.code == .connectionReset)
    }

    @Test func alwaysUnauthorizedSendsAtMostOneTokenRequestPerCall() throws {
        let sandbox = try SecretsSandbox()
        let clock = ManualClock()
        try sandbox.cache(.sample("ya29.old", now: clock.now(), age: 600))
        let api = FakeAPI(accepting: [])
        let endpoint = FakeTokenEndpoint(FakeTokenEndpoint.token("ya29.never-good"))
        let pipeline = pipeline(sandbox, endpoint: endpoint, api: api.transport, clock: clock, deadline: 30)
        var previous = 0
        for call in 0..<6 {
            let start = clock.now()
            let error = #expect(throws: CredentialError.self) { try pipeline.send(ClientRequest(method: "GET", url: Self.url)) }
            #expect(error?.code == .freshTokenRejected)
            #expect(clock.now().timeIntervalSince(start) <= 30, "call \(call) overran its deadline")
            #expect(endpoint.count - previous <= 1, "call \(call) sent \(endpoint.count - previous) token requests")
            previous = endpoint.count
            clock.advance(seconds: 45)  // let the token age past the cooldown now and then
        }
        #expect(endpoint.count == 6)  // each call found the token older than the cooldown, and refreshed once
    }

    @Test func unauthorizedForAFreshTokenIsAStormNotARefresh() throws {
        let sandbox = try SecretsSandbox()
        let clock = ManualClock()
        try sandbox.cache(.sample("ya29.brand-new", now: clock.now(), age: 5, scope: "https://www.googleapis.com/auth/gmail.send"))
        let api = FakeAPI(accepting: [])
        let endpoint = FakeTokenEndpoint(FakeTokenEndpoint.token())
        let start = clock.now()
        let error = #expect(throws: CredentialError.self) {
            try pipeline(sandbox, endpoint: endpoint, api: api.transport, clock: clock)
                .send(ClientRequest(method: "GET", url: Self.url))
        }
        #expect(endpoint.count == 0)
        #expect(clock.sleeps == [1, 2, 4, 8, 8, 8, 8, 8, 8])  // 55 s; the next 8 s would pass 60 s
        #expect(clock.now().timeIntervalSince(start) <= 60)
        #expect(api.tokens == Array(repeating: "ya29.brand-new", count: 10))
        #expect(error?.code == .freshTokenRejected)
        #expect(error?.exitStatus == .configuration)
        let message = error?.message ?? ""
        #expect(message.contains("GET https://gmail.test/gmail/v1/users/me/messages answered 401 Unauthorized 10 times in 55 s"))
        #expect(message.contains("rejects freshly issued tokens"))
        #expect(message.contains("granted: https://www.googleapis.com/auth/gmail.send"))
        #expect(message.contains("not enabled"))
        #expect(message.contains("clock is skewed"))
        #expect(!message.contains("secret-query"))
        #expect(!message.contains("ya29.brand-new"))
    }

    @Test func proactiveRefreshThenUnauthorizedDoesNotRefreshAgain() throws {
        let sandbox = try SecretsSandbox()
        let clock = ManualClock()
        try sandbox.cache(.sample("ya29.expiring", now: clock.now(), age: 3500))
        let api = FakeAPI(accepting: [])
        let endpoint = FakeTokenEndpoint(FakeTokenEndpoint.token("ya29.new"))
        #expect(throws: CredentialError.self) {
            try pipeline(sandbox, endpoint: endpoint, api: api.transport, clock: clock)
                .send(ClientRequest(method: "GET", url: Self.url))
        }
        #expect(endpoint.count == 1)
        #expect(Set(api.tokens) == ["ya29.new"])
    }

    @Test func stormRecoversWhenTheAPIStartsAccepting() throws {
        let sandbox = try SecretsSandbox()
        let clock = ManualClock()
        try sandbox.cache(.sample("ya29.fresh", now: clock.now(), age: 1))
        let calls = Mutex(0)
        let api = InProcessTransport(ClosureResponder { _ in
            calls.withLock { $0 += 1; return $0 } < 3
                ? HTTPResponse(status: 401) : HTTPResponse(status: 200, contentType: "text/plain", text: "ok")
        })
        let response = try pipeline(sandbox, endpoint: FakeTokenEndpoint(FakeTokenEndpoint.token()), api: api, clock: clock)
            .send(ClientRequest(method: "GET", url: Self.url))
        #expect(response.status == 200)
        #expect(clock.sleeps == [1, 2])
    }

    @Test func stormPicksUpATokenAnotherProcessStored() throws {
        let sandbox = try SecretsSandbox()
        let manual = ManualClock()
        try sandbox.cache(.sample("ya29.fresh-but-bad", now: manual.now(), age: 1))
        let api = FakeAPI(accepting: ["ya29.from-elsewhere"])
        let store = sandbox.store
        // While this call backs off, "another process" refreshes and stores a working token.
        let clock = HookClock(manual) { sleeps in
            if sleeps == 2 { try? store.writeCachedToken(.sample("ya29.from-elsewhere", now: manual.now())) }
        }
        let endpoint = FakeTokenEndpoint(FakeTokenEndpoint.token())
        let pipeline = AuthorizedPipeline(
            refresher: sandbox.refresher(endpoint.transport, clock: clock), transport: api.transport,
            configuration: .init(backoff: RetryBackoff(jitter: RetryBackoff.noJitter)))
        let response = try pipeline.send(ClientRequest(method: "GET", url: Self.url))
        #expect(response.status == 200)
        #expect(api.tokens.last == "ya29.from-elsewhere")
        #expect(endpoint.count == 0)
    }

    @Test func retriesAreCutToTheDeadline() throws {
        let sandbox = try SecretsSandbox()
        let clock = ManualClock()
        try sandbox.cache(.sample("ya29.fresh", now: clock.now(), age: 1))
        let api = SlowTransport(FakeAPI(accepting: []).transport, clock: clock, latency: 10)
        let start = clock.now()
        #expect(throws: CredentialError.self) {
            try pipeline(sandbox, endpoint: FakeTokenEndpoint(FakeTokenEndpoint.token()), api: api, clock: clock, deadline: 30)
                .send(ClientRequest(method: "GET", url: Self.url, timeout: 10))
        }
        #expect(clock.now().timeIntervalSince(start) <= 30)
        #expect(api.requestedTimeouts.first == 10)
    }
}
