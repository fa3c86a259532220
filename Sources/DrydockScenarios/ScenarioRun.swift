import DrydockCore
import DrydockFixtures
import DrydockHTTP
import DrydockHarness
import EmulatorKit
import Emulators
import Foundation
import GoogleOAuthEmulator

/// The state of one scenario while it runs: its router, server, sandbox and what its children printed.
final class ScenarioRun {
    let scenario: Scenario
    let runner: ScenarioRunner
    var router: EdgeRouter!
    var environment: [String: String] = [:]
    var scratch = ""
    var tokenPath = ""
    var home = ""
    var scrubber = SecretScrubber()
    var lastOutput = ""

    init(scenario: Scenario, runner: ScenarioRunner) {
        self.scenario = scenario
        self.runner = runner
    }

    func execute(into result: inout ScenarioResult) throws {
        let world = try ScenarioWorld(scenario, seed: runner.seed, caller: runner.caller)
        defer { world.tearDown() }
        router = world.router
        environment = world.environment
        scratch = world.scratch
        tokenPath = world.tokenPath
        home = world.home
        scrubber = world.scrubber

        let initial = FileSnapshot(home: home, tokenPath: tokenPath, paths: scenario.expect.files.unchanged)
        for (index, step) in scenario.steps.enumerated() {
            let failures = runStep(step)
            if !failures.isEmpty {
                result.failures += failures.map { "step \(index + 1) (line \(step.line)): \($0)" }
                break
            }
        }
        if result.failures.isEmpty {
            result.failures += check(scenario.expect, outputs: [], before: initial, seconds: 0).map { "scenario: \($0)" }
        }
        let totals = router.journal.totals
        result.outputTail = scrubber.scrub(Self.tail(lastOutput, lines: 40))
        result.journalExcerpt = totals.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: "\n")
    }

    static func tail(_ text: String, lines: Int) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }
}
