import DrydockCore
import DrydockCredentials
import DrydockHTTP
import DrydockTesting
import Foundation
import Testing

/// Every fault the edge can inject on `POST /token`, against a forced refresh: the refresher retries
/// what is transient until its deadline, gives up on what is final at once, says what went wrong, and
/// leaves the cached token byte-identical.
@Suite("Token endpoint faults")
struct TokenEndpointFaultTests {
    /// A fault on the token endpoint and the failure it must produce.
    struct Fault: Sendable, CustomStringConvertible {
        let name: String
        /// The rule's `action` object.
        let action: String
        let code: CredentialError.Code
        /// Phrases the error's description must contain.
        let says: [String]
        /// Final answers are not retried: exactly one request.
        let final: Bool
        /// A shorter deadline and request timeout for faults that cost real time per attempt (hang); the
        /// others get a request timeout no loaded machine reaches.
        var deadline: Double = 2
        var requestTimeout: Double = 5

        var description: String { name }
    }

    static let faults: [Fault] = [
        Fault(name: "500 with Retry-After", action: #"{"type": "status", "status": 500, "retryAfter": 1}"#,
              code: .tokenEndpointUnavailable,
              says: ["HTTP 500", "internal_failure", "retry after 1 s, past the deadline"], final: false),
        Fault(name: "503 with a long Retry-After", action: #"{"type": "status", "status": 503, "retryAfter": 30}"#,
              code: .tokenEndpointUnavailable, says: ["HTTP 503", "1 attempt over", "retry after 30 s, past the deadline"],
              final: false),
        Fault(name: "429", action: #"{"type": "status", "status": 429}"#,
              code: .tokenEndpointUnavailable, says: ["HTTP 429", "run again later"], final: false),
        Fault(name: "truncated JSON", action: #"{"type": "malformed", "kind": "truncated-json"}"#,
              code: .invalidTokenResponse, says: ["HTTP 200", "application/json", "not valid JSON"], final: true),
        Fault(name: "proxy HTML page", action: #"{"type": "malformed", "kind": "html"}"#,
              code: .tokenEndpointUnavailable, says: ["HTTP 502", "text/html"], final: false),
        Fault(name: "empty body", action: #"{"type": "malformed", "kind": "empty"}"#,
              code: .invalidTokenResponse, says: ["HTTP 200", "an empty body", "not valid JSON"], final: true),
        Fault(name: "connection reset", action: #"{"type": "reset"}"#,
              code: .tokenEndpointUnavailable, says: ["connection-reset", "reset"], final: false),
        Fault(name: "close mid-body", action: #"{"type": "close-mid-body"}"#,
              code: .tokenEndpointUnavailable, says: ["truncated"], final: false),
        Fault(name: "hang", action: #"{"type": "hang"}"#,
              code: .tokenEndpointUnavailable, says: ["timeout", "timed out"], final: false, deadline: 0.5, requestTimeout: 0.25),
    ]

    /// Short, deterministic tunables on a manual clock: waits of 0.1, 0.2, 0.4, 0.4 … virtual seconds. The
    /// request timeout is real time.
    static func configuration(deadline: Double, requestTimeout: Double = 5) -> TokenRefresher.Configuration {
        TokenRefresher.Configuration(
            deadline: deadline, requestTimeout: requestTimeout, lockPollInterval: 0.01,
            backoff: RetryBackoff(initial: 0.1, maximum: 0.4, minimum: 0.1, jitter: RetryBackoff.noJitter))
    }

    @Test("a persistent fault fails the refresh clearly and leaves the cache byte-identical",
          arguments: EmulatorHarness.Mode.allCases, faults)
    func persistentFault(mode: EmulatorHarness.Mode, fault: Fault) throws {
        try withEmulators(mode) { harness in
            try harness.writeCachedToken()
            let cached = try #require(harness.cacheBytes)
            let refresher = harness.refresher(
                clock: ManualClock(now: Date()),
                configuration: Self.configuration(deadline: fault.deadline, requestTimeout: fault.requestTimeout))
            try harness.addFault(#"{"service": "oauth", "operation": "token", "times": 1000, "action": \#(fault.action)}"#)

            let error = try #require(throws: CredentialError.self) {
                try refresher.refresh(rejecting: nil, force: true)
            }
            #expect(error.code == fault.code, "\(error)")
            #expect(error.exitStatus == .transient)
            for phrase in fault.says {
                #expect(error.description.contains(phrase), "description lacks \"\(phrase)\": \(error)")
            }
            #expect(error.description.contains("The cached token was left as it was."))
            #expect(harness.cacheBytes == cached, "the cached token file changed")
            #expect(try FileManager.default.contentsOfDirectory(atPath: harness.secretsDirectory)
                .filter { $0.contains(".tmp-") }.isEmpty)

            // The emulator saw exactly the attempts the error reports.
            let requests = harness.tokenRequestCount
            #expect(harness.faultTypes(service: "oauth", operation: "token").allSatisfy { $0 != nil })
            if fault.final {
                #expect(requests == 1)
            } else {
                let reported = error.description.firstMatch(of: /(\d+) attempts? over/).flatMap { Int($0.1) }
                #expect(reported == requests, "\(error)")
            }
        }
    }

    /// Transient faults that fire twice, then let the request through.
    static let transientActions = [
        #"{"type": "status", "status": 503, "retryAfter": 1}"#,
        #"{"type": "status", "status": 500}"#,
        #"{"type": "status", "status": 429}"#,
        #"{"type": "malformed", "kind": "html"}"#,
        #"{"type": "reset"}"#,
        #"{"type": "close-mid-body"}"#,
        #"{"type": "hang"}"#,
    ]

    @Test("a transient fault that fires twice is recovered on the third request",
          arguments: EmulatorHarness.Mode.allCases, transientActions)
    func recoversFromTransientFault(mode: EmulatorHarness.Mode, action: String) throws {
        try withEmulators(mode) { harness in
            let known = try harness.writeCachedToken()
            // A hang costs the request timeout in real time, twice; it must still leave the third request time.
            let refresher = harness.refresher(
                clock: ManualClock(now: Date()), configuration: Self.configuration(deadline: 5, requestTimeout: 1))
            try harness.addFault(#"{"service": "oauth", "operation": "token", "times": 2, "action": \#(action)}"#)

            let outcome = try refresher.refresh(rejecting: nil, force: true)
            #expect(outcome.requestSent)
            #expect(outcome.token.accessToken != known.accessToken)
            #expect(try harness.store.cachedToken() == outcome.token)
            #expect(harness.tokenRequestCount == 3)
            #expect(harness.faultTypes(service: "oauth", operation: "token").map { $0 != nil } == [true, true, false])
            #expect(harness.statuses(service: "oauth", operation: "token").last == 200)
        }
    }

    @Test("a body labelled text/html that is a complete token response is accepted",
          arguments: EmulatorHarness.Mode.allCases)
    func wrongContentType(mode: EmulatorHarness.Mode) throws {
        // Google's own client libraries parse the body whatever its label; Drydock validates the body
        // completely instead (an HTML page fails as "not valid JSON", see the proxy-page case).
        try withEmulators(mode) { harness in
            let known = try harness.writeCachedToken()
            let refresher = harness.refresher(clock: ManualClock(now: Date()), configuration: Self.configuration(deadline: 2))
            try harness.addFault(#"{"service": "oauth", "operation": "token", "action": {"type": "malformed", "kind": "wrong-content-type"}}"#)
            let outcome = try refresher.refresh(rejecting: nil, force: true)
            #expect(outcome.token.accessToken != known.accessToken)
            #expect(harness.tokenRequestCount == 1)
            #expect(harness.faultTypes(service: "oauth", operation: "token") == ["malformed"])
        }
    }

    @Test("expire-tokens on the token endpoint still grants a token, and the previous one stops working",
          arguments: EmulatorHarness.Mode.allCases)
    func expireTokensOnTokenEndpoint(mode: EmulatorHarness.Mode) throws {
        try withEmulators(mode) { harness in
            let refresher = harness.refresher(clock: ManualClock(now: Date()), configuration: Self.configuration(deadline: 2))
            let old = try refresher.refresh(rejecting: nil, force: true).token
            #expect(try profileStatus(harness, old) == 200)

            try harness.addFault(#"{"service": "oauth", "operation": "token", "times": 1000, "action": {"type": "expire-tokens"}}"#)
            let new = try refresher.refresh(rejecting: nil, force: true).token
            #expect(new.accessToken != old.accessToken)
            #expect(try harness.store.cachedToken() == new)
            #expect(harness.tokenRequestCount == 2)
            #expect(try profileStatus(harness, old) == 401)
            #expect(try profileStatus(harness, new) == 200)
        }
    }

    /// `GET users/me/profile` with `token`, bypassing the pipeline.
    private func profileStatus(_ harness: EmulatorHarness, _ token: CachedToken) throws -> Int {
        let endpoint = try #require(harness.environment["GMAIL_API_ENDPOINT"])
        return try harness.transport.send(ClientRequest(
            method: "GET", url: endpoint + "/gmail/v1/users/me/profile", headers: ["Authorization": token.authorization]
        )).status
    }
}
