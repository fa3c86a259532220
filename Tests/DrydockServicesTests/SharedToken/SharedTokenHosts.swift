import DrydockCore
import DrydockCredentials
import DrydockHTTP
@testable import DrydockServices
import DrydockTesting
import Foundation
import Synchronization

/// Several simulated hosts sharing one token through the emulators' Secrets Manager and DynamoDB: each
/// with its own secrets directory (cache file and flock), all on the emulators' virtual time.
final class SharedTokenHosts: Sendable {
    static let secret = "drydock/google-token"
    static let region = "us-east-1"

    let harness: EmulatorHarness
    let clock: any WallClock
    let warnings = Locked<[String]>([])

    /// The default fixtures hold the secret (without a value) and the lease table.
    init(_ harness: EmulatorHarness, clock: (any WallClock)? = nil) throws {
        self.harness = harness
        self.clock = clock ?? EmulatorTimeClock(harness.clock)
    }

    var environment: Environment { harness.environment }

    func credentials(_ clock: (any WallClock)? = nil) -> AWSCredentialChain {
        AWSCredentialChain(environment: environment, transport: harness.transport, clock: clock ?? self.clock)
    }

    func secretsManager() throws -> SecretsManagerClient {
        try SecretsManagerClient(
            region: Self.region, credentials: credentials(), transport: harness.transport, environment: environment, clock: clock)
    }

    func dynamoDB() throws -> DynamoDBClient {
        try DynamoDBClient(region: Self.region, credentials: credentials(), transport: harness.transport, environment: environment, clock: clock)
    }

    struct Host {
        let name: String
        let store: SecretsStore
        let shared: SecretsManagerTokenStore
        let refresher: TokenRefresher
    }

    /// Host `name`: its own secrets directory, the shared store, and a refresher over `transport` (the
    /// harness's by default; a wrapper to intercept the token request), with `extraEnvironment` set
    /// (`AWS_MAX_ATTEMPTS`).
    func host(
        _ name: String, deadline: Double = 60, transport: (any HTTPTransport)? = nil, clock: (any WallClock)? = nil,
        secret: String = SharedTokenHosts.secret, credentialsSecret: String? = nil, extraEnvironment: [String: String] = [:]
    ) throws -> Host {
        let clock = clock ?? self.clock
        let directory = try harness.makeHostSecretsDirectory(name)
        let store = SecretsStore(directory: directory)
        let transport = transport ?? harness.transport
        var environment = environment
        environment.values["DRYDOCK_SECRETS_DIR"] = directory
        for (name, value) in extraEnvironment { environment.values[name] = value }
        let settings = SharedTokenSettings(
            secretID: secret, region: Self.region, credentialsSecretID: credentialsSecret, hostID: name)
        let shared = try SecretsManagerTokenStore(
            settings: settings, local: store, credentials: credentials(clock), transport: transport,
            environment: environment, clock: clock,
            configuration: .init(poll: RetryBackoff(initial: 1, maximum: 4, minimum: 0.5, jitter: RetryBackoff.noJitter)),
            warnings: { [warnings] line in warnings.withLock { $0.append("\(name): \(line)") } })
        let refresher = TokenRefresher(
            store: store, transport: transport, environment: environment, clock: clock,
            configuration: .init(deadline: deadline, lockPollInterval: 0.01), tokenStore: shared)
        return Host(name: name, store: store, shared: shared, refresher: refresher)
    }

    /// Stores `token` as another host would have (fence `fence`).
    func storeShared(_ token: CachedToken, fence: Int = 1, by host: String = "elsewhere") throws {
        let value = SharedTokenSecret(token: token, refreshedBy: host, fence: fence)
        try secretsManager().putSecretValue(Self.secret, string: value.string, clientRequestToken: value.clientRequestToken(secretID: Self.secret))
    }

    /// The secret's `AWSCURRENT`, parsed.
    func sharedValue() throws -> SharedTokenSecret? {
        guard let text = try secretsManager().secretValue(Self.secret).string else { return nil }
        return try SharedTokenSecret.parse(text).get()
    }

    /// The lease item, or nil.
    func leaseItem() throws -> JSONValue? {
        try dynamoDB().getItem(table: "drydock-locks", key: ["lock_id": ["S": .string(Self.secret)]], consistentRead: true)
    }

    /// Puts a lease held by someone else until `until`, under `fence`.
    func holdLease(by owner: String, until: Date, fence: Int) throws {
        try dynamoDB().putItem(table: "drydock-locks", item: [
            "lock_id": ["S": .string(Self.secret)], "lease": ["S": .string(owner)],
            "expires_at": RefreshLease.number(until), "fence": ["N": .string(String(fence))], "host": ["S": "elsewhere"],
        ])
    }

    /// Journal entries of `service` `operation` with `status`.
    func count(_ service: String, _ operation: String, status: Int? = nil) -> Int {
        harness.journal(service: service, operation: operation).filter { status == nil || $0["status"]?.intValue == status }.count
    }

    /// A token for the fixtures' scopes, `expiresIn` seconds from the virtual now.
    func token(_ value: String, expiresIn: Double, age: Double = 60) -> CachedToken {
        let now = clock.now()
        return CachedToken(
            accessToken: value, expiresAt: now.addingTimeInterval(expiresIn),
            scope: "https://www.googleapis.com/auth/gmail.readonly", refreshedAt: now.addingTimeInterval(-age))
    }
}

/// A transport that runs `hook` once, on the first request `matches` accepts, before forwarding it.
final class RequestHook: HTTPTransport, Sendable {
    let inner: any HTTPTransport
    let matches: @Sendable (ClientRequest) -> Bool
    let hook: @Sendable () -> Void
    let fired = Mutex(false)

    init(_ inner: any HTTPTransport, matching matches: @escaping @Sendable (ClientRequest) -> Bool, _ hook: @escaping @Sendable () -> Void) {
        self.inner = inner
        self.matches = matches
        self.hook = hook
    }

    /// On the first token-endpoint request.
    convenience init(_ inner: any HTTPTransport, onTokenRequest hook: @escaping @Sendable () -> Void) {
        self.init(inner, matching: { $0.url.hasSuffix("/token") }, hook)
    }

    /// On the first request for AWS operation `target` (`X-Amz-Target`, e.g. `secretsmanager.PutSecretValue`).
    convenience init(_ inner: any HTTPTransport, onTarget target: String, _ hook: @escaping @Sendable () -> Void) {
        self.init(inner, matching: { $0.headers["X-Amz-Target"] == target }, hook)
    }

    func send(_ request: ClientRequest) throws -> HTTPResponse {
        if matches(request), fired.withLock({ fired in defer { fired = true }; return !fired }) { hook() }
        return try inner.send(request)
    }
}

/// A value behind a lock that closures can share.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T { try mutex.withLock { try body(&$0) } }
}
