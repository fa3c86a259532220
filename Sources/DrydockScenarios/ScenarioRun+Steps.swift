import DrydockCore
import DrydockHarness
import EmulatorKit
import Foundation

extension ScenarioRun {
    /// Runs one step; the expectations it failed (empty: it passed).
    func runStep(_ step: Scenario.Step) -> [String] {
        switch step.kind {
        case .job(let name, let arguments):
            if let command = runner.externalCommand, let expect = step.underTest {
                return runCommand(["/bin/sh", "-c", command], parallel: step.parallel, expect: expect)
            }
            return runCommand([runner.drydockExecutable, name] + arguments.map(expandingHome), parallel: step.parallel, expect: step.expect)
        case .run(let command):
            return runCommand(command.map(expandingHome), parallel: step.parallel, expect: step.expect)
        case .advance(let seconds):
            router.clock.advance(seconds: seconds)
        case .faults(let rules):
            do { _ = try router.addFaultRules(rules) } catch { return ["fault rule: \(error)"] }
        case .clearFaults:
            _ = router.removeAllFaultRules()
        case .wait(let pattern, let count, let timeout):
            guard let expectation = try? Expectation.parse("\(pattern) >= \(count)") else { return ["wait: bad pattern \(pattern)"] }
            let deadline = ContinuousClock.now + .milliseconds(Int64(timeout * 1000))
            while !expectation.evaluate(router.journal.totals).holds {
                guard ContinuousClock.now < deadline else {
                    return ["wait: \(pattern) reached \(expectation.evaluate(router.journal.totals).count) of \(count) requests in \(timeout) s"]
                }
                usleep(5_000)
            }
        }
        return []
    }

    /// `argument` with every `${HOME}` replaced by the sandbox HOME, so a step can name files in it (a
    /// job's `--out`) without a shell.
    func expandingHome(_ argument: String) -> String {
        argument.replacingOccurrences(of: "${HOME}", with: home)
    }

    /// `parallel` copies of `command` at once, each checked against `expect`.
    func runCommand(_ command: [String], parallel: Int, expect: Scenario.Expectations) -> [String] {
        let before = FileSnapshot(home: home, tokenPath: tokenPath, paths: expect.files.unchanged)
        let timeout = expect.within.map { $0 + 5 } ?? runner.stepTimeout
        let started = ContinuousClock.now
        let runs: [ChildRun]
        if parallel == 1 {
            runs = [ChildRun.run(command, environment: environment, scratch: scratch, timeout: timeout)]
        } else {
            let collected = ResultSlots<ChildRun>(count: parallel)
            let environment = environment, scratch = scratch
            DispatchQueue.concurrentPerform(iterations: parallel) { index in
                collected.set(index, ChildRun.run(command, environment: environment, scratch: scratch, timeout: timeout))
            }
            runs = collected.all
        }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        lastOutput = runs.map { "$ \(command.joined(separator: " "))\n\($0.stdout)\($0.stderr)" }.joined(separator: "\n")
        return check(expect, outputs: runs, before: before, seconds: seconds)
    }

    /// The expectations `expect` fails against `outputs` (each copy), the journal and the files, plus the
    /// always-on one: no secret value in any output.
    func check(_ expect: Scenario.Expectations, outputs: [ChildRun], before: FileSnapshot?, seconds: Double) -> [String] {
        var failures: [String] = []
        for (copy, run) in outputs.enumerated() {
            let which = outputs.count > 1 ? " (copy \(copy + 1) of \(outputs.count))" : ""
            if run.timedOut { failures.append("timed out after \(String(format: "%.1f", run.seconds)) s and was killed\(which)") }
            if let exit = expect.exit, !exit.holds(run.exit.status) {
                failures.append("exit: expected \(exit), got \(run.exit.status) (\(run.exit))\(which)")
            }
            failures += OutputChecks.failures(expect.stdout, in: run.stdout, stream: "stdout").map { $0 + which }
            failures += OutputChecks.failures(expect.stderr, in: run.stderr, stream: "stderr").map { $0 + which }
            if scrubber.containsSecret(run.stdout + run.stderr) {
                failures.append("a secret value appeared in the output\(which)")
            }
        }
        let totals = router.journal.totals
        for expectation in expect.journal {
            let outcome = expectation.evaluate(totals)
            if !outcome.holds { failures.append("journal: expected \(expectation), counted \(outcome.count)") }
        }
        failures += fileFailures(expect.files, before: before)
        if let within = expect.within, seconds > within {
            failures.append("within: expected at most \(within) s, took \(String(format: "%.2f", seconds)) s")
        }
        return failures
    }

    func fileFailures(_ files: Scenario.FileChecks, before: FileSnapshot?) -> [String] {
        var failures: [String] = []
        let now = FileManager.default.contents(atPath: tokenPath)
        switch files.tokenCache {
        case .unchanged? where now != before?.token: failures.append("files.token_cache: expected unchanged, it changed")
        case .changed? where now == before?.token: failures.append("files.token_cache: expected changed, it is unchanged")
        default: break
        }
        for path in files.exists where !FileSnapshot.exists(home + "/" + path) {
            failures.append("files.exists: expected ~/\(path) to exist, it does not")
        }
        for path in files.absent where FileSnapshot.exists(home + "/" + path) {
            failures.append("files.absent: expected no ~/\(path), it exists")
        }
        for path in files.unchanged where FileManager.default.contents(atPath: home + "/" + path) != before?.paths[path] ?? nil {
            failures.append("files.unchanged: expected ~/\(path) unchanged, it " + (FileSnapshot.exists(home + "/" + path) ? "changed" : "was removed"))
        }
        if let mode = files.tokenMode {
            var info = stat()
            if lstat(tokenPath, &info) != 0 {
                failures.append("files.token_mode: expected \(String(mode, radix: 8)), the token file does not exist")
            } else if info.st_mode & 0o7777 != mode {
                failures.append("files.token_mode: expected 0\(String(mode, radix: 8)), found 0\(String(info.st_mode & 0o7777, radix: 8))")
            }
        }
        if let parses = files.tokenParses {
            let parsed = now.flatMap { try? JSONValue.parse(Array($0)) }?["access_token"]?.stringValue != nil
            if parsed != parses { failures.append("files.token_parses: expected \(parses), found \(parsed)") }
        }
        return failures
    }
}

/// The files a step's expectations compare with what they were before it: the token cache and the
/// `files.unchanged` paths (nil: absent).
struct FileSnapshot {
    let token: Data?
    let paths: [String: Data?]

    init(home: String, tokenPath: String, paths: [String]) {
        token = FileManager.default.contents(atPath: tokenPath)
        self.paths = Dictionary(paths.map { ($0, FileManager.default.contents(atPath: home + "/" + $0)) }, uniquingKeysWith: { $1 })
    }

    /// Exists as anything, a dangling symbolic link included.
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }
}
