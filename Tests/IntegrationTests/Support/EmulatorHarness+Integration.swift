import DrydockCore
import DrydockCredentials
import DrydockHTTP
import DrydockJobs
import DrydockTesting
import Foundation

/// What the integration tests do to a harness's sandbox and emulators.
extension EmulatorHarness {
    /// The store over the sandbox secrets directory.
    var store: SecretsStore { SecretsStore(directory: secretsDirectory) }

    /// A production session over the emulators, on `clock`.
    func session(
        clock: any WallClock = SystemClock(), refresher: TokenRefresher.Configuration = .init(),
        pipeline: AuthorizedPipeline.Configuration = .init()
    ) throws -> GoogleSession {
        try GoogleSession(environment: environment, transport: transport, clock: clock, pipeline: pipeline, refresher: refresher)
    }

    /// A refresher over the sandbox with test tunables.
    func refresher(clock: any WallClock, configuration: TokenRefresher.Configuration) -> TokenRefresher {
        TokenRefresher(store: store, transport: transport, environment: environment, clock: clock, configuration: configuration)
    }

    /// The sandbox's secrets, the cached access token (if any), and every secret in the fixture set. Reads
    /// the files directly, so it works while the sandbox fails validation too.
    func knownSecrets() -> KnownSecrets {
        var secrets = KnownSecrets(DefaultFixtures.allSecrets)
        func json(_ name: String) -> JSONValue? {
            FileManager.default.contents(atPath: store.path(of: name)).flatMap { try? JSONValue.parse(Array($0)) }
        }
        secrets.add("sandbox refresh token", json(SecretsStore.refreshTokenFile)?["refresh_token"]?.stringValue)
        let client = json(SecretsStore.clientCredentialsFile)
        secrets.add("sandbox client secret", (client?["installed"] ?? client?["web"])?["client_secret"]?.stringValue)
        secrets.add("cached access token", json(SecretsStore.tokenCacheFile)?["access_token"]?.stringValue)
        return secrets
    }

    /// The cache file's bytes, or nil when there is none.
    var cacheBytes: Data? { FileManager.default.contents(atPath: store.path(of: SecretsStore.tokenCacheFile)) }

    /// Writes a known token to the cache (0600, atomically, as the refresher does) and returns it.
    @discardableResult
    func writeCachedToken(
        _ value: String = "ya29.integration-known-cached-token-7f3c", expiresIn: Double = 1800, now: Date = Date()
    ) throws -> CachedToken {
        let token = CachedToken(
            accessToken: value, expiresAt: now.addingTimeInterval(expiresIn),
            scope: "https://www.googleapis.com/auth/gmail.readonly", refreshedAt: now.addingTimeInterval(-600))
        try store.writeCachedToken(token)
        return token
    }

    /// Replaces `refresh_token.json`.
    func rewriteRefreshToken(_ token: String) throws {
        let json: JSONValue = ["refresh_token": .string(token)]
        try store.writeAtomically(Array(json.serialized(pretty: true).utf8), to: SecretsStore.refreshTokenFile)
    }

    /// Replaces `gmail_credentials.json`, keeping its token URI, with `clientID` (default: the current one)
    /// and `clientSecret`.
    func rewriteClient(id clientID: String? = nil, secret clientSecret: String) throws {
        let current = try store.clientCredentials(environment: environment)
        let json: JSONValue = [
            "installed": [
                "client_id": .string(clientID ?? current.clientID),
                "client_secret": .string(clientSecret),
                "token_uri": .string(current.tokenURI ?? ""),
            ],
        ]
        try store.writeAtomically(Array(json.serialized(pretty: true).utf8), to: SecretsStore.clientCredentialsFile)
    }

    /// `POST /revoke` through the transport, as Google's revoke endpoint is called.
    func revoke(_ token: String) throws -> HTTPResponse {
        try transport.send(ClientRequest(
            method: "POST", url: baseURL + "/revoke",
            headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: Array(FormEncoding.encode([("token", token)]).utf8)))
    }

    /// `GET /_drydock/journal` as the control API serves it, through the transport.
    func journalText() throws -> String {
        try transport.send(ClientRequest(method: "GET", url: baseURL + "/_drydock/journal")).bodyText
    }

    /// The status of each journaled request to `service`, in order (nil for a reset or hang).
    func statuses(service: String, operation: String? = nil) -> [Int?] {
        journal(service: service, operation: operation).map { $0["status"]?.intValue }
    }

    /// The fault action type of each journaled request to `service`, in order.
    func faultTypes(service: String, operation: String? = nil) -> [String?] {
        journal(service: service, operation: operation).map { $0["fault"]?["action"]?.stringValue }
    }
}
