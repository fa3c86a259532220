import DrydockCore
import DrydockCredentials
import DrydockTesting
import Foundation
import Testing

/// The cross-process half of single flight: many `drydock` processes wanting a token at once cost the
/// token endpoint one request.
@Suite("Single flight across processes")
struct SingleFlightProcessTests {
    @Test("32 concurrent `drydock reauth` over an expired cache: all succeed, one token request")
    func thirtyTwoProcesses() throws {
        try withEmulators(.live) { harness in
            let now = Date()
            try harness.store.writeCachedToken(CachedToken(
                accessToken: "ya29.integration-expired-cached-token-90ab", expiresAt: now.addingTimeInterval(-60),
                scope: "https://www.googleapis.com/auth/gmail.readonly", refreshedAt: now.addingTimeInterval(-3660)))
            let environment = harness.processEnvironment
            #expect(environment["DRYDOCK_REFRESH_THRESHOLD_SECONDS"] == nil)

            let started = try (0..<32).map { _ in try ChildProcess.start(Drydock.path, ["reauth"], environment: environment) }
            let results = started.map { $0.wait() }

            for (index, result) in results.enumerated() {
                #expect(result.status == 0, "process \(index): \(result.stderr)")
            }
            #expect(harness.tokenRequestCount == 1)
            let token = try #require(try harness.store.cachedToken())
            #expect(token.expiresAt > now)
            #expect(results.filter { $0.stdout.hasPrefix("token refreshed;") }.count == 1)
            #expect(results.filter { $0.stdout.hasPrefix("cached token still valid") }.count == 31)
            let expiry = "expires at \(RFC3339.string(from: token.expiresAt))"
            #expect(results.allSatisfy { $0.stdout.contains(expiry) }, "every process reports the one new token")
            let secrets = harness.knownSecrets()
            for result in results { secrets.expectAbsent(from: result.stdout + result.stderr, "reauth output") }
        }
    }
}
