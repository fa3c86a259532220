import DrydockCore
import DrydockCredentials
import DrydockHTTP
@testable import DrydockServices
import DrydockTesting
import Foundation
import Synchronization
import Testing

/// The shared token store against the emulators' Secrets Manager and DynamoDB, hosts simulated in-process
/// (each its own secrets directory), on the emulators' virtual time.
@Suite(.timeLimit(.minutes(1)))
struct SecretsManagerTokenStoreTests {
    @Test func theFirstRefreshStoresTheTokenForEveryHostAndReleasesTheLease() throws {
        try withEmulators(.inProcess) { harness in
            let hosts = try SharedTokenHosts(harness)
            let host = try hosts.host("ops-1")

            let outcome = try host.refresher.refresh(rejecting: nil)

            #expect(outcome.requestSent)
            #expect(harness.tokenRequestCount == 1)
            let shared = try #require(try hosts.sharedValue())
            #expect(shared.token == outcome.token)
            #expect(shared.refreshedBy == "ops-1")
            #expect(shared.fence == 1)
            #expect(try host.store.cachedToken() == outcome.token)
            let lease = try #require(try hosts.leaseItem())
            #expect(lease["lease"] == nil, "released")
            #expect(lease["fence"]?["N"]?.stringValue == "1")
            #expect(lease["host"]?["S"]?.stringValue == "ops-1")
            #expect(hosts.count("secretsmanager", "PutSecretValue", status: 200) == 1)
        }
    }

    @Test func aTokenAnotherHostStoredIsAdoptedWithoutATokenRequest() throws {
        try withEmulators(.inProcess) { harness in
            let hosts = try SharedTokenHosts(harness)
            let fresh = hosts.token("ya29.shared-by-ops-2-XXXXXXXX", expiresIn: 3000)
            try hosts.storeShared(fresh, by: "ops-2")
            let host = try hosts.host("ops-1")
            try host.store.writeCachedToken(hosts.token("ya29.expired-local-XXXXXXXX", expiresIn: -10, age: 3610))

            let token = try host.refresher.currentToken()

            #expect(token == fresh)
            #expect(harness.tokenRequestCount == 0)
            #expect(try host.store.cachedToken() == fresh, "the host's cache file now holds it")
            #expect(hosts.count("dynamodb", "UpdateItem") == 0, "no lease was needed")
        }
    }

    @Test func aUsableLocalTokenCostsNoAWSCall() throws {
        try withEmulators(.inProcess) { harness in
            let hosts = try SharedTokenHosts(harness)
            let host = try hosts.host("ops-1")
            let local = hosts.token("ya29.local-fresh-XXXXXXXX", expiresIn: 3000)
            try host.store.writeCachedToken(local)
            let before = harness.journal().count

            for _ in 0..<5 { #expect(try host.refresher.currentToken() == local) }

            #expect(harness.journal().count == before)
        }
    }

    @Test func aRejectedTokenChecksAWSCURRENTBeforeRefreshing() throws {
        try withEmulators(.inProcess) { harness in
            let hosts = try SharedTokenHosts(harness)
            let host = try hosts.host("ops-1")
            let rejected = hosts.token("ya29.rejected-local-XXXXXXXX", expiresIn: 2000, age: 1600)
            try host.store.writeCachedToken(rejected)
            let newer = hosts.token("ya29.newer-shared-XXXXXXXX", expiresIn: 3500)
            try hosts.storeShared(newer)

            let outcome = try host.refresher.refresh(rejecting: rejected.accessToken)

            #expect(outcome == RefreshOutcome(token: newer, requestSent: false))
            #expect(harness.tokenRequestCount == 0)
            #expect(hosts.count("secretsmanager", "GetSecretValue") == 1)
        }
    }

    @Test func theRejectedSharedTokenIsRefreshedNotReadopted() throws {
        try withEmulators(.inProcess) { harness in
            let hosts = try SharedTokenHosts(harness)
            let host = try hosts.host("ops-1")
            let rejected = hosts.token("ya29.rejected-everywhere-XXXX", expiresIn: 2000, age: 1600)
            try hosts.storeShared(rejected)
            try host.store.writeCachedToken(rejected)

            let outcome = try host.refresher.refresh(rejecting: rejected.accessToken)

            #expect(outcome.requestSent)
            #expect(outcome.token.accessToken != rejected.accessToken)
            #expect(try hosts.sharedValue()?.token == outcome.token)
        }
    }

    @Test func waitersPollTheSecretWhileALiveHostHoldsTheLease() throws {
        try withEmulators(.inProcess) { harness in
            let hosts = try SharedTokenHosts(harness)
            let start = harness.clock.now()
            try hosts.holdLease(by: "ops-2/77/abc", until: start.addingTimeInterval(45), fence: 4)
            let theirs = hosts.token("ya29.from-the-holder-XXXXXXXX", expiresIn: 3600, age: 0)
            // The holder stores its token during the waiter's third wait.
            let sleeps = Locked(0)
            let clock = CallbackClock(hosts.clock) {
                let count = sleeps.withLock { $0 += 1; return $0 }
                if count == 3 { try? hosts.storeShared(theirs, fence: 4, by: "ops-2") }
            }
            let host = try hosts.host("ops-1", clock: clock)

            let outcome = try host.refresher.refresh(rejecting: nil)

            #expect(outcome == RefreshOutcome(token: theirs, requestSent: false))
            #expect(harness.tokenRequestCount == 0)
            #expect(hosts.count("dynamodb", "UpdateItem", status: 400) == 1, "one failed take; no retry while the lease runs")
            #expect(hosts.count("secretsmanager", "GetSecretValue") == 1 + 3, "one read, then one per wait step")
            #expect(harness.clock.now().timeIntervalSince(start) < 45)
        }
    }

    @Test func aDeadHoldersLeaseIsTakenOverOnceItExpires() throws {
        try withEmulators(.inProcess) { harness in
            let hosts = try SharedTokenHosts(harness)
            let start = harness.clock.now()
            try hosts.holdLease(by: "ops-2/77/killed", until: start.addingTimeInterval(20), fence: 4)
            let host = try hosts.host("ops-1")

            let outcome = try host.refresher.refresh(rejecting: nil)

            #expect(outcome.requestSent)
            #expect(harness.tokenRequestCount == 1)
            #expect(harness.clock.now().timeIntervalSince(start) >= 20, "waited for the lease to expire")
            #expect(harness.clock.now().timeIntervalSince(start) < 60, "within the deadline")
            let shared = try #require(try hosts.sharedValue())
            #expect(shared.token == outcome.token)
            #expect(shared.fence == 5)
        }
    }

    @Test func aLeaseThatOutlastsTheDeadlineFailsWithinItNamingTheHolder() throws {
        try withEmulators(.inProcess) { harness in
            let hosts = try SharedTokenHosts(harness)
            let start = harness.clock.now()
            try hosts.holdLease(by: "ops-2/77/stuck", until: start.addingTimeInterval(600), fence: 4)
            let host = try hosts.host("ops-1", deadline: 30)
            try host.store.writeCachedToken(hosts.token("ya29.expired-local-XXXXXXXX", expiresIn: -5, age: 3605))

            let error = #expect(throws: CredentialError.self) { try host.refresher.currentToken() }

            #expect(error?.code == .leaseTimeout)
            #expect(error?.message.contains("lease ops-2/77/stuck") == true)
            #expect(error?.message.contains("Secrets Manager secret 'drydock/google-token' in us-east-1 (lease table 'drydock-locks')") == true)
            #expect(harness.clock.now().timeIntervalSince(start) <= 30)
            #expect(harness.tokenRequestCount == 0)
        }
    }

    @Test func aHolderWhoseLeaseAnotherHostTookOverStoresNothing() throws {
        try withEmulators(.inProcess) { harness in
            let hosts = try SharedTokenHosts(harness)
            // ops-2's clock runs 31 s ahead: to it, ops-1's lease (until ops-1's 30 s deadline) has run out
            // while ops-1 is still refreshing. ops-2 takes the lease over and stores its own token while
            // ops-1's token request is under way.
            let other = try hosts.host("ops-2", clock: OffsetClock(hosts.clock, seconds: 31))
            let newer = Locked<RefreshOutcome?>(nil)
            let overtaken = RequestHook(harness.transport, onTokenRequest: {
                newer.withLock { $0 = try? other.refresher.refresh(rejecting: nil) }
            })
            let holder = try hosts.host("ops-1", deadline: 30, transport: overtaken)

            let outcome = try holder.refresher.refresh(rejecting: nil)

            let winner = try #require(newer.withLock { $0 })
            #expect(winner.requestSent)
            #expect(harness.tokenRequestCount == 2)
            let shared = try #require(try hosts.sharedValue())
            #expect(shared.token == winner.token, "the newer token stays AWSCURRENT")
            #expect(shared.fence == 2)
            #expect(hosts.count("secretsmanager", "PutSecretValue") == 1, "the overtaken holder stored nothing")
            #expect(outcome.token == winner.token, "it adopts the newer token")
            #expect(hosts.warnings.withLock { $0 }.contains { $0.hasPrefix("ops-1: the refresh lease") && $0.contains("lapsed") })
        }
    }

    @Test func aHolderStalledPastItsDeadlineSendsNothingMoreAndCannotOverwriteTheNewerToken() throws {
        try withEmulators(.inProcess) { harness in
            let hosts = try SharedTokenHosts(harness)
            let start = harness.clock.now()
            let other = try hosts.host("ops-2")
            let newer = Locked<RefreshOutcome?>(nil)
            // ops-1 takes the lease (until its 30 s deadline), then stalls in its token request (a paused VM):
            // its lease runs out, and ops-2 takes the lease over and stores its own token, before ops-1's
            // answer arrives.
            let stall = RequestHook(harness.transport, onTokenRequest: {
                harness.clock.advance(seconds: 31)
                newer.withLock { $0 = try? other.refresher.refresh(rejecting: nil) }
            })
            let stalled = try hosts.host("ops-1", deadline: 30, transport: stall)

            let outcome = try stalled.refresher.refresh(rejecting: nil)

            let winner = try #require(newer.withLock { $0 })
            #expect(winner.requestSent)
            #expect(harness.tokenRequestCount == 2)
            let shared = try #require(try hosts.sharedValue())
            #expect(shared.token == winner.token, "the newer token stays AWSCURRENT")
            #expect(shared.fence == 2)
            #expect(hosts.count("secretsmanager", "PutSecretValue") == 1, "the stalled holder stored nothing")
            // Past its deadline it sends no confirm (only the lease release, under its own budget, which
            // fails its condition): its token serves this host only.
            #expect(hosts.count("dynamodb", "UpdateItem") == 1 + 3 + 1)
            #expect(outcome.requestSent && outcome.token != winner.token)
            #expect(try stalled.store.cachedToken() == outcome.token)
            #expect(hosts.warnings.withLock { $0 }.contains {
                $0.hasPrefix("ops-1: the new token could not be shared") && $0.contains("the refresh deadline (30 s) was reached")
            })
            #expect(harness.clock.now().timeIntervalSince(start) < 62)
        }
    }

    @Test func aHolderThatStallsAfterConfirmingCannotMakeItsOlderTokenCurrent() throws {
        try withEmulators(.inProcess) { harness in
            let hosts = try SharedTokenHosts(harness)
            let other = try hosts.host("ops-2")
            let newer = Locked<RefreshOutcome?>(nil)
            // ops-1 confirms its lease, then stalls just before PutSecretValue for longer than the commit
            // window: ops-2 takes the lease over and makes its own token current first.
            let stall = RequestHook(harness.transport, onTarget: "secretsmanager.PutSecretValue") {
                harness.clock.advance(seconds: 61)
                newer.withLock { $0 = try? other.refresher.refresh(rejecting: nil) }
            }
            let stalled = try hosts.host("ops-1", deadline: 120, transport: stall)

            let outcome = try stalled.refresher.refresh(rejecting: nil)

            let winner = try #require(newer.withLock { $0 })
            #expect(winner.requestSent)
            let shared = try #require(try hosts.sharedValue())
            #expect(shared.token == winner.token, "the newer token stays AWSCURRENT")
            #expect(shared.fence == 2)
            #expect(hosts.count("secretsmanager", "PutSecretValue", status: 200) == 2, "both stored a version")
            #expect(hosts.count("secretsmanager", "UpdateSecretVersionStage", status: 400) == 1, "the stalled swap was refused")
            #expect(outcome.token == winner.token, "it adopts the newer token")
            #expect(hosts.warnings.withLock { $0 }.contains { $0.hasPrefix("ops-1: another host's token became current") })
        }
    }

    @Test func throttledDynamoDBKeepsAStillValidTokenThenFailsLoudlyOnceItExpires() throws {
        try withEmulators(.inProcess) { harness in
            let hosts = try SharedTokenHosts(harness)
            let host = try hosts.host("ops-1", deadline: 20)
            let local = hosts.token("ya29.valid-but-expiring-XXXXXXXX", expiresIn: 120, age: 3480)
            try host.store.writeCachedToken(local)
            try harness.addFault(#"{"service":"dynamodb","operation":"UpdateItem","action":{"type":"status","status":400,"reason":"ThrottlingException"}}"#)

            #expect(try host.refresher.currentToken() == local, "within the refresh window but valid: kept")
            #expect(harness.tokenRequestCount == 0)
            #expect(hosts.warnings.withLock { $0 }.contains { $0.contains("using this host's cached token") && $0.contains("ThrottlingException") })

            harness.clock.advance(seconds: 200)
            let error = #expect(throws: CredentialError.self) { try host.refresher.currentToken() }
            #expect(error?.code == .sharedStoreUnavailable)
            #expect(error?.exitStatus == .transient)
            #expect(error?.message.contains("lease table 'drydock-locks' in us-east-1") == true)
            #expect(error?.message.contains("ThrottlingException") == true)
            #expect(harness.tokenRequestCount == 0)
        }
    }

    @Test func secretsManagerDownFailsLoudlyWithTheCauseAndNothingLoops() throws {
        try withEmulators(.inProcess) { harness in
            let hosts = try SharedTokenHosts(harness)
            let host = try hosts.host("ops-1", deadline: 20)
            try harness.addFault(#"{"service":"secretsmanager","action":{"type":"status","status":503}}"#)
            let rejected = hosts.token("ya29.rejected-XXXXXXXX", expiresIn: 2000)
            try host.store.writeCachedToken(rejected)

            let error = #expect(throws: CredentialError.self) { try host.refresher.refresh(rejecting: rejected.accessToken) }

            #expect(error?.code == .sharedStoreUnavailable)
            #expect(error?.message.contains("Secrets Manager secret 'drydock/google-token' in us-east-1") == true)
            #expect(harness.tokenRequestCount == 0)
            #expect(hosts.count("secretsmanager", "GetSecretValue") <= 3, "the client's own retries, no more")
        }
    }

    @Test func aMissingSecretNamesTheCommandThatCreatesIt() throws {
        try withEmulators(.inProcess) { harness in
            let hosts = try SharedTokenHosts(harness)
            let host = try hosts.host("ops-1", secret: "drydock/not-created")

            let error = #expect(throws: CredentialError.self) { try host.refresher.refresh(rejecting: nil) }

            #expect(error?.code == .sharedStoreMisconfigured)
            #expect(error?.message.contains("aws secretsmanager create-secret --name drydock/not-created --region us-east-1") == true)
            #expect(harness.tokenRequestCount == 0)
        }
    }

    @Test func theRefreshTokenAndClientCanLiveInASecret() throws {
        try withEmulators(.inProcess) { harness in
            let hosts = try SharedTokenHosts(harness)
            let host = try hosts.host("ops-1", credentialsSecret: "drydock/google-oauth")
            let files = host.store
            let credentials: JSONValue = [
                "refresh_token": .string(try files.refreshToken()),
                "installed": try #require(try files.readJSON("gmail_credentials.json", expected: "", missingHint: "")["installed"]),
            ]
            _ = try hosts.secretsManager().call("CreateSecret", [
                "Name": "drydock/google-oauth", "SecretString": .string(credentials.serialized()),
            ])
            // The files are gone from this host: only the secret can supply them.
            unlink(files.path(of: SecretsStore.refreshTokenFile))
            unlink(files.path(of: SecretsStore.clientCredentialsFile))

            let outcome = try host.refresher.refresh(rejecting: nil)

            #expect(outcome.requestSent)
            #expect(harness.tokenRequestCount == 1)
        }
    }

    @Test func aSecretThatIsNotATokenIsAnErrorThatQuotesNothing() throws {
        try withEmulators(.inProcess) { harness in
            let hosts = try SharedTokenHosts(harness)
            try hosts.secretsManager().putSecretValue(
                SharedTokenHosts.secret, string: #"{"access_token": "ya29.half-XXXXXXXX"}"#,
                clientRequestToken: "drydock-test-0000000000000000000000000000")
            let host = try hosts.host("ops-1")

            let error = #expect(throws: CredentialError.self) { try host.refresher.refresh(rejecting: nil) }

            #expect(error?.code == .invalidSharedSecret)
            #expect(error?.message.contains(#"has no "token_type" of "Bearer""#) == true)
            #expect(error?.message.contains("ya29.half") == false)
        }
    }
}

/// A clock that runs `callback` after each sleep.
struct CallbackClock: WallClock {
    let base: any WallClock
    let callback: @Sendable () -> Void

    init(_ base: any WallClock, _ callback: @escaping @Sendable () -> Void) {
        self.base = base
        self.callback = callback
    }

    func now() -> Date { base.now() }
    func sleep(seconds: Double) {
        base.sleep(seconds: seconds)
        callback()
    }
}

/// A clock `seconds` ahead of `base` (a host whose clock is off).
struct OffsetClock: WallClock {
    let base: any WallClock
    let seconds: Double

    init(_ base: any WallClock, seconds: Double) {
        self.base = base
        self.seconds = seconds
    }

    func now() -> Date { base.now().addingTimeInterval(seconds) }
    func sleep(seconds: Double) { base.sleep(seconds: seconds) }
}
