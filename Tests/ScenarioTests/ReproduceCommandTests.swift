import DrydockTesting
import Foundation
import Testing

/// `drydock reproduce` as a child process: the scenario's state (secrets, faults) is what a command run in it
/// meets, the same as under `drydock validate`, and the report names what was injected and what was sent.
@Suite(.timeLimit(.minutes(1))) struct ReproduceCommandTests {
    static let scenario = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Reproduce/token-503.yaml").path
    let environment = ["PATH": "/usr/bin:/bin"]

    @Test func aCommandMeetsTheScenariosFaultsAndExitsWithItsStatus() throws {
        let drydock = BuiltProducts.path("drydock")
        let result = try ChildProcess.run(
            drydock, ["reproduce", Self.scenario, "--", drydock, "reauth"], environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("injected: secrets: token expired"))
        #expect(result.stderr.contains(#"injected: fault {"#) && result.stderr.contains("503"))
        #expect(result.stderr.contains("POST /token"), "one log line per request")
        #expect(result.stderr.contains("oauth.token  3"), "two 503s, then the refresh: \(result.stderr)")
    }

    @Test func theCommandsStatusIsPassedOn() throws {
        let result = try ChildProcess.run(
            BuiltProducts.path("drydock"), ["reproduce", "--quiet", Self.scenario, "--", "sh", "-c", "test -d \"$DRYDOCK_SECRETS_DIR\" && exit 3"],
            environment: environment)
        #expect(result.status == 3)
    }

    @Test func withoutACommandItPrintsExportsAndServesUntilSIGTERM() throws {
        let running = try ChildProcess.start(BuiltProducts.path("drydock"), ["reproduce", Self.scenario], environment: environment)
        let deadline = Date(timeIntervalSinceNow: 20)
        while !running.stderrSoFar.contains("emulators on"), Date() < deadline { usleep(20_000) }
        running.signal(SIGTERM)
        let result = running.wait(timeout: 20)
        #expect(result.stdout.contains("export DRYDOCK_SECRETS_DIR="))
        #expect(result.stdout.contains("export GOOGLE_OAUTH_TOKEN_URI="))
        #expect(result.stdout.contains("export HTTPS_PROXY='http://127.0.0.1:"))
        #expect(result.stdout.contains("export REQUESTS_CA_BUNDLE='/tmp/drydock-scenario."))
        #expect(result.stderr.contains("drydock reproduce: 0 requests"))
    }

    /// `--shell` opens $SHELL in the scenario's environment (HOME the sandbox, the secrets, the endpoint,
    /// proxy and CA variables) and exits with the shell's status; the emulators stop with it.
    @Test func shellOpensSHELLInTheScenariosEnvironment() throws {
        let dir = NSTemporaryDirectory() + "drydock-reproduce-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let shell = dir + "/fake-shell"
        try """
            #!/bin/sh
            echo "home=$HOME"
            echo "proxy=$HTTPS_PROXY"
            test -f "$DRYDOCK_SECRETS_DIR/google_token.json" || exit 9
            test -f "$CURL_CA_BUNDLE" || exit 8
            exit 5
            """.write(toFile: shell, atomically: false, encoding: .utf8)
        chmod(shell, 0o755)
        let result = try ChildProcess.run(
            BuiltProducts.path("drydock"), ["reproduce", "--quiet", "--shell", Self.scenario],
            environment: environment.merging(["SHELL": shell]) { $1 })
        #expect(result.status == 5, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("home=/tmp/drydock-scenario"))
        #expect(result.stdout.contains("proxy=http://127.0.0.1:"))
        #expect(result.stderr.contains("drydock reproduce: 0 requests"))
        #expect(try ChildProcess.run(
            BuiltProducts.path("drydock"), ["reproduce", "--shell", Self.scenario, "--", "true"], environment: environment).status == 64)
    }

    @Test func anUnknownScenarioIsAUsageError() throws {
        let result = try ChildProcess.run(BuiltProducts.path("drydock"), ["reproduce", "/nonexistent/x.yaml"], environment: environment)
        #expect(result.status == 64)
        #expect(result.stderr.contains("/nonexistent/x.yaml"))
    }
}
