import DrydockCore
import DrydockCredentials
import DrydockHTTP
import DrydockServices

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
    ///     refresh including lock wait and retries, default 60).
    ///   - transport: the libcurl client in production; an in-process transport in tests.
    ///   - pipeline, refresher: tunables (deadlines, backoff); the threshold comes from the environment.
    public init(
        environment: Environment, transport: any HTTPTransport, clock: any WallClock = SystemClock(),
        pipeline pipelineConfiguration: AuthorizedPipeline.Configuration = .init(),
        refresher refresherConfiguration: TokenRefresher.Configuration = .init()
    ) throws {
        self.environment = environment
        self.clock = clock
        store = try SecretsStore(environment: environment)
        var configuration = refresherConfiguration
        if let text = environment["DRYDOCK_REFRESH_THRESHOLD_SECONDS"] {
            guard let seconds = Double(text), seconds >= 0 else {
                throw ConfigurationError(
                    "DRYDOCK_REFRESH_THRESHOLD_SECONDS must be a number of seconds ≥ 0, got '\(text)'")
            }
            configuration.refreshThreshold = seconds
        }
        if let text = environment["DRYDOCK_REFRESH_DEADLINE_SECONDS"] {
            guard let seconds = Double(text), seconds > 0 else {
                throw ConfigurationError("DRYDOCK_REFRESH_DEADLINE_SECONDS must be a number of seconds > 0, got '\(text)'")
            }
            configuration.deadline = seconds
        }
        refresher = TokenRefresher(
            store: store, transport: transport, environment: environment, clock: clock, configuration: configuration)
        pipeline = AuthorizedPipeline(refresher: refresher, transport: transport, configuration: pipelineConfiguration)
    }

    public var gmail: GmailClient { GmailClient(pipeline: pipeline, environment: environment) }
    public var sheets: SheetsClient { SheetsClient(pipeline: pipeline, environment: environment) }
}

/// A setting in the environment or on the command line is wrong.
public struct ConfigurationError: UserFacingError, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var exitStatus: ExitStatus { .configuration }
    public var description: String { message }
}
