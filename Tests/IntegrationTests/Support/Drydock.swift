import DrydockTesting
import Foundation
import Testing

/// The built `drydock` binary, run the way a user meets it.
enum Drydock {
    static var path: String { BuiltProducts.path("drydock") }

    /// Runs `drydock arguments` against `harness` (its endpoints and sandbox, plus `extra` variables) and
    /// records an issue if stdout or stderr contains any secret the harness knows of.
    static func run(
        _ arguments: [String], against harness: EmulatorHarness, extra: [String: String] = [:],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> ProcessResult {
        let result = try ChildProcess.run(path, arguments, environment: harness.processEnvironment.merging(extra) { $1 })
        harness.knownSecrets().expectAbsent(
            from: result.stdout + result.stderr, "output of drydock \(arguments.joined(separator: " "))",
            sourceLocation: sourceLocation)
        return result
    }
}
