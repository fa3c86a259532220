import DrydockScenarios
import DrydockTesting
import Foundation
import Testing

enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path
    static let malformed = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Malformed").path
    static func load(_ name: String) throws -> Scenario { try ScenarioLoader.load(path: directory + "/" + name + ".yaml") }
    static var runner: ScenarioRunner {
        ScenarioRunner(drydockExecutable: BuiltProducts.path("drydock"), caller: ["PATH": "/usr/bin:/bin"], seed: 1)
    }
}

/// The runner in-process, against the built `drydock` binary.
@Suite(.timeLimit(.minutes(1))) struct ScenarioRunnerTests {
    @Test func diagOnAHealthyHostPasses() throws {
        let result = Fixtures.runner.run(try Fixtures.load("diag-healthy"))
        #expect(result.failures == [])
    }

    @Test func expiredTokenIsRefreshedOnce() throws {
        let result = Fixtures.runner.run(try Fixtures.load("reauth-expired"))
        #expect(result.failures == [])
        #expect(result.journalExcerpt.contains("oauth.token 1"))
    }

    @Test func aWrongExpectationIsReportedWithWhatFailed() throws {
        let result = Fixtures.runner.run(try Fixtures.load("expected-failure"))
        #expect(result.failures == ["step 1 (line 5): journal: expected oauth.token == 5, counted 0"])
        #expect(result.outputTail.contains("reauth"))
    }

    @Test func secretStatesAndCommandSteps() throws {
        let scenario = try ScenarioLoader.parse(text: """
            name: corrupt-and-run
            description: A corrupt cache and a 0644 token file, checked through a plain command.
            secrets: { token: corrupt, modes: { token_file: "0644" } }
            steps:
              - run: ["sh", "-c", "test -n \\"$DRYDOCK_SECRETS_DIR\\" && echo ok-$HOME"]
                expect:
                  exit: 0
                  stdout: { matches: "^ok-/tmp/drydock-scenario" }
                  files: { token_parses: false, token_mode: "0644", token_cache: unchanged }
              - run: ["sh", "-c", "cat $DRYDOCK_SECRETS_DIR/refresh_token.json"]
            """, file: "inline.yaml")
        let result = Fixtures.runner.run(scenario)
        #expect(result.failures == ["step 2 (line 10): a secret value appeared in the output"])
        #expect(!result.outputTail.contains("1//"))
    }

    @Test func parallelCopiesAndFaults() throws {
        let scenario = try ScenarioLoader.parse(text: """
            name: cron-storm
            description: Four reauth jobs at once on an expired cache, the token endpoint failing once first.
            secrets: { token: expired }
            faults:
              - { service: oauth, operation: token, times: 1, action: { type: status, status: 503 } }
            steps:
              - job: reauth
                parallel: 4
                expect: { exit: 0, files: { token_parses: true } }
            expect:
              journal: ["oauth.token >= 2"]
            """, file: "inline.yaml")
        let result = Fixtures.runner.run(scenario)
        #expect(result.failures == [])
    }
}
