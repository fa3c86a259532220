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
    var scrubber = SecretScrubber()
    var lastOutput = ""

    init(scenario: Scenario, runner: ScenarioRunner) {
        self.scenario = scenario
        self.runner = runner
    }

    func execute(into result: inout ScenarioResult) throws {
        let clock = VirtualClock(base: ShiftedClock(offset: scenario.clock.map { $0.timeIntervalSinceNow } ?? 0))
        router = try EmulatorSuite.makeRouter(
            fixturesDirectory: scenario.fixturesDirectory ?? DrydockFixtures.defaultDirectory, clock: clock, faultSeed: runner.seed)
        let server = HTTPServer(responder: router, configuration: .init(host: "127.0.0.1", port: 0))
        try server.start()
        defer { server.stop() }
        router.controlAccess = ControlAccess(listeningHost: "127.0.0.1", listeningPort: server.port)
        let baseURL = "http://127.0.0.1:\(server.port)"

        var template = Array("/tmp/drydock-scenario.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw SetupError("cannot create a sandbox directory") }
        scratch = String(cString: made)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let home = scratch + "/home"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: false)
        let secrets = try applySecrets(home: home, baseURL: baseURL)
        _ = try router.addFaultRules(scenario.faults)
        environment = ChildEnvironment.build(caller: runner.caller, .init(
            home: home, secretsDirectory: secrets.directory, endpointVariables: router.endpointVariables(baseURL: baseURL),
            region: secrets.region))

        for (index, step) in scenario.steps.enumerated() {
            let failures = runStep(step)
            if !failures.isEmpty {
                result.failures += failures.map { "step \(index + 1) (line \(step.line)): \($0)" }
                break
            }
        }
        if result.failures.isEmpty {
            result.failures += check(scenario.expect, outputs: [], before: nil, seconds: 0).map { "scenario: \($0)" }
        }
        let totals = router.journal.totals
        result.outputTail = scrubber.scrub(Self.tail(lastOutput, lines: 40))
        result.journalExcerpt = totals.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: "\n")
    }

    /// The sandbox HOME in the state `secrets:` asks for; the scrubber learns every secret value written.
    func applySecrets(home: String, baseURL: String) throws -> Sandbox.HomeSecrets {
        let state = scenario.secrets
        let token: Sandbox.CachedTokenState = switch state.token {
        case .fresh, .corrupt: .fresh
        case .expired: .expired
        case .missing: .missing
        }
        let secrets = try Sandbox.writeHome(home, router: router, tokenURI: baseURL + "/token", token: token)
        scrubber = SecretScrubber(knownValues: [secrets.oauth.clientSecret, secrets.oauth.refreshToken] + [secrets.accessToken].compactMap { $0 })
        tokenPath = secrets.directory + "/google_token.json"
        if state.token == .corrupt {
            try Data("{\"access_token\": \"ya29.trunc".utf8).write(to: URL(fileURLWithPath: tokenPath))
        }
        if state.refreshToken == .revoked {
            guard let oauth = router.emulators.lazy.compactMap({ $0 as? GoogleOAuthEmulator }).first,
                  oauth.authority.revoke(secrets.oauth.refreshToken) else {
                throw SetupError("secrets.refresh_token: revoked: the OAuth emulator did not revoke the sandbox's refresh token")
            }
        }
        if state.clientTesting || state.clientAgeDays > 0 {
            // ASSUMED HOOK: the fixture's client status and grant age are fixture data; this runner does not
            // rewrite them. Use a `fixtures:` directory whose oauth/clients.json has the Testing client.
            throw SetupError("secrets.client is not supported by this runner yet; give a fixtures: directory with a Testing-status client")
        }
        if state.tokenFileSymlink, FileManager.default.fileExists(atPath: tokenPath) {
            let target = home + "/google_token.real.json"
            try FileManager.default.moveItem(atPath: tokenPath, toPath: target)
            guard symlink(target, tokenPath) == 0 else { throw SetupError("cannot symlink \(tokenPath)") }
        }
        if let mode = state.tokenFileMode, chmod(tokenPath, mode) != 0 { throw SetupError("cannot chmod \(tokenPath)") }
        if let mode = state.directoryMode, chmod(secrets.directory, mode) != 0 { throw SetupError("cannot chmod \(secrets.directory)") }
        return secrets
    }

    static func tail(_ text: String, lines: Int) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }
}
