import DrydockCore
import DrydockCredentials
import DrydockHTTP
import DrydockJobs
import DrydockTesting
import Foundation

/// The steps of `drydock demo`, each an expectation checked against the emulators' journal.
final class LifecycleDemo {
    let harness: EmulatorHarness
    let output: (String) -> Void
    private var failures = 0

    init(output: @escaping (String) -> Void) throws {
        harness = try EmulatorHarness(.live)
        self.output = output
    }

    func stop() { harness.stop() }

    /// Runs every step; true when all behaved as expected.
    func run() -> Bool {
        output("Drydock token-lifecycle demo")
        output("  emulators: \(harness.baseURL)   sandbox secrets: \(harness.secretsDirectory)")
        output("")
        step("first job run: no cached token → one refresh → Gmail getProfile") {
            let session = try makeSession()
            let profile = try session.gmail.profile()
            try expect(tokenRequests: 1)
            return "getProfile answered for \(profile.emailAddress); token cached"
        }
        step("second job run: the cached token is reused") {
            let before = harness.tokenRequestCount
            _ = try makeSession().gmail.profile()
            try expectEqual(harness.tokenRequestCount - before, 0, "token requests")
            return "no token request sent"
        }
        step("Google revokes the token early (2 min later, expire-tokens fault): 401 → refresh → retry") {
            harness.clock.advance(seconds: 120)
            try harness.addFault(#"{"service":"gmail","times":1,"action":{"type":"expire-tokens"}}"#)
            let before = harness.tokenRequestCount
            _ = try makeSession().gmail.profile()
            try expectEqual(harness.tokenRequestCount - before, 1, "token requests")
            let unauthorized = harness.journal(service: "gmail").filter { $0["status"]?.intValue == 401 }.count
            try expectEqual(unauthorized, 1, "401 answers")
            return "one 401, one refresh, request retried and answered"
        }
        step("token endpoint flaky: two 503s, then healthy") {
            try harness.addFault(#"{"service":"oauth","operation":"token","times":2,"action":{"type":"status","status":503}}"#)
            let before = harness.tokenRequestCount
            _ = try makeSession().refresher.refresh(rejecting: nil, force: true)
            try expectEqual(harness.tokenRequestCount - before, 3, "token requests")
            return "retried with backoff and jitter; third attempt succeeded"
        }
        step("token endpoint answers an HTML error page: clear error, cache untouched") {
            try harness.addFault(#"{"service":"oauth","operation":"token","action":{"type":"malformed","kind":"html"}}"#)
            defer { _ = harness.router.removeAllFaultRules() }
            return try expectFailureLeavingCacheUntouched(refreshDeadline: 2)
        }
        step("401 storm: Gmail rejects even fresh tokens; no refresh loop") {
            try harness.addFault(#"{"service":"gmail","action":{"type":"status","status":401}}"#)
            defer { _ = harness.router.removeAllFaultRules() }
            let before = harness.tokenRequestCount
            let session = try makeSession(pipelineDeadline: 3)
            do {
                _ = try session.gmail.profile()
                throw DemoFailure("the request succeeded during a 401 storm")
            } catch let error as CredentialError where error.code == .freshTokenRejected {
                try expectAtMost(harness.tokenRequestCount - before, 1, "token requests")
                return "gave up after the deadline: \(firstSentence(error.description))"
            }
        }
        step("16 refreshers at once on an expired cache: exactly one token request") {
            try writeExpiredCache()
            let before = harness.tokenRequestCount
            let results = Mutexed<[Bool]>([])
            let sessions = try (0..<16).map { _ in try makeSession() }
            DispatchQueue.concurrentPerform(iterations: 16) { index in
                let ok = (try? sessions[index].refresher.currentToken()) != nil
                results.mutate { $0.append(ok) }
            }
            try expectEqual(results.value.filter { $0 }.count, 16, "refreshers that got a token")
            try expectEqual(harness.tokenRequestCount - before, 1, "token requests")
            return "one flock-guarded refresh; the other 15 re-read the new token under the lock"
        }
        step("refresh token revoked by the user: re-consent error, cache untouched") {
            try revokeRefreshToken()
            return try expectFailureLeavingCacheUntouched(code: .refreshTokenRejected)
        }
        output("")
        let journal = harness.journal()
        let tokens = journal.filter { $0["operation"]?.stringValue == "token" }.count
        output("journal: \(journal.count) requests, \(tokens) to the token endpoint")
        output(failures == 0 ? "demo passed: every step behaved as expected" : "demo FAILED: \(failures) step(s) misbehaved")
        return failures == 0
    }

    // MARK: Steps

    private func step(_ title: String, _ body: () throws -> String) {
        do {
            let detail = try body()
            output("  ✓ \(title)\n      \(detail)")
        } catch {
            failures += 1
            output("  ✗ \(title)\n      \(error)")
        }
    }

    /// A session like a job's, on the emulators' virtual clock, so token ages agree on both sides.
    private func makeSession(pipelineDeadline: Double = 20, refreshDeadline: Double = 10) throws -> GoogleSession {
        let transport = HTTPClient(configuration: .init(connectTimeout: 2, totalTimeout: 5))
        return try GoogleSession(
            environment: harness.environment, transport: transport, clock: harness.clock,
            pipeline: .init(deadline: pipelineDeadline),
            refresher: .init(deadline: refreshDeadline, backoff: RetryBackoff(initial: 0.1, maximum: 0.5)))
    }

    private func expectFailureLeavingCacheUntouched(code: CredentialError.Code? = nil, refreshDeadline: Double = 10) throws -> String {
        let cachePath = harness.secretsDirectory + "/google_token.json"
        let before = FileManager.default.contents(atPath: cachePath)
        do {
            _ = try makeSession(refreshDeadline: refreshDeadline).refresher.refresh(rejecting: nil, force: true)
            throw DemoFailure("the refresh succeeded")
        } catch let error as CredentialError {
            if let code, error.code != code { throw DemoFailure("expected \(code), got \(error.code): \(error)") }
            guard FileManager.default.contents(atPath: cachePath) == before else {
                throw DemoFailure("the token cache changed")
            }
            return "\(firstSentence(error.description)) (exit \(error.exitStatus.rawValue)); cache byte-identical"
        }
    }

    private func writeExpiredCache() throws {
        let store = SecretsStore(directory: harness.secretsDirectory)
        let now = harness.clock.now()
        try store.writeCachedToken(CachedToken(
            accessToken: "ya29.expired-demo-token-not-real", expiresAt: now.addingTimeInterval(-60),
            scope: "", refreshedAt: now.addingTimeInterval(-3660)))
    }

    private func revokeRefreshToken() throws {
        let store = SecretsStore(directory: harness.secretsDirectory)
        let token = try store.refreshToken()
        let response = try harness.transport.send(ClientRequest(
            method: "POST", url: harness.baseURL + "/revoke",
            headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: Array(FormEncoding.encode([("token", token)]).utf8)))
        try expectEqual(response.status, 200, "revoke status")
    }

    // MARK: Expectations

    private func expect(tokenRequests: Int) throws {
        try expectEqual(harness.tokenRequestCount, tokenRequests, "token requests")
    }

    private func expectEqual(_ actual: Int, _ expected: Int, _ what: String) throws {
        if actual != expected { throw DemoFailure("expected \(expected) \(what), saw \(actual)") }
    }

    private func expectAtMost(_ actual: Int, _ limit: Int, _ what: String) throws {
        if actual > limit { throw DemoFailure("expected at most \(limit) \(what), saw \(actual)") }
    }

    private func firstSentence(_ text: String) -> String {
        let line = text.split(separator: "\n").first.map(String.init) ?? text
        return line.count > 160 ? String(line.prefix(157)) + "…" : line
    }
}

struct DemoFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
