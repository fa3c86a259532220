import DrydockCore
import DrydockCredentials
import DrydockHTTP
import DrydockJobs
import DrydockServices
import DrydockTesting
import EmulatorKit
import Foundation
import Synchronization
import Testing

/// `drydock invalidate` as a child process, and the job in process, against live emulators (IMDS
/// credentials, the default fixtures' schema distribution E2DRYDOCKSCHEMA).
@Suite("invalidate against live emulators")
struct InvalidateCommandTests {
    static let distribution = "E2DRYDOCKSCHEMA"

    /// The invalidation id in the job's first line (`invalidation I… on E…: …`).
    static func invalidationID(_ stdout: String) -> String? {
        stdout.split(separator: " ").dropFirst().first.map(String.init)
    }

    @Test(.timeLimit(.minutes(1)))
    func aRerunOfTheSameChangeAnswersTheSameInvalidation() throws {
        try withEmulators(.live) { harness in
            let arguments = ["invalidate", "--distribution", Self.distribution, "--paths", "/schema/*", "--paths", "/index.json", "--content-version", "v42"]
            let first = try Drydock.run(arguments, against: harness)
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stdout.contains(": InProgress (2 path(s), caller reference drydock-"), "\(first.stdout)")
            // The paths in another order: the same change.
            let again = try Drydock.run(["invalidate", "--distribution", Self.distribution, "--paths", "/index.json", "--paths", "/schema/*", "--content-version", "v42"], against: harness)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(Self.invalidationID(first.stdout) != nil)
            #expect(Self.invalidationID(first.stdout) == Self.invalidationID(again.stdout))
            let next = try Drydock.run(arguments.dropLast() + ["v43"], against: harness)
            #expect(Self.invalidationID(next.stdout) != Self.invalidationID(first.stdout))
            #expect(harness.journal(service: "cloudfront", operation: "CreateInvalidation").count == 3)
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func waitReturnsOnceCompletedAndTimesOutLoudlyOnAStalledOne() throws {
        try withEmulators(.live) { harness in
            let arguments = ["invalidate", "--distribution", Self.distribution, "--paths", "/schema/*", "--content-version", "v1"]
            // Nothing advances the emulators' clock: the invalidation stays InProgress past a 1 s deadline.
            let stalled = try Drydock.run(arguments + ["--wait", "--timeout", "1"], against: harness)
            #expect(stalled.status == 75, "\(stalled.stderr)")
            #expect(stalled.stderr.contains("CloudFront GetInvalidation failed: WaitTimeout"), "\(stalled.stderr)")
            #expect(stalled.stderr.contains("still InProgress after"))
            // The clock moved past the completion delay: the rerun finds the same invalidation Completed.
            harness.clock.advance(seconds: 61)
            let done = try Drydock.run(arguments + ["--wait", "--timeout", "30"], against: harness)
            #expect(done.status == 0, "\(done.stderr)")
            #expect(done.stdout.contains(": Completed (1 path(s)"), "\(done.stdout)")
            #expect(Self.invalidationID(done.stdout) == Self.invalidationID(stalled.stdout))
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func dryRunChecksTheDistributionAndCreatesNothing() throws {
        try withEmulators(.live) { harness in
            let result = try Drydock.run(["invalidate", "--distribution", Self.distribution, "--paths", "/schema/*", "--dry-run", "--content-version", "v1"], against: harness)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("dry run: would invalidate /schema/* on E2DRYDOCKSCHEMA (d1drydockschema.cloudfront.net) with caller reference drydock-"))
            #expect(harness.journal(service: "cloudfront", operation: "GetDistribution").count == 1)
            #expect(harness.journal(service: "cloudfront", operation: "CreateInvalidation").isEmpty)
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func failuresUseTheExitCodeFamilies() throws {
        try withEmulators(.live) { harness in
            let missing = try Drydock.run(["invalidate", "--distribution", "ENOSUCH", "--paths", "/a"], against: harness)
            #expect(missing.status == 78, "\(missing.stderr)")
            #expect(missing.stderr.contains("CloudFront CreateInvalidation failed: NoSuchDistribution (HTTP 404): The specified distribution does not exist."))
            let badPath = try Drydock.run(["invalidate", "--distribution", Self.distribution, "--paths", "schema/*"], against: harness)
            #expect(badPath.status == 64)
            #expect(badPath.stderr.contains("'schema/*' must start with /"))
            try harness.addFault(#"{"service":"cloudfront","operation":"CreateInvalidation","action":{"type":"status","status":503}}"#)
            let unavailable = try Drydock.run(["invalidate", "--distribution", Self.distribution, "--paths", "/a"], against: harness, extra: ["AWS_MAX_ATTEMPTS": "2"])
            #expect(unavailable.status == 75, "\(unavailable.stderr)")
            #expect(unavailable.stderr.contains("ServiceUnavailable (HTTP 503)"))
            #expect(unavailable.stderr.contains("after 2 attempts"))
        }
    }

    /// The job's clock: starts at the emulators' time and moves only by its own sleeps, which also move the
    /// emulators' virtual clock when `moves` (else the emulators' invalidation never completes).
    final class JobClock: WallClock, Sendable {
        let emulators: VirtualClock
        let moves: Bool
        let elapsed = Mutex<Double>(0)
        let sleeps = Mutex<[Double]>([])
        /// The emulators' time at creation (requests are signed with the job's time: it must stay close).
        let start: Date
        init(_ emulators: VirtualClock, moves: Bool) {
            self.emulators = emulators
            self.moves = moves
            start = emulators.now()
        }
        func now() -> Date { start.addingTimeInterval(elapsed.withLock { $0 }) }
        func sleep(seconds: Double) {
            sleeps.withLock { $0.append(seconds) }
            elapsed.withLock { $0 += seconds }
            if moves { emulators.advance(seconds: seconds) }
        }
    }

    static func client(_ harness: EmulatorHarness, clock: any WallClock) throws -> CloudFrontClient {
        let credentials = AWSCredentialChain(environment: harness.environment, transport: harness.transport, clock: clock) { _ in }
        return try CloudFrontClient(credentials: credentials, transport: harness.transport, environment: harness.environment, clock: clock)
    }

    @Test(.timeLimit(.minutes(1)))
    func waitBacksOffDoublingUntilCompleted() throws {
        try withEmulators(.live) { harness in
            let clock = JobClock(harness.clock, moves: true)
            let job = CacheInvalidation(distributionID: Self.distribution, paths: ["/schema/*"], contentVersion: "backoff")
            var lines: [String] = []
            let result = try job.run(client: try Self.client(harness, clock: clock), wait: .init(deadline: 900), clock: clock) { lines.append($0) }
            #expect(result.isCompleted)
            // 5 + 10 + 20 + 40 = 75 s ≥ the emulator's 60 s completion delay.
            #expect(clock.sleeps.withLock { $0 } == [5, 10, 20, 40])
            #expect(lines.last?.hasSuffix("Completed after 75 s") == true, "\(lines)")
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func waitGivesUpAtTheDeadlineWithoutOverstepping() throws {
        try withEmulators(.live) { harness in
            let clock = JobClock(harness.clock, moves: false)
            let job = CacheInvalidation(distributionID: Self.distribution, paths: ["/schema/*"], contentVersion: "stalled")
            #expect {
                _ = try job.run(client: try Self.client(harness, clock: clock), wait: .init(deadline: 100), clock: clock) { _ in }
            } throws: { error in
                (error as? CloudFrontError)?.code == CloudFrontError.waitTimeoutCode && (error as? CloudFrontError)?.exitStatus == .transient
            }
            #expect(clock.sleeps.withLock { $0 } == [5, 10, 20, 40, 25])
        }
    }

    @Test func callerReferenceDependsOnTheChangeNotTheOrder() {
        let a = CacheInvalidation(distributionID: "E1", paths: ["/b", "/a", "/a"], contentVersion: "v1")
        let b = CacheInvalidation(distributionID: "E1", paths: ["/a", "/b"], contentVersion: "v1")
        #expect(a.callerReference == b.callerReference)
        #expect(a.callerReference.hasPrefix("drydock-") && a.callerReference.count == 40)
        #expect(CacheInvalidation(distributionID: "E1", paths: ["/a", "/b"], contentVersion: "v2").callerReference != a.callerReference)
        #expect(CacheInvalidation(distributionID: "E2", paths: ["/a", "/b"], contentVersion: "v1").callerReference != a.callerReference)
        #expect(CacheInvalidation.problem(with: "/a*b") != nil)
        #expect(CacheInvalidation.problem(with: "/a/*") == nil)
    }
}
