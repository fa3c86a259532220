import DrydockCore
import DrydockCredentials
import DrydockHTTP
import DrydockTesting
import Foundation
import Testing

/// After a run of every kind of credential failure, no secret is in the emulators' journal or in any
/// error Drydock produced — including server text that echoes a secret back.
@Suite("Redaction")
struct RedactionTests {
    @Test("the leak check finds fixture secrets as written and percent-encoded")
    func leakCheckWorks() throws {
        let secrets = KnownSecrets(DefaultFixtures.allSecrets)
        #expect(secrets.all.count >= 9, "every client secret and refresh token of the default fixtures")
        let token = try #require(secrets.all.first { $0.value.hasPrefix("1//") })
        #expect(secrets.leaks(in: "a \(token.value) b") == [token.label])
        #expect(secrets.leaks(in: "refresh_token=" + PercentEncoding.encode(token.value)) == [token.label])
        #expect(secrets.leaks(in: "refresh_token=[redacted]").isEmpty)
    }

    @Test("the journal and every error description are free of secrets", arguments: EmulatorHarness.Mode.allCases)
    func noSecretsAnywhere(mode: EmulatorHarness.Mode) throws {
        try withEmulators(mode) { harness in
            let clock = ManualClock(now: Date())
            let session = try harness.session(
                clock: clock,
                refresher: .init(deadline: 2, requestTimeout: 5, backoff: RetryBackoff(initial: 0.1, maximum: 0.4, minimum: 0.1)),
                pipeline: .init(deadline: 3, backoff: RetryBackoff(initial: 0.5, maximum: 1, minimum: 0.25)))
            let refreshToken = try harness.store.refreshToken()
            let clientSecret = try harness.store.clientCredentials(environment: harness.environment).clientSecret
            var secrets = harness.knownSecrets()
            var texts: [(String, String)] = []
            func record(_ what: String, _ body: () throws -> Void) {
                do {
                    try body()
                    Issue.record("\(what) did not fail")
                } catch {
                    texts.append((what, "\(error)"))
                    texts.append((what + " (reflecting)", String(reflecting: error)))
                    var dumped = ""
                    dump(error, to: &dumped)
                    texts.append((what + " (dump)", dumped))
                }
            }
            func noteAccessToken() {
                guard let token = try? harness.store.cachedToken() else { return }
                secrets.add("access token \(secrets.all.count)", token.accessToken)
                texts.append(("cached token description", "\(token)"))
                var dumped = ""
                dump(token, to: &dumped)
                texts.append(("cached token dump", dumped))
            }

            // Working calls first, so access tokens and Authorization headers have passed through.
            _ = try session.gmail.profile()
            noteAccessToken()

            // Token endpoint faults, one after another.
            for action in [
                #"{"type": "status", "status": 503, "retryAfter": 30}"#,
                #"{"type": "malformed", "kind": "truncated-json"}"#,
                #"{"type": "malformed", "kind": "empty"}"#,
                #"{"type": "malformed", "kind": "html"}"#,
                #"{"type": "reset"}"#,
                #"{"type": "close-mid-body"}"#,
            ] {
                let id = try #require(try JSONValue.parse(
                    try harness.addFault(#"{"service": "oauth", "operation": "token", "times": 100, "action": \#(action)}"#))["id"]?
                    .stringValue)
                record("refresh under \(action)") { _ = try session.refresher.refresh(rejecting: nil, force: true) }
                #expect(harness.router.removeFaultRule(id: id))
            }

            // A token endpoint (or a proxy) that echoes the request's secrets back in its error text.
            for (status, echoed) in [(400, refreshToken), (503, clientSecret), (400, PercentEncoding.encode(refreshToken))] {
                let body = JSONValue.object([
                    ("error", .string("invalid_request")), ("error_description", .string("could not use \(echoed) here")),
                ]).serialized()
                let rule = JSONValue.object([
                    ("service", "oauth"), ("operation", "token"), ("times", 100),
                    ("action", .object([("type", "status"), ("status", .number(status)), ("body", .string(body))])),
                ]).serialized()
                let id = try #require(try JSONValue.parse(try harness.addFault(rule))["id"]?.stringValue)
                record("refresh with an echoing \(status)") { _ = try session.refresher.refresh(rejecting: nil, force: true) }
                #expect(harness.router.removeFaultRule(id: id))
            }
            #expect(texts.contains { $0.1.contains("could not use [redacted] here") }, "the echo was scrubbed, not dropped")

            // A 401 storm on Gmail.
            clock.advance(seconds: 120)
            try harness.addFault(#"{"service": "gmail", "action": {"type": "status", "status": 401}}"#)
            record("401 storm") { _ = try session.gmail.profile() }
            noteAccessToken()
            harness.router.removeAllFaultRules()

            // Revocation through the query string (journaled path), then a refresh.
            let accessToken = try #require(try harness.store.cachedToken()).accessToken
            var revokeStatuses: [Int] = []
            for token in [accessToken, refreshToken] {
                revokeStatuses.append(try harness.transport.send(ClientRequest(
                    method: "POST", url: harness.baseURL + "/revoke?token=" + PercentEncoding.encode(token))).status)
            }
            // Revoking the access token ends the whole grant, so the refresh token may already be gone.
            #expect(revokeStatuses.first == 200)
            #expect([200, 400].contains(revokeStatuses.last ?? 0))
            record("refresh after revocation") { _ = try session.refresher.refresh(rejecting: nil, force: true) }

            // A wrong client secret.
            let wrongSecret = "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2"
            secrets.add("wrong client secret", wrongSecret)
            try harness.rewriteClient(secret: wrongSecret)
            record("refresh with a wrong client secret") { _ = try session.refresher.refresh(rejecting: nil, force: true) }

            let journal = try harness.journalText()
            #expect(journal.contains("/revoke?token=REDACTED"), "the revoke requests are journaled, redacted")
            #expect(harness.journal(service: "oauth", operation: "token").count > 10)
            secrets.expectAbsent(from: journal, "GET /_drydock/journal")
            #expect(texts.count >= 3 * 12)
            for (what, text) in texts { secrets.expectAbsent(from: text, what) }
        }
    }
}
