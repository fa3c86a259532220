import DrydockCore
import DrydockFixtures
import DrydockHTTP
import DrydockHarness
import EmulatorKit
import Emulators
import Foundation
import GoogleOAuthEmulator
import Interception

/// A scenario's world, set up and serving: its own emulators on a free loopback port (fixtures, virtual
/// clock start, fault rules), an intercepting proxy with a CA of its own (as `drydock exec` starts, so a
/// program that talks to the real hostnames over HTTPS reaches the emulators), and a sandbox HOME whose
/// `.secrets/` is in the state `secrets:` asks for.
/// `drydock validate` runs steps in it; `drydock reproduce` hands it to a developer. `tearDown()` stops the
/// emulators and removes the sandbox.
public final class ScenarioWorld {
    public let scenario: Scenario
    public let router: EdgeRouter
    /// `http://127.0.0.1:PORT`.
    public let baseURL: String
    /// The sandbox HOME (its `.secrets/` in the scenario's state).
    public let home: String
    /// What a child gets: HOME, DRYDOCK_SECRETS_DIR, the endpoint variables, AWS_REGION, the proxy and
    /// trust-store variables of the interception (the caller's AWS_* and GOOGLE_* removed).
    public private(set) var environment: [String: String] = [:]
    /// Holds the sandbox HOME and the children's output files.
    let scratch: String
    let tokenPath: String
    /// Knows every secret value written into the sandbox.
    private(set) var scrubber = SecretScrubber()
    private let server: HTTPServer
    private var proxy: InterceptingProxy?

    /// - Parameter log: one line per request (the request log), as `emulators serve` prints them.
    public init(_ scenario: Scenario, seed: UInt64, caller: [String: String], log: (@Sendable (String) -> Void)? = nil) throws {
        self.scenario = scenario
        let clock = VirtualClock(base: ShiftedClock(offset: scenario.clock.map { $0.timeIntervalSinceNow } ?? 0))
        router = try EmulatorSuite.makeRouter(
            fixturesDirectory: scenario.fixturesDirectory ?? DrydockFixtures.defaultDirectory, clock: clock, faultSeed: seed, log: log)
        server = HTTPServer(responder: router, configuration: .init(host: "127.0.0.1", port: 0))
        try server.start()
        router.controlAccess = ControlAccess(listeningHost: "127.0.0.1", listeningPort: server.port)
        baseURL = "http://127.0.0.1:\(server.port)"

        var template = Array("/tmp/drydock-scenario.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            server.stop()
            throw SetupError("cannot create a sandbox directory")
        }
        scratch = String(cString: made)
        home = scratch + "/home"
        tokenPath = home + "/.secrets/google_token.json"
        do {
            try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: false)
            let secrets = try applySecrets(home: home, baseURL: baseURL)
            _ = try router.addFaultRules(scenario.faults)
            environment = ChildEnvironment.build(caller: caller, .init(
                home: home, secretsDirectory: secrets.directory, endpointVariables: router.endpointVariables(baseURL: baseURL),
                region: secrets.region))
            let proxy = try Self.startInterception(router: router, directory: home + "/.drydock")
            self.proxy = proxy
            environment.merge(proxy.environmentVariables.map { ($0.name, $0.value) }) { $1 }
            environment.merge(scenario.environment) { $1 }
        } catch {
            proxy?.stop()
            server.stop()
            try? FileManager.default.removeItem(atPath: scratch)
            throw error
        }
    }

    public func tearDown() {
        proxy?.stop()
        server.stop()
        try? FileManager.default.removeItem(atPath: scratch)
    }

    /// The intercepting proxy on a free loopback port, its CA's files in `directory` (inside the sandbox).
    private static func startInterception(router: EdgeRouter, directory: String) throws -> InterceptingProxy {
        let proxy = InterceptingProxy(router: router, authority: try SandboxCertificateAuthority(directory: directory))
        try proxy.start()
        return proxy
    }

    /// What the scenario injected, one line each, for a developer reading `drydock reproduce`.
    public var injectedLines: [String] {
        let state = scenario.secrets
        var lines = ["secrets: token \(state.token.rawValue), refresh token \(state.refreshToken.rawValue)"]
        if state.clientTesting { lines.append("OAuth client in Testing status, grant \(state.clientAgeDays) days old") }
        if let account = state.account { lines.append("Google account \(account)") }
        if let mode = state.directoryMode { lines.append("secrets directory mode \(String(mode, radix: 8))") }
        if let mode = state.tokenFileMode { lines.append("token file mode \(String(mode, radix: 8))") }
        if state.tokenFileSymlink { lines.append("token file is a symbolic link") }
        for (name, value) in scenario.environment.sorted(by: { $0.key < $1.key }) { lines.append("environment \(name)=\(value)") }
        if let start = scenario.clock { lines.append("clock starts at \(RFC3339.string(from: start))") }
        for rule in router.faultRules { lines.append("fault \(rule.json.serialized())") }
        return lines
    }

    /// The sandbox HOME in the state `secrets:` asks for; the scrubber learns every secret value written.
    private func applySecrets(home: String, baseURL: String) throws -> Sandbox.HomeSecrets {
        let state = scenario.secrets
        let token: Sandbox.CachedTokenState = switch state.token {
        case .fresh, .corrupt: .fresh
        case .expired: .expired
        case .missing: .missing
        }
        let account = Sandbox.Account(
            testingClient: state.clientTesting, ageDays: state.clientTesting || state.clientAgeDays > 0 ? state.clientAgeDays : nil,
            email: state.account)
        let secrets = try Sandbox.writeHome(home, router: router, tokenURI: baseURL + "/token", token: token, account: account)
        scrubber = SecretScrubber(knownValues: [secrets.oauth.clientSecret, secrets.oauth.refreshToken] + [secrets.accessToken].compactMap { $0 })
        if let age = state.tokenAge, state.token == .fresh {
            try ageCachedToken(at: tokenPath, by: age)
        }
        if state.token == .corrupt {
            try Data("{\"access_token\": \"ya29.trunc".utf8).write(to: URL(fileURLWithPath: tokenPath))
        }
        if state.refreshToken == .revoked {
            guard let oauth = router.emulators.lazy.compactMap({ $0 as? GoogleOAuthEmulator }).first,
                  oauth.authority.revoke(secrets.oauth.refreshToken) else {
                throw SetupError("secrets.refresh_token: revoked: the OAuth emulator did not revoke the sandbox's refresh token")
            }
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

    /// Moves `refreshed_at` back by `age` and the expiry with it (`expires_at`, google-auth's `expiry`),
    /// keeping the token itself: a token in use for a while, which the emulators still accept.
    private func ageCachedToken(at path: String, by age: Double) throws {
        guard let data = FileManager.default.contents(atPath: path), case .object(var members) = try JSONValue.parse(String(decoding: data, as: UTF8.self)) else {
            throw SetupError("secrets.token_age: \(path) is not a JSON object")
        }
        let refreshed = router.clock.now().addingTimeInterval(-age)
        let expires = refreshed.addingTimeInterval(3599)
        for index in members.indices {
            switch members[index].0 {
            case "refreshed_at": members[index].1 = .string(RFC3339.string(from: refreshed))
            case "expires_at", "expiry": members[index].1 = .string(RFC3339.string(from: expires))
            default: break
            }
        }
        try Data((JSONValue.object(members).serialized(pretty: true) + "\n").utf8).write(to: URL(fileURLWithPath: path))
    }
}
