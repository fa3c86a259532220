import ArgumentParser
import DrydockCore
import DrydockScenarios
import Foundation

/// `drydock validate`: runs scenario files, each in its own emulators and sandbox, several at once, and
/// reports them as progress lines, a summary, JUnit XML and JSON.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Run failure scenarios against Drydock's jobs; report PASS/FAIL, JUnit XML or JSON.",
        discussion: """
            Each scenario runs in its own emulators on a free loopback port and its own sandbox HOME. PATHS are \
            scenario files or directories (every *.yaml, *.yml and *.json inside); with none, the built-in catalog. \
            Exit status: 0 all passed, 1 any expectation failed, 64 a scenario file is bad.
            """)

    @Argument(help: "Scenario files, directories, or catalog scenario names.")
    var paths: [String] = []
    @Option(name: .customLong("tag"), help: "Run only scenarios with this tag (repeatable: any of them).")
    var tags: [String] = []
    @Option(name: .customLong("exclude-tag"), help: "Skip scenarios with this tag (repeatable).")
    var excludedTags: [String] = []
    @Option(help: "Write a JUnit XML report to FILE.")
    var junit: String?
    @Flag(help: "Print the results as JSON on stdout instead of progress lines.")
    var json = false
    @Option(help: "Scenarios run at once (default: the number of cores).")
    var parallel: Int?
    @Option(help: "Seed for fault-rule probabilities (the same seed, the same verdicts).")
    var seed: UInt64 = 0
    @Flag(help: "Stop starting scenarios after the first failure.")
    var failFast = false
    @Option(help: ArgumentHelp(
        "Run this shell command line (/bin/sh -c) as the job under test in every scenario that accepts an external job (a step marked under_test); the others are skipped. It runs as `drydock exec` runs a program: sandbox HOME, endpoint, proxy and CA variables.",
        valueName: "CMD"))
    var command: String?

    func run() throws {
        if let parallel, !(1...256).contains(parallel) {
            throw ValidationError("--parallel must be between 1 and 256, not \(parallel)")
        }
        let scenarios: [Scenario]
        do {
            scenarios = try loadScenarios()
        } catch let error as ScenarioError {
            printError("drydock validate: \(error)")
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        let selected = scenarios.filter { scenario in
            (tags.isEmpty || scenario.tags.contains(where: tags.contains)) && !scenario.tags.contains(where: excludedTags.contains)
        }
        if let command, command.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--command must be a command line, not empty")
        }
        let runner = ScenarioRunner(
            drydockExecutable: EmulatorsStartCommand.executablePath(), caller: ProcessInfo.processInfo.environment, seed: seed,
            externalCommand: command)
        let started = ContinuousClock.now
        let progress = Progress(total: selected.count, quiet: json)
        let results = ScenarioBatch.run(
            selected, runner: runner, parallel: parallel ?? ProcessInfo.processInfo.activeProcessorCount, failFast: failFast,
            started: progress.started, finished: progress.finished)
        progress.stop()
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        if json {
            print(ValidationReport.json(results, seconds: seconds), terminator: "")
        } else {
            ValidationReport.summary(results, seconds: seconds).forEach { print($0) }
        }
        if let junit {
            do {
                try Data(ValidationReport.junit(results, seconds: seconds).utf8).write(to: URL(fileURLWithPath: junit))
            } catch {
                printError("drydock validate: cannot write --junit \(junit): \(error)")
                throw ExitCode(ExitStatus.configuration.rawValue)
            }
        }
        if results.contains(where: { !$0.passed }) { throw ExitCode(ExitStatus.checkFailed.rawValue) }
    }

    /// The files named (a name that is not a path: `NAME.yaml` in the catalog), or the whole catalog.
    func loadScenarios() throws -> [Scenario] {
        let files = try ScenarioSources.files(paths)
        var scenarios: [Scenario] = []
        var seen: [String: String] = [:]
        for file in files {
            let scenario = try ScenarioLoader.load(path: file)
            if let other = seen[scenario.name] {
                throw ScenarioError(.duplicateName, file: file, line: 1, column: 1, "name \"\(scenario.name)\" is already used by \(other)")
            }
            seen[scenario.name] = file
            scenarios.append(scenario)
        }
        return scenarios
    }
}

/// Where progress goes: a live display on a terminal, plain lines otherwise, nothing with `--json`.
private struct Progress: Sendable {
    let live: LiveProgress?
    let quiet: Bool

    init(total: Int, quiet: Bool) {
        self.quiet = quiet
        if !quiet, isatty(STDOUT_FILENO) != 0 {
            let live = LiveProgress(total: total, width: LiveProgress.terminalWidth()) { text in
                FileHandle.standardOutput.write(Data(text.utf8))
            }
            live.startTicking()
            self.live = live
        } else {
            live = nil
        }
    }

    var started: @Sendable (Scenario) -> Void { { [live] in live?.started($0.name) } }

    var finished: @Sendable (ScenarioResult) -> Void {
        { [live, quiet] result in
            if let live { live.finished(result) } else if !quiet {
                FileHandle.standardOutput.write(Data((ValidationReport.progressLine(result) + "\n").utf8))
            }
        }
    }

    func stop() { live?.stop() }
}
