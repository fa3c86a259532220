import DrydockCore
import DrydockCredentials
import DrydockHTTP
import DrydockServices
import Foundation

/// Everything a Google job needs, wired from the environment: the secrets store, the single-flight
/// refresher and the authorized pipeline, all over one transport and one clock.
public struct GoogleSession: Sendable {
    public let store: SecretsStore
    public let refresher: TokenRefresher
    public let pipeline: AuthorizedPipeline
    public let environment: Environment
    public let clock: any WallClock

    /// - Parameters:
    ///   - environment: reads `DRYDOCK_SECRETS_DIR` / `HOME`, `GOOGLE_OAUTH_TOKEN_URI`, `GMAIL_API_ENDPOINT`,
    ///     `GOOGLE_CLIENT_ID` / `GOOGLE_CLIENT_SECRET`, and `DRYDOCK_REFRESH_THRESHOLD_SECONDS`
    ///     (proactive-refresh window, default 300), `DRYDOCK_REFRESH_DEADLINE_SECONDS` (one limit for a
    ///     refresh including lock wait and retries, default 60), `DRYDOCK_TOKEN_REQUEST_TIMEOUT_SECONDS`
    ///     (one token request, default the refresher's), `DRYDOCK_API_DEADLINE_SECONDS` (one limit per API
    ///     call: its token, a refresh, 401 retries; default 60).
    ///   - transport: the libcurl client in production; an in-process transport in tests.
    ///   - pipeline, refresher: tunables (deadlines, backoff); the threshold comes from the environment.
    ///   - warnings: failures worked around (the shared token store's), one line each; stderr by default.
    ///   - awsCredentials: the shared token store's AWS credentials; a job that also calls AWS passes its
    ///     own chain so the instance's credentials are fetched once. Default: a chain of its own.
    ///
    /// The token store: `DRYDOCK_TOKEN_STORE=secretsmanager` (the host configuration's `token_store`) shares
    /// the token through Secrets Manager with a DynamoDB lease (``SharedTokenSettings``), using the AWS
    /// credential chain (IMDS on a host); otherwise this host's cache file alone.
    public init(
        environment: Environment, transport: any HTTPTransport, clock: any WallClock = SystemClock(),
        pipeline pipelineConfiguration: AuthorizedPipeline.Configuration = .init(),
        refresher refresherConfiguration: TokenRefresher.Configuration = .init(),
        warnings: @escaping @Sendable (String) -> Void = GoogleSession.warnOnStandardError,
        awsCredentials: (any AWSCredentialProvider)? = nil
    ) throws {
        self.environment = environment
        self.clock = clock
        store = try SecretsStore(environment: environment)
        var configuration = refresherConfiguration
        if let seconds = try Self.seconds("DRYDOCK_REFRESH_THRESHOLD_SECONDS", in: environment, allowZero: true) {
            configuration.refreshThreshold = seconds
        }
        if let seconds = try Self.seconds("DRYDOCK_REFRESH_DEADLINE_SECONDS", in: environment) { configuration.deadline = seconds }
        if let seconds = try Self.seconds("DRYDOCK_TOKEN_REQUEST_TIMEOUT_SECONDS", in: environment) {
            configuration.requestTimeout = seconds
        }
        var pipelineSettings = pipelineConfiguration
        if let seconds = try Self.seconds("DRYDOCK_API_DEADLINE_SECONDS", in: environment) { pipelineSettings.deadline = seconds }
        var tokenStore: (any TokenStore)?
        if let shared = try SharedTokenSettings.resolve(environment) {
            let credentials = awsCredentials
                ?? AWSCredentialChain(environment: environment, transport: transport, clock: clock, warnings: warnings)
            tokenStore = try SecretsManagerTokenStore(
                settings: shared, local: store, credentials: credentials, transport: transport, environment: environment,
                clock: clock, warnings: warnings)
        }
        refresher = TokenRefresher(
            store: store, transport: transport, environment: environment, clock: clock, configuration: configuration,
            tokenStore: tokenStore)
        pipeline = AuthorizedPipeline(refresher: refresher, transport: transport, configuration: pipelineSettings)
    }

    /// Writes `drydock: warning: <line>` to stderr.
    public static let warnOnStandardError: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data("drydock: warning: \(line)\n".utf8))
    }

    /// A duration setting: seconds, > 0 (≥ 0 with `allowZero`), at most a day; nil when unset.
    private static func seconds(_ name: String, in environment: Environment, allowZero: Bool = false) throws -> Double? {
        guard let text = environment[name] else { return nil }
        guard let seconds = Double(text), seconds.isFinite, allowZero ? seconds >= 0 : seconds > 0, seconds <= 86_400 else {
            throw ConfigurationError("\(name) must be a number of seconds \(allowZero ? "≥ 0" : "> 0") (at most 86400), got '\(text)'")
        }
        return seconds
    }

    public var gmail: GmailClient { GmailClient(pipeline: pipeline, environment: environment) }
    public var sheets: SheetsClient { SheetsClient(pipeline: pipeline, environment: environment) }

    /// Gmail for the mailbox `userID` (an address the token's account may read, or `me`), with `retry`.
    public func gmail(userID: String, retry: GoogleAPICaller.Configuration = .init()) -> GmailClient {
        GmailClient(pipeline: pipeline, endpoint: environment["GMAIL_API_ENDPOINT"] ?? GmailClient.defaultEndpoint, userID: userID, retry: retry)
    }

    /// Sheets with `retry` (preflight's short deadlines).
    public func sheets(retry: GoogleAPICaller.Configuration) -> SheetsClient {
        SheetsClient(pipeline: pipeline, environment: environment, retry: retry)
    }
}

/// A setting in the environment or on the command line is wrong.
public struct ConfigurationError: UserFacingError, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var exitStatus: ExitStatus { .configuration }
    public var description: String { message }
}
