import DrydockScenarios
import Foundation
import Testing

/// One test per kind of mistake in a scenario file: each names the file, the line and column, and what
/// was expected there.
@Suite struct ScenarioLoaderTests {
    func error(_ text: String) -> ScenarioError? {
        do {
            _ = try ScenarioLoader.parse(text: text, file: "s.yaml")
            return nil
        } catch {
            return error
        }
    }

    @Test func validFileLoads() throws {
        let scenario = try ScenarioLoader.parse(text: """
            name: ok-1
            description: d
            tags: [a, b]
            secrets: { token: expired, refresh_token: revoked, modes: { directory: "0755" }, token_file_symlink: true }
            clock: "2026-09-01T06:00:00Z"
            faults:
              - { service: oauth, operation: token, times: 2, action: { type: status, status: 503 } }
            steps:
              - job: diag
                args: ["--json"]
                parallel: 4
                expect:
                  exit: EX_TEMPFAIL
                  stdout: { contains: "x", matches: "^a", json: { healthy: true } }
                  journal: ["oauth.token == 1"]
                  files: { token_cache: unchanged, token_mode: "0600", token_parses: true }
                  within: 10s
              - advance: 3600
              - clear_faults: true
              - wait: { for: gmail, count: 3, timeout: 500ms }
            """, file: "s.yaml")
        #expect(scenario.name == "ok-1")
        #expect(scenario.tags == ["a", "b"])
        #expect(scenario.faults.count == 1)
        #expect(scenario.steps.count == 4)
        #expect(scenario.steps[0].parallel == 4)
        #expect(scenario.steps[0].expect.exit == .status(75))
        #expect(scenario.steps[0].expect.stdout.count == 3)
        #expect(scenario.steps[0].expect.within == 10)
        #expect(scenario.secrets.directoryMode == 0o755)
        #expect(scenario.steps[0].line == 9)
    }

    @Test func jsonIsAccepted() throws {
        let scenario = try ScenarioLoader.parse(
            text: #"{"name": "j", "description": "d", "steps": [{"job": "reauth", "expect": {"exit": 0}}]}"#, file: "s.json")
        #expect(scenario.steps[0].expect.exit == .status(0))
    }

    @Test func unknownKey() throws {
        let e = try #require(error("name: a\ndescription: d\nsteps:\n  - job: diag\n    expcet: {exit: 0}\n"))
        #expect(e.code == .unknownKey)
        #expect((e.file, e.line, e.column) == ("s.yaml", 5, 5))
        #expect(e.description == "s.yaml:5:5: steps[0]: unknown key \"expcet\"; expected one of: advance, args, clear_faults, expect, faults, job, parallel, run, under_test, wait")
    }

    @Test func wrongType() throws {
        let e = try #require(error("name: a\ndescription: d\nsteps:\n  - job: diag\n    parallel: many\n"))
        #expect(e.code == .wrongType)
        #expect(e.line == 5)
        #expect(e.message == "steps[0].parallel: expected a whole number, found \"many\"")
        let list = try #require(error("name: a\ndescription: d\nsteps: diag\n"))
        #expect(list.code == .wrongType)
        #expect(list.message == "steps: expected a list, found \"diag\"")
    }

    @Test func missingNameAndSteps() throws {
        let noName = try #require(error("description: d\nsteps:\n  - job: diag\n"))
        #expect(noName.code == .missingKey)
        #expect(noName.message == "missing required key \"name\"")
        let noSteps = try #require(error("name: a\ndescription: d\n"))
        #expect(noSteps.message == "missing required key \"steps\"")
        let empty = try #require(error("name: a\ndescription: d\nsteps: []\n"))
        #expect(empty.message == "steps: expected at least one step")
        let badName = try #require(error("name: Has Spaces\ndescription: d\nsteps:\n  - job: diag\n"))
        #expect(badName.code == .badValue)
        #expect(badName.line == 1)
    }

    @Test func badExitName() throws {
        let e = try #require(error("name: a\ndescription: d\nsteps:\n  - job: diag\n    expect:\n      exit: EX_NOPE\n"))
        #expect(e.code == .badValue)
        #expect((e.line, e.column) == (6, 13))
        #expect(e.message.hasPrefix("steps[0].expect.exit: expected an exit status: a number, success, failure or a sysexits name (EX_OK, EX_USAGE"))
        #expect(e.message.hasSuffix("found \"EX_NOPE\""))
        let range = try #require(error("name: a\ndescription: d\nsteps:\n  - job: diag\n    expect: { exit: 300 }\n"))
        #expect(range.message == "steps[0].expect.exit: expected an exit status in 0...255, found 300")
    }

    @Test func badJournalExpectation() throws {
        let e = try #require(error("name: a\ndescription: d\nsteps:\n  - job: diag\n    expect:\n      journal: [\"oauth.token === 1\"]\n"))
        #expect(e.code == .badExpectation)
        #expect(e.line == 6)
        #expect(e.message.hasPrefix("steps[0].expect.journal[0]: expected a journal count such as \"oauth.token == 1\""))
    }

    @Test func badDuration() throws {
        let e = try #require(error("name: a\ndescription: d\nsteps:\n  - advance: soon\n"))
        #expect(e.code == .badValue)
        #expect(e.message == "steps[0].advance: expected a duration between 0 and 400 days (seconds, or 500ms / 10s / 5m / 1h / 2d), found \"soon\"")
        let negative = try #require(error("name: a\ndescription: d\nsteps:\n  - job: diag\n    expect: { within: -3 }\n"))
        #expect(negative.code == .badValue)
    }

    @Test func badJobAndFaultRule() throws {
        let job = try #require(error("name: a\ndescription: d\nsteps:\n  - job: rm-rf\n"))
        #expect(job.code == .badValue)
        #expect(job.message.hasPrefix("steps[0].job: expected a built-in job ("))
        let fault = try #require(error("name: a\ndescription: d\nfaults:\n  - { service: oauth, action: { type: explode } }\nsteps:\n  - job: diag\n"))
        #expect(fault.code == .badValue)
        #expect(fault.line == 4)
        #expect(fault.message.hasPrefix("faults[0]: not a fault rule: "))
    }

    @Test func twoActionsInOneStep() throws {
        let e = try #require(error("name: a\ndescription: d\nsteps:\n  - job: diag\n    advance: 3\n"))
        #expect(e.message == "steps[0]: expected exactly one of job, run, advance, faults, clear_faults, wait; found job, advance")
    }

    @Test func yamlSyntax() throws {
        let e = try #require(error("name: a\ndescription: [d\nsteps: x\n"))
        #expect(e.code == .syntax)
        #expect(e.line > 0)
        #expect(e.message.hasPrefix("not valid YAML: "))
    }

    @Test func unreadableFile() throws {
        #expect(throws: ScenarioError.self) { try ScenarioLoader.load(path: "/nonexistent/x.yaml") }
    }
}

/// `env:` and the secrets knobs added with the catalog.
@Suite struct ScenarioEnvironmentTests {
    @Test func environmentAndSecretsKnobsLoad() throws {
        let scenario = try ScenarioLoader.parse(text: """
            name: env-1
            description: d
            secrets: { client: { testing: true, age_days: 8 }, account: dispatch@harbor-charters.example, token_age: 30m }
            env: { DRYDOCK_API_DEADLINE_SECONDS: "8", AWS_MAX_ATTEMPTS: "2" }
            steps:
              - advance: 8d
            """, file: "s.yaml")
        #expect(scenario.environment == ["DRYDOCK_API_DEADLINE_SECONDS": "8", "AWS_MAX_ATTEMPTS": "2"])
        #expect(scenario.secrets.clientTesting && scenario.secrets.clientAgeDays == 8)
        #expect(scenario.secrets.account == "dispatch@harbor-charters.example" && scenario.secrets.tokenAge == 1800)
    }

    @Test(arguments: [
        ("env: { 1BAD: x }", "expected a variable name"),
        ("env: { HOME: /tmp }", "HOME is the sandbox's own"),
        ("env: [A]", "expected a mapping of variable names to values"),
    ])
    func badEnvironment(line: String, says: String) {
        do {
            _ = try ScenarioLoader.parse(text: "name: e\ndescription: d\n\(line)\nsteps:\n  - advance: 1\n", file: "s.yaml")
            Issue.record("\(line) loaded")
        } catch {
            #expect(error.line == 3, "\(error)")
            #expect(error.description.contains(says), "\(error)")
        }
    }
}
