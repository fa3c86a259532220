import DrydockCore
import DrydockHTTP
import EmulatorKit
import Foundation
import IMDSEmulator
import Synchronization

/// AWS Secrets Manager (JSON 1.1, `POST /` with `X-Amz-Target: secretsmanager.<Action>`, SigV4 service
/// `secretsmanager`), offline.
///
/// Implemented: CreateSecret, DescribeSecret, GetSecretValue, PutSecretValue, UpdateSecretVersionStage,
/// ListSecrets, ListSecretVersionIds, DeleteSecret, RestoreSecret, TagResource, UntagResource. Other
/// actions are known (fault rules may name them) and answer `UnknownOperationException`.
///
/// - Regions: each region (the SigV4 credential scope's; us-east-1 without one) has its own secrets.
/// - Staging labels move as the API reference documents (see `Secret.attach(_:to:)`); versions without a
///   label are kept (`ListSecretVersionIds` with `IncludeDeprecated`) until a secret has more than 100
///   versions, then removed oldest first unless created in the last 24 hours.
/// - Deletion: DeleteSecret schedules it `RecoveryWindowInDays` (7–30, default 30) ahead on the emulators'
///   virtual clock; the secret is purged once the clock passes that date (checked on every request and by
///   the edge's due work), RestoreSecret cancels it.
/// - Fixtures: `<set>/secretsmanager/<region>/<file>.json`, one secret each (`SecretJSON`), and
///   `secretsmanager/credentials.json` for static keys.
/// - Persistence (`dataDirectory`): every acknowledged change is on disk before its answer leaves
///   (`SecretsManagerDataStore`).
/// - Thread-safe: all state is one value behind one lock; every request is atomic.
public final class SecretsManagerEmulator: ServiceEmulator {
    public let service = "secretsmanager"
    let clock: WallClock
    let authenticator: SecretsManagerAuthenticator
    /// The regions as loaded (fixtures or data directory), for `reset()`.
    let loadedRegions: [String: [String: Secret]]
    let state: Mutex<State>
    let store: SecretsManagerDataStore?
    /// Clock time (epoch milliseconds) of the earliest scheduled deletion (`.max`: none; `.min`: not yet
    /// known), so the check before every request is one comparison until a deletion is due.
    let nextPurgeMillis = Atomic<Int64>(.min)

    struct State {
        /// region → name → secret.
        var regions: [String: [String: Secret]]
        var requestSequence: UInt64 = 0
    }

    /// An emulator over `<fixturesDirectory>/secretsmanager/` accepting the keys of
    /// `secretsmanager/credentials.json`, `staticKeys`, and every key `authority` (the IMDS emulator's)
    /// issued; with `dataDirectory`, its secrets live there across restarts (fixtures only seed a new one).
    ///
    /// - Parameter verifySignatures: false accepts unsigned requests (tests of everything but signing).
    /// - Throws: `FixtureError`, or `DataDirectoryError` for a data directory that cannot be used.
    public init(
        fixturesDirectory: String, clock: WallClock, authority: IMDSCredentialAuthority?, staticKeys: [String: String] = [:],
        dataDirectory: String? = nil, verifySignatures: Bool = true
    ) throws {
        self.clock = clock
        let keys = try SecretsManagerFixtures.staticKeys(fixturesDirectory: fixturesDirectory).merging(staticKeys) { $1 }
        authenticator = SecretsManagerAuthenticator(staticKeys: keys, authority: authority, enabled: verifySignatures)
        var regions = try SecretsManagerFixtures.load(fixturesDirectory: fixturesDirectory, now: clock.now())
        if let dataDirectory {
            let (store, recovered) = try SecretsManagerDataStore.open(path: dataDirectory)
            if let recovered { regions = try recovered.regions(now: clock.now()) }
            self.store = store
        } else {
            store = nil
        }
        loadedRegions = regions
        state = Mutex(State(regions: regions))
        try store?.startGeneration(SecretsManagerDataStore.snapshotFiles(regions))
    }

    // MARK: ServiceEmulator

    public func claims(_ request: HTTPRequest) -> Bool {
        request.method == "POST" && SecretsManagerTarget.action(of: request) != nil
    }

    public func operation(for request: HTTPRequest) -> String {
        guard let action = SecretsManagerTarget.action(of: request), SecretsManagerTarget.knownActions.contains(action) else { return "unknown" }
        return action
    }

    public var knownOperations: [String] { SecretsManagerTarget.knownActions }

    /// The region of the request's SigV4 credential scope (us-east-1 for an unsigned request), whose
    /// secrets it reaches: `"region"` fault rules fail exactly that region's traffic.
    public func region(of request: HTTPRequest) -> String? { AWSJSONRequest.region(of: request) }

    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        let requestID = nextRequestID()
        do throws(SecretsManagerError) {
            return SecretsManagerResponse.json(try answer(request), requestID: requestID)
        } catch {
            return error.response(requestID: requestID)
        }
    }

    /// Routing, authentication, parsing and the operation.
    func answer(_ request: HTTPRequest) throws(SecretsManagerError) -> JSONValue {
        guard let action = SecretsManagerTarget.action(of: request), SecretsManagerTarget.knownActions.contains(action) else {
            throw .unknownOperation
        }
        let now = clock.now()
        try authenticator.authenticate(request, now: now)
        let region = AWSJSONRequest.region(of: request)
        guard AWSJSONRequest.isRegionName(region) else {
            // AWS's text for a scope its endpoint does not serve (as the DynamoDB emulator answers it).
            throw SecretsManagerError(type: "InvalidSignatureException", message: "Credential should be scoped to a valid region. ", lowerCaseMessage: true)
        }
        guard request.body.count <= Self.maxRequestBytes else {
            // Assumed: the front end's limit on a request body (Secrets Manager's largest member is 64 KiB).
            throw SecretsManagerError(type: "RequestEntityTooLargeException", message: "Request entity too large", status: 413, lowerCaseMessage: true)
        }
        let body: JSONValue
        do {
            body = try JSONValue.parse(request.body.isEmpty ? Array("{}".utf8) : request.body)
        } catch {
            throw .serialization("")
        }
        let call = try SecretsManagerRequest(region: region, now: now, body: body)
        return try perform(action, call)
    }

    /// Largest request body read: twice the largest value (base64 grows it by a third) plus room.
    static let maxRequestBytes = 256 * 1024

    func perform(_ action: String, _ call: SecretsManagerRequest) throws(SecretsManagerError) -> JSONValue {
        switch action {
        case "CreateSecret": return try createSecret(call)
        case "DescribeSecret": return try describeSecret(call)
        case "GetSecretValue": return try getSecretValue(call)
        case "PutSecretValue": return try putSecretValue(call)
        case "UpdateSecretVersionStage": return try updateSecretVersionStage(call)
        case "ListSecrets": return try listSecrets(call)
        case "ListSecretVersionIds": return try listSecretVersionIds(call)
        case "DeleteSecret": return try deleteSecret(call)
        case "RestoreSecret": return try restoreSecret(call)
        case "TagResource": return try tagResource(call)
        case "UntagResource": return try untagResource(call)
        default:
            throw SecretsManagerError(type: "UnknownOperationException", message: "\(action) is not implemented by this emulator", lowerCaseMessage: true)
        }
    }

    /// Back to the secrets as loaded at start; with a data directory, that state becomes its new snapshot.
    public func reset() {
        state.withLock { $0.regions = loadedRegions }
        nextPurgeMillis.store(.min, ordering: .relaxed)
        do {
            try store?.startGeneration(SecretsManagerDataStore.snapshotFiles(loadedRegions))
        } catch {
            FileHandle.standardError.write(Data("secretsmanager: reset not persisted: \(error)\n".utf8))
        }
    }

    /// The edge's hook for work on the clock: purges the secrets whose recovery window has passed.
    public func performDueWork(now: Date) -> [BackgroundWork] {
        let purged = state.withLock { state in (try? purgeExpired(&state, now: now)) ?? [] }
        return purged.map { BackgroundWork(operation: "SecretDeletion", path: "/\($0.region)/\($0.name)", region: $0.region) }
    }

    public func endpointVariables(baseURL: String) -> [(name: String, value: String)] {
        [("AWS_ENDPOINT_URL_SECRETS_MANAGER", baseURL)]
    }

    func nextRequestID() -> String {
        SecretsManagerResponse.requestID(state.withLock { state in
            state.requestSequence += 1
            return state.requestSequence
        })
    }
}
