import DrydockCore
import DrydockFixtures
import DrydockHTTP
import EmulatorKit
import Emulators
import Foundation
import SecretsManagerEmulator

/// Every emulator, started for one test: in-process (no socket; requests go straight to the router) or
/// live (a real libmicrohttpd server on 127.0.0.1, port 0), with a sandbox secrets directory that
/// matches the fixtures. The same test body runs against both, as Hummingbird's `.router` / `.live`.
public final class EmulatorHarness: Sendable {
    public enum Mode: String, Sendable, CaseIterable, CustomStringConvertible {
        case inProcess = "in-process"
        case live
        public var description: String { rawValue }
    }

    public let mode: Mode
    public let router: EdgeRouter
    /// The emulators' virtual clock.
    public var clock: VirtualClock { router.clock }
    /// `http://127.0.0.1:<port>` live; a placeholder host in-process (the transport ignores it).
    public let baseURL: String
    /// Sends to the emulators: `InProcessTransport` or the libcurl `HTTPClient`.
    public let transport: any HTTPTransport
    /// A sandbox secrets directory (0700/0600) matching the fixtures.
    public let secretsDirectory: String
    /// The scratch directory holding the sandbox; removed by `stop()`.
    public let scratch: TemporaryDirectory
    /// The fixture set the emulators were started from.
    public let fixturesDirectory: String
    private let server: HTTPServer?

    /// The placeholder host of the in-process base URL.
    static let inProcessHost = "emulators.drydock.test"

    /// Starts the emulators. Call `stop()` when done (or use `withEmulators`).
    public init(_ mode: Mode, fixturesDirectory: String = DrydockFixtures.defaultDirectory, faultSeed: UInt64 = 0) throws {
        self.mode = mode
        self.fixturesDirectory = fixturesDirectory
        router = try EmulatorSuite.makeRouter(fixturesDirectory: fixturesDirectory, faultSeed: faultSeed)
        switch mode {
        case .inProcess:
            server = nil
            baseURL = "http://\(Self.inProcessHost)"
            transport = InProcessTransport(router)
            // The transport sends `Host: emulators.drydock.test`: that is the address the edge "listens" on.
            router.controlAccess = ControlAccess(listeningHost: Self.inProcessHost, listeningPort: 80)
        case .live:
            let server = HTTPServer(responder: router)
            try server.start()
            self.server = server
            baseURL = "http://127.0.0.1:\(server.port)"
            router.controlAccess = ControlAccess(listeningHost: "127.0.0.1", listeningPort: server.port)
            transport = HTTPClient(configuration: .init(connectTimeout: 2, totalTimeout: 10))
        }
        scratch = try TemporaryDirectory("harness")
        secretsDirectory = scratch.appending("secrets")
        try Sandbox.write(to: secretsDirectory, fixturesDirectory: fixturesDirectory, baseURL: baseURL)
    }

    /// The variables production code reads: every endpoint the emulators serve, the sandbox's
    /// `DRYDOCK_SECRETS_DIR`, and `HOME` pointed at the scratch directory.
    public var environment: Environment {
        var values = ["DRYDOCK_SECRETS_DIR": secretsDirectory, "HOME": scratch.path]
        for (name, value) in router.endpointVariables(baseURL: baseURL) { values[name] = value }
        return Environment(values)
    }

    /// `environment` plus PATH, for child processes.
    public var processEnvironment: [String: String] {
        var values = environment.values
        values["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return values
    }

    /// Adds a fault rule through the router's own API (the same validation as `POST /_drydock/faults`).
    @discardableResult
    public func addFault(_ json: String) throws -> String {
        let response = router.respond(to: HTTPRequest(
            method: "POST", target: "/_drydock/faults", headers: ["Content-Type": "application/json"],
            body: Array(json.utf8)))
        guard response.status == 201 else { throw HarnessError("fault rule rejected (\(response.status)): \(response.bodyText)") }
        return response.bodyText
    }

    /// Journal entries, optionally filtered by service (`GET /_drydock/journal`).
    public func journal(service: String? = nil, operation: String? = nil) -> [JSONValue] {
        var query: [(String, String)] = []
        if let service { query.append(("service", service)) }
        if let operation { query.append(("operation", operation)) }
        let target = "/_drydock/journal" + (query.isEmpty ? "" : "?" + FormEncoding.encode(query))
        let response = router.respond(to: HTTPRequest(method: "GET", target: target))
        return (try? JSONValue.parse(response.body))?["requests"]?.arrayValue ?? []
    }

    /// The Secrets Manager emulator behind the router: seed a secret with
    /// `harness.secretsManager.seedSecret(name:secretString:region:)`, read one back with
    /// `secretString(name:region:stage:)` (neither is journalled).
    public var secretsManager: SecretsManagerEmulator {
        guard let emulator = router.emulators.lazy.compactMap({ $0 as? SecretsManagerEmulator }).first else {
            preconditionFailure("EmulatorSuite always serves Secrets Manager")
        }
        return emulator
    }

    /// How many token requests the OAuth emulator has answered.
    public var tokenRequestCount: Int { journal(service: "oauth", operation: "token").count }

    public func stop() {
        server?.stop()
        scratch.remove()
    }
}

/// Runs `body` with emulators started in `mode`, stopping them afterwards.
public func withEmulators<T>(
    _ mode: EmulatorHarness.Mode, fixturesDirectory: String = DrydockFixtures.defaultDirectory,
    _ body: (EmulatorHarness) throws -> T
) throws -> T {
    let harness = try EmulatorHarness(mode, fixturesDirectory: fixturesDirectory)
    defer { harness.stop() }
    return try body(harness)
}

/// A harness operation failed.
public struct HarnessError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
