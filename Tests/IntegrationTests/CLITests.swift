import DrydockCore
import DrydockCredentials
import DrydockTesting
import Foundation
import Testing

/// `drydock reauth` and `drydock diag` as child processes against live emulators: exit codes, what they
/// print, and that nothing they print is a secret.
@Suite("CLI against live emulators")
struct CLITests {
    @Test("reauth refreshes once, then keeps the fresh token; --force refreshes again")
    func reauth() throws {
        try withEmulators(.live) { harness in
            let first = try Drydock.run(["reauth"], against: harness)
            #expect(first.status == 0, "\(first.stderr)")
            let token = try #require(try harness.store.cachedToken())
            #expect(first.stdout.contains("token refreshed; expires at \(RFC3339.string(from: token.expiresAt))"))
            #expect(first.stdout.contains("(in 59 min)"))
            #expect(first.stderr.isEmpty)
            #expect(harness.tokenRequestCount == 1)
            var info = stat()
            #expect(lstat(harness.store.path(of: SecretsStore.tokenCacheFile), &info) == 0)
            #expect(info.st_mode & 0o7777 == 0o600)

            let second = try Drydock.run(["reauth"], against: harness)
            #expect(second.status == 0, "\(second.stderr)")
            #expect(second.stdout.contains("cached token still valid, no refresh needed; expires at"))
            #expect(harness.tokenRequestCount == 1)

            let forced = try Drydock.run(["reauth", "--force"], against: harness)
            #expect(forced.status == 0, "\(forced.stderr)")
            #expect(forced.stdout.contains("token refreshed"))
            #expect(harness.tokenRequestCount == 2)
            #expect(try harness.store.cachedToken()?.accessToken != token.accessToken)
        }
    }

    /// A way `drydock reauth` must fail, and how.
    struct Failure: Sendable, CustomStringConvertible {
        let name: String
        let status: Int32
        /// Breaks the harness; returns the phrases stderr must contain.
        let prepare: @Sendable (EmulatorHarness) throws -> [String]
        var description: String { name }
    }

    static let failures: [Failure] = [
        Failure(name: "revoked refresh token", status: 77) { harness in
            try harness.rewriteRefreshToken(try #require(DefaultFixtures.revokedRefreshToken))
            return ["invalid_grant", "expired or been revoked", "run the OAuth consent flow again",
                    harness.store.path(of: SecretsStore.refreshTokenFile)]
        },
        Failure(name: "wrong client secret", status: 67) { harness in
            try harness.rewriteClient(secret: "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2")
            return ["invalid_client", harness.store.path(of: SecretsStore.clientCredentialsFile)]
        },
        Failure(name: "secrets directory mode 0755", status: 78) { harness in
            let directory = harness.secretsDirectory
            #expect(chmod(directory, 0o755) == 0)
            return ["secrets directory \(directory)", "mode 0755", "must be 0700", "`chmod 700 \(directory)`"]
        },
        Failure(name: "token endpoint answering 503 for ever", status: 75) { harness in
            // Retry-After beyond the 60 s deadline: the CLI gives up after one attempt instead of a minute.
            try harness.addFault(
                #"{"service": "oauth", "operation": "token", "action": {"type": "status", "status": 503, "retryAfter": 120}}"#)
            return ["HTTP 503", "1 attempt over", "retry after 120 s, past the deadline", "run again later"]
        },
    ]

    @Test("reauth fails with the documented exit status and says why", arguments: failures)
    func reauthFailure(failure: Failure) throws {
        try withEmulators(.live) { harness in
            try harness.writeCachedToken(expiresIn: -60)
            let cached = harness.cacheBytes
            let phrases = try failure.prepare(harness)
            let result = try Drydock.run(["reauth"], against: harness)
            #expect(result.status == failure.status, "\(result.stderr)")
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.hasPrefix("drydock: "))
            for phrase in phrases {
                #expect(result.stderr.contains(phrase), "stderr lacks \"\(phrase)\": \(result.stderr)")
            }
            #expect(harness.cacheBytes == cached)
        }
    }

    @Test("diag --json reports healthy, with a gmail check")
    func diagJSON() throws {
        try withEmulators(.live) { harness in
            let result = try Drydock.run(["diag", "--json"], against: harness)
            #expect(result.status == 0, "\(result.stderr)")
            let report = try JSONValue.parse(result.stdout)
            #expect(report["healthy"] == .bool(true))
            let checks = try #require(report["checks"]?.arrayValue)
            let gmail = try #require(checks.first { $0["name"]?.stringValue == "gmail" })
            #expect(gmail["outcome"]?.stringValue == "ok")
            #expect(gmail["emailAddress"]?.stringValue == "bookings@harbor-charters.example")
            #expect(checks.contains { $0["name"]?.stringValue == "refresh token" && $0["outcome"]?.stringValue == "ok" })
            #expect(checks.allSatisfy { $0["outcome"]?.stringValue != "fail" })
        }
    }

    @Test("diag with a broken secret exits 1 and names the problem")
    func diagBrokenSecret() throws {
        try withEmulators(.live) { harness in
            try harness.store.writeAtomically(Array(#"{"refresh_token": "#.utf8), to: SecretsStore.refreshTokenFile)
            let text = try Drydock.run(["diag"], against: harness)
            #expect(text.status == 1, "\(text.stderr)")
            #expect(text.stdout.contains("FAIL  refresh token"))
            #expect(text.stdout.contains(harness.store.path(of: SecretsStore.refreshTokenFile)))
            #expect(text.stdout.contains("not valid JSON"))
            #expect(text.stdout.contains("problems found"))

            let json = try Drydock.run(["diag", "--json"], against: harness)
            #expect(json.status == 1)
            let report = try JSONValue.parse(json.stdout)
            #expect(report["healthy"] == .bool(false))
            #expect(harness.tokenRequestCount == 0, "unusable secrets are never sent")
        }
    }

    @Test("an unknown option is a usage error (64)")
    func badUsage() throws {
        try withEmulators(.live) { harness in
            let result = try Drydock.run(["reauth", "--bogus"], against: harness)
            #expect(result.status == 64)
            #expect(result.stderr.contains("--bogus"))
            #expect(harness.tokenRequestCount == 0)
        }
    }
}
