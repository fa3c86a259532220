import DrydockCore
import DrydockFixtures
import DrydockHTTP
import DrydockHarness
import EmulatorKit
import Emulators
import Foundation
import GoogleOAuthEmulator

/// Runs one scenario in its own emulators (a fresh router on a free loopback port) and its own sandbox
/// HOME, step by step, and checks its expectations.
public struct ScenarioRunner: Sendable {
    /// The `drydock` binary that `job:` steps run (the CLI passes its own executable).
    public var drydockExecutable: String
    /// The caller's environment, filtered by `ChildEnvironment` for every child.
    public var caller: [String: String]
    /// Seeds fault-rule probabilities: the same seed gives the same verdicts.
    public var seed: UInt64
    /// Upper bound for any one job or command without a `within:`.
    public var stepTimeout: Double
    /// `validate --command`: a shell command line run (by `/bin/sh -c`) in place of the built-in job of
    /// every step marked `under_test`; scenarios without such a step are skipped.
    public var externalCommand: String?

    public init(
        drydockExecutable: String, caller: [String: String], seed: UInt64 = 0, stepTimeout: Double = 120, externalCommand: String? = nil
    ) {
        self.drydockExecutable = drydockExecutable
        self.caller = caller
        self.seed = seed
        self.stepTimeout = stepTimeout
        self.externalCommand = externalCommand
    }

    /// Runs `scenario`; never throws: anything that goes wrong is a failure of the result.
    public func run(_ scenario: Scenario) -> ScenarioResult {
        let started = ContinuousClock.now
        var result = ScenarioResult(
            name: scenario.name, tags: scenario.tags, file: scenario.file, failures: [], seconds: 0, outputTail: "", journalExcerpt: "")
        if externalCommand != nil, !scenario.acceptsExternalJob {
            result.skipped = "no step of this scenario accepts an external job (under_test)"
            return result
        }
        do {
            try ScenarioRun(scenario: scenario, runner: self).execute(into: &result)
        } catch {
            result.failures.append("setup: \(error)")
        }
        let elapsed = ContinuousClock.now - started
        result.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return result
    }
}

/// A setup failure (emulators, sandbox, secrets state).
struct SetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A clock shifted by a fixed offset (either way), so a scenario's `clock:` can start in the past too.
struct ShiftedClock: WallClock {
    let offset: Double
    func now() -> Date { Date().addingTimeInterval(offset) }
    func sleep(seconds: Double) { SystemClock().sleep(seconds: seconds) }
}
