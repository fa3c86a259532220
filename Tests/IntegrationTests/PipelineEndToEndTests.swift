import DrydockCore
import DrydockCredentials
import DrydockServices
import DrydockTesting
import Foundation
import Testing

/// The Gmail client through the authorized pipeline and the single-flight refresher, against the
/// emulators in-process and over a real socket.
///
/// The session runs on its own `ManualClock`, apart from the emulators' virtual clock: advancing only the
/// emulators' clock makes the server consider a token expired that the client still thinks has most of
/// its life left — exactly the case where the API's 401 is the only signal, and the pipeline must refresh
/// once and retry. (Backoff sleeps on the manual clock are instant.)
@Suite("Pipeline end to end")
struct PipelineEndToEndTests {
    static let mailbox = "bookings@harbor-charters.example"

    @Test("profile, then 401 → one refresh → retry, after server-side expiry and an expire-tokens fault",
          arguments: EmulatorHarness.Mode.allCases)
    func recoversFromExpiredTokens(mode: EmulatorHarness.Mode) throws {
        try withEmulators(mode) { harness in
            let clock = ManualClock(now: Date())
            let session = try harness.session(clock: clock)

            // A cold cache: one token request, then the call.
            let profile = try session.gmail.profile()
            #expect(profile.emailAddress == Self.mailbox)
            #expect(harness.tokenRequestCount == 1)
            #expect(harness.statuses(service: "gmail", operation: "users.getProfile") == [200])
            let first = try #require(try harness.store.cachedToken())

            // The emulators' clock passes the token's expiry; the client's clock only moves past the
            // pipeline's fresh-token cooldown, so the client still sends its cached token.
            harness.clock.advance(seconds: 3600)
            clock.advance(seconds: 120)
            #expect(try session.gmail.profile() == profile)
            #expect(harness.tokenRequestCount == 2)
            #expect(harness.statuses(service: "gmail") == [200, 401, 200])
            let second = try #require(try harness.store.cachedToken())
            #expect(second.accessToken != first.accessToken)
            #expect(second.refreshedAt.timeIntervalSince1970 == clock.now().timeIntervalSince1970.rounded(.down))

            // The expire-tokens fault revokes every issued token behind the client's back.
            clock.advance(seconds: 120)
            try harness.addFault(#"{"service": "gmail", "times": 1, "action": {"type": "expire-tokens"}}"#)
            #expect(try session.gmail.profile() == profile)
            #expect(harness.tokenRequestCount == 3)
            #expect(harness.statuses(service: "gmail") == [200, 401, 200, 401, 200])
            #expect(harness.faultTypes(service: "gmail") == [nil, nil, nil, "expire-tokens", nil])
            #expect(try harness.store.cachedToken()?.accessToken != second.accessToken)

            // A token that is still good is served from the cache: no token request at all.
            #expect(try session.gmail.profile() == profile)
            #expect(harness.tokenRequestCount == 3)
        }
    }

    @Test("a 401 storm fails with fresh-token-rejected within the deadline, after at most one refresh",
          arguments: EmulatorHarness.Mode.allCases)
    func stopsA401Storm(mode: EmulatorHarness.Mode) throws {
        try withEmulators(mode) { harness in
            let clock = ManualClock(now: Date())
            let deadline = 5.0
            let session = try harness.session(
                clock: clock,
                pipeline: .init(
                    freshTokenCooldown: 60, deadline: deadline,
                    backoff: RetryBackoff(initial: 0.5, maximum: 2, minimum: 0.25)))
            _ = try session.gmail.profile()
            #expect(harness.tokenRequestCount == 1)

            try harness.addFault(#"{"service": "gmail", "action": {"type": "status", "status": 401}}"#)

            // An aged token: the first 401 earns exactly one refresh; the new token's 401s earn none.
            clock.advance(seconds: 120)
            var start = clock.now()
            var realStart = Date()
            let error = try #require(throws: CredentialError.self) { try session.gmail.profile() }
            #expect(error.code == .freshTokenRejected)
            #expect(error.exitStatus == .configuration)
            #expect(error.description.contains("401"))
            #expect(error.description.contains("drydock diag"))
            #expect(clock.now().timeIntervalSince(start) <= deadline)
            #expect(Date().timeIntervalSince(realStart) < 10)
            #expect(harness.tokenRequestCount == 2)
            let stormed = harness.statuses(service: "gmail").dropFirst()
            #expect(stormed.count >= 3, "the pipeline retried the 401 with backoff")
            #expect(stormed.allSatisfy { $0 == 401 })

            // A token younger than the cooldown: no refresh at all.
            start = clock.now()
            realStart = Date()
            let again = try #require(throws: CredentialError.self) { try session.gmail.profile() }
            #expect(again.code == .freshTokenRejected)
            #expect(clock.now().timeIntervalSince(start) <= deadline)
            #expect(harness.tokenRequestCount == 2)
        }
    }
}
