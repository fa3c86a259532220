import DrydockCredentials
import DrydockTesting
import Foundation

/// Many `drydock reauth` processes started at once against one expired cached token: the `flock` on
/// `.google_token.lock` must let exactly one of them send a token request, and the rest pick up its token.
///
/// Each run gets a fresh live harness (so the journal counts only that run), an expired
/// `google_token.json` written through `SecretsStore` (0600, atomic), and `harness.processEnvironment`.
/// Wall time runs from the first spawn until the last process has exited.
enum SingleFlightBenchmark {
    struct Run {
        let wallMs: Double
        let succeeded: Int
        /// Processes that printed "token refreshed" (the rest found the fresh token in the cache).
        let refreshedBy: Int
        let tokenRequests: Int
    }

    static func run(drydock: String, processes: Int) throws -> Run {
        let harness = try EmulatorHarness(.live)
        defer { harness.stop() }
        let now = Date()
        try SecretsStore(directory: harness.secretsDirectory).writeCachedToken(CachedToken(
            accessToken: "ya29.drydock-bench-expired", expiresAt: now.addingTimeInterval(-600),
            scope: "https://www.googleapis.com/auth/gmail.readonly", refreshedAt: now.addingTimeInterval(-4_200)))
        let environment = harness.processEnvironment

        let start = Monotonic.now()
        let children = try (0..<processes).map { _ in try ChildSpawn(drydock, ["reauth"], environment: environment) }
        let results = children.map { $0.finish() }
        let wallMs = Monotonic.milliseconds(since: start)

        let failures = results.filter { $0.status != 0 }
        if let first = failures.first {
            progress("single flight ×\(processes): \(failures.count) failed; first: exit \(first.status): \(first.stderr)")
        }
        return Run(
            wallMs: wallMs, succeeded: results.count - failures.count,
            refreshedBy: results.filter { $0.stdout.hasPrefix("token refreshed") }.count,
            tokenRequests: harness.tokenRequestCount)
    }

    static func rows(processes: Int, runs: [Run]) -> [BenchRow] {
        let wall = Samples(runs.map(\.wallMs))
        let ok = runs.map { "\($0.succeeded)" }.joined(separator: ", ")
        let requests = runs.map { "\($0.tokenRequests)" }.joined(separator: ", ")
        let refreshers = runs.map { "\($0.refreshedBy)" }.joined(separator: ", ")
        let met = runs.allSatisfy { $0.tokenRequests == 1 && $0.succeeded == processes && $0.refreshedBy == 1 }
        return [
            BenchRow(
                measurement: "Single flight: \(processes) × `drydock reauth` at once on an expired token (\(runs.count) runs)",
                drydock: "wall \(Format.ms(wall.median)) median (\(Format.range(wall.min, wall.max))); "
                    + "exit 0: \(ok) of \(processes); refreshed by: \(refreshers); token requests: \(requests)",
                target: "1 token request per run, all exit 0", met: met),
        ]
    }
}
