import DrydockScenarios
import DrydockTesting
import Foundation
import Testing

/// `validate --command`: the user's program replaces the built-in job of steps marked `under_test` and is
/// held to their expectations; scenarios without such a step are skipped; and every command a scenario
/// runs gets the interception (proxy and CA variables), as under `drydock exec`.
@Suite(.timeLimit(.minutes(1))) struct ExternalCommandTests {
    static let expiredCache = """
        name: external-expired
        description: An expired cache; the job under test must refresh once and succeed.
        secrets: { token: expired }
        steps:
          - job: diag
            expect:
              exit: 0
              stdout: { contains: "all checks passed" }
              journal: ["oauth.token == 1", "gmail.users.getProfile == 1"]
            under_test: true
        """

    func runner(command: String?) -> ScenarioRunner {
        ScenarioRunner(drydockExecutable: BuiltProducts.path("drydock"), caller: ["PATH": "/usr/bin:/bin"], seed: 1, externalCommand: command)
    }

    @Test func underTestTrueKeepsJournalFilesAndTimeAndTurnsTheExitIntoSuccessOrFailure() throws {
        let step = try ScenarioLoader.parse(text: Self.expiredCache, file: "x.yaml").steps[0]
        let external = try #require(step.underTest)
        #expect(external.exit == .success)
        #expect(external.stdout.isEmpty && external.stderr.isEmpty)
        #expect(external.journal.map(\.description) == ["oauth.token == 1", "gmail.users.getProfile == 1"])
    }

    @Test func theUsersProgramRunsInPlaceOfTheJobAndIsHeldToItsExpectations() throws {
        let scenario = try ScenarioLoader.parse(text: Self.expiredCache, file: "x.yaml")
        let drydock = BuiltProducts.path("drydock")
        #expect(runner(command: "'\(drydock)' diag").run(scenario).failures == [])
        let lazy = runner(command: "echo did nothing").run(scenario)
        #expect(lazy.failures == [
            "step 1 (line 5): journal: expected oauth.token == 1, counted 0",
            "step 1 (line 5): journal: expected gmail.users.getProfile == 1, counted 0",
        ])
        #expect(lazy.outputTail.contains("$ /bin/sh -c echo did nothing\ndid nothing"))
        let failing = runner(command: "'\(drydock)' diag; exit 9").run(scenario)
        #expect(failing.failures == ["step 1 (line 5): exit: expected success (0), got 9 (exited with status 9)"])
    }

    @Test func aScenarioWithoutAnUnderTestStepIsSkippedNotRun() throws {
        let scenario = try ScenarioLoader.parse(text: """
            name: built-in-only
            description: d
            steps:
              - job: diag
                expect: { exit: 0 }
            """, file: "x.yaml")
        let result = runner(command: "exit 1").run(scenario)
        #expect(result.skipped == "no step of this scenario accepts an external job (under_test)")
        #expect(result.passed && result.journalExcerpt.isEmpty)
        #expect(runner(command: nil).run(scenario).skipped == nil)
    }

    @Test func commandsReachTheEmulatorsOnTheRealHostnamesThroughTheProxyAndCA() throws {
        let scenario = try ScenarioLoader.parse(text: """
            name: intercepted
            description: curl to the real Gmail host, verifying TLS with the scenario's CA bundle.
            steps:
              - run: ["sh", "-c", "curl -sS -o /dev/null -w '%{http_code}' https://gmail.googleapis.com/gmail/v1/users/me/profile"]
                expect:
                  exit: 0
                  stdout: { contains: "401" }
                  journal: ["gmail.users.getProfile == 1", "egress.blocked == 0"]
              - run: ["sh", "-c", "test \\"$CURL_CA_BUNDLE\\" = \\"$HOME/.drydock/ca-bundle.pem\\" && echo $HTTPS_PROXY"]
                expect:
                  stdout: { matches: "^http://127\\\\.0\\\\.0\\\\.1:[0-9]+$" }
            """, file: "x.yaml")
        let result = runner(command: nil).run(scenario)
        #expect(result.failures == [], "\(result.outputTail)")
    }

    @Test func fileChecksExistsAbsentAndUnchanged() throws {
        let scenario = try ScenarioLoader.parse(text: """
            name: files
            description: d
            steps:
              - run: ["sh", "-c", "cd \\"$HOME\\" && mkdir -p reports && echo one > reports/a.txt"]
                expect:
                  files: { exists: ["reports/a.txt", ".secrets/google_token.json"], absent: ["reports/b.txt"], unchanged: [".secrets/gmail_credentials.json"] }
              - run: ["sh", "-c", "cd \\"$HOME\\" && echo two > reports/a.txt; rm reports/a.txt; touch reports/b.txt"]
                expect:
                  files: { exists: ["reports/a.txt"], absent: ["reports/b.txt"], unchanged: ["reports/a.txt"] }
            """, file: "x.yaml")
        let result = runner(command: nil).run(scenario)
        #expect(result.failures == [
            "step 2 (line 7): files.exists: expected ~/reports/a.txt to exist, it does not",
            "step 2 (line 7): files.absent: expected no ~/reports/b.txt, it exists",
            "step 2 (line 7): files.unchanged: expected ~/reports/a.txt unchanged, it was removed",
        ])
    }

    @Test(arguments: [
        ("files: { exists: [\"../etc/passwd\"] }", "expected a path inside the sandbox HOME (relative, no \"..\"), found \"../etc/passwd\""),
        ("files: { absent: [\"/etc\"] }", "expected a path inside the sandbox HOME (relative, no \"..\"), found \"/etc\""),
        ("exit: sucess", "expected an exit status: a number, success, failure or a sysexits name"),
    ])
    func badFileAndExitValues(line: String, says: String) throws {
        do {
            _ = try ScenarioLoader.parse(text: "name: a\ndescription: d\nsteps:\n  - job: diag\n    expect: { \(line) }\n", file: "s.yaml")
            Issue.record("accepted \(line)")
        } catch {
            #expect(error.line == 5)
            #expect(error.message.contains(says), "\(error.message)")
        }
    }

    @Test func underTestAppliesOnlyToJobStepsAndNeedsExpect() throws {
        for (text, says) in [
            ("  - run: [\"true\"]\n    under_test: true\n", "\"under_test\" applies only to job steps"),
            ("  - job: diag\n    under_test: { exit: 0 }\n", "unknown key \"exit\""),
            ("  - job: diag\n    under_test: {}\n", "missing required key \"expect\""),
        ] {
            do {
                _ = try ScenarioLoader.parse(text: "name: a\ndescription: d\nsteps:\n" + text, file: "s.yaml")
                Issue.record("accepted \(text)")
            } catch {
                #expect(error.message.contains(says), "\(error.message)")
            }
        }
    }
}
