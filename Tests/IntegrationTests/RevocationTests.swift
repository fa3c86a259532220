import DrydockCore
import DrydockCredentials
import DrydockTesting
import Foundation
import Testing

/// Final answers from the token endpoint: a refresh token Google no longer honours, and a client it
/// does not know. Neither is retried, both say what to do, and the cache is never touched.
@Suite("Revocation and rejected clients")
struct RevocationTests {
    /// Ways a refresh token stops working.
    enum DeadGrant: String, CaseIterable, Sendable, CustomStringConvertible {
        /// `POST /revoke` with the sandbox's own refresh token.
        case revokedThroughEndpoint = "revoked through /revoke"
        /// The fixtures' already-revoked token written into `refresh_token.json`.
        case revokedInFixtures = "revoked in the fixtures"
        /// A Testing-status client's token consented more than 7 days ago.
        case expiredTestingConsent = "expired Testing-status consent"

        var description: String { rawValue }

        func apply(to harness: EmulatorHarness) throws {
            switch self {
            case .revokedThroughEndpoint:
                let response = try harness.revoke(try harness.store.refreshToken())
                #expect(response.status == 200, "revoke answered \(response.status): \(response.bodyText)")
            case .revokedInFixtures:
                try harness.rewriteRefreshToken(try #require(DefaultFixtures.revokedRefreshToken))
            case .expiredTestingConsent:
                let grant = try #require(DefaultFixtures.expiredTestingGrant)
                try harness.rewriteClient(id: grant.clientID, secret: grant.clientSecret)
                try harness.rewriteRefreshToken(grant.refreshToken)
            }
        }
    }

    static func refresher(_ harness: EmulatorHarness) -> TokenRefresher {
        harness.refresher(
            clock: ManualClock(now: Date()),
            configuration: .init(deadline: 2, requestTimeout: 5, backoff: RetryBackoff(initial: 0.1, maximum: 0.4, minimum: 0.1)))
    }

    @Test("a dead refresh token fails with refresh-token-rejected, asks for re-consent, leaves the cache",
          arguments: EmulatorHarness.Mode.allCases, DeadGrant.allCases)
    func refreshTokenRejected(mode: EmulatorHarness.Mode, grant: DeadGrant) throws {
        try withEmulators(mode) { harness in
            try harness.writeCachedToken()
            let cached = try #require(harness.cacheBytes)
            try grant.apply(to: harness)

            let error = try #require(throws: CredentialError.self) {
                try Self.refresher(harness).refresh(rejecting: nil, force: true)
            }
            #expect(error.code == .refreshTokenRejected, "\(error)")
            #expect(error.exitStatus.rawValue == 77)
            #expect(error.description.contains("invalid_grant"))
            #expect(error.description.contains("expired or been revoked"))
            #expect(error.description.contains("run the OAuth consent flow again"))
            #expect(error.description.contains(harness.store.path(of: SecretsStore.refreshTokenFile)))
            #expect(error.path == harness.store.path(of: SecretsStore.refreshTokenFile))
            #expect(harness.cacheBytes == cached)
            #expect(harness.tokenRequestCount == 1, "a rejected grant is never retried")
        }
    }

    @Test("a wrong client secret fails with client-rejected", arguments: EmulatorHarness.Mode.allCases)
    func clientRejected(mode: EmulatorHarness.Mode) throws {
        try withEmulators(mode) { harness in
            try harness.writeCachedToken()
            let cached = try #require(harness.cacheBytes)
            try harness.rewriteClient(secret: "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2")

            let error = try #require(throws: CredentialError.self) {
                try Self.refresher(harness).refresh(rejecting: nil, force: true)
            }
            #expect(error.code == .clientRejected, "\(error)")
            #expect(error.exitStatus.rawValue == 67)
            #expect(error.description.contains("invalid_client"))
            #expect(error.description.contains(harness.store.path(of: SecretsStore.clientCredentialsFile)))
            #expect(!error.description.contains("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2"))
            #expect(harness.cacheBytes == cached)
            #expect(harness.tokenRequestCount == 1)
        }
    }
}
