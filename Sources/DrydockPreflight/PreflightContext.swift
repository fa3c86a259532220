import DrydockConfig
import DrydockCore
import DrydockCredentials
import DrydockHTTP
import DrydockJobs
import DrydockServices
import Foundation
import Synchronization

/// What the checks share: the configuration, the jobs' environment, transports that note `Date`
/// headers, the clock, and what earlier checks found (whether the secrets are usable, a token).
public final class PreflightContext: Sendable {
    public let configuration: HostConfiguration
    /// The jobs' environment (the configuration's secrets directory applied).
    public let environment: Environment
    /// The environment a cron job would have, for the cron check.
    public let cronEnvironment: Environment
    public let options: PreflightOptions
    public let clock: any WallClock
    /// The plain transport (IMDS, TLS probes), within the running check's time limit.
    public let transport: any HTTPTransport
    /// Google's answers (token endpoint, tokeninfo, Gmail, Sheets) and AWS's (DynamoDB), `Date` noted.
    public let googleTransport: DateRecordingTransport
    public let awsTransport: DateRecordingTransport
    /// The Google session (secrets store, single-flight refresher, pipeline), or why there is none.
    public let session: Result<GoogleSession, any Error>
    /// The run's and the running check's time limits, which every transport here honours.
    public let limits: PreflightTimeLimits
    /// The instance-profile provider, one per run: the IMDS check and every AWS client share its cache,
    /// so a run fetches the role's credentials once (and never, when no check needs AWS).
    let imdsCredentials: IMDSCredentialProvider
    /// The AWS credential chain the jobs use (environment, then ``imdsCredentials``), one per run.
    let awsCredentials: AWSCredentialChain
    private let state = Mutex(Findings())

    struct Findings {
        var secretsUsable: Bool?
        var accessToken: CachedToken?
    }

    public init(
        configuration: HostConfiguration, environment: Environment, cronEnvironment: Environment, options: PreflightOptions,
        transport: any HTTPTransport, clock: any WallClock = SystemClock()
    ) {
        self.configuration = configuration
        self.environment = configuration.jobEnvironment(environment)
        self.cronEnvironment = cronEnvironment
        self.options = options
        self.clock = clock
        let limits = PreflightTimeLimits(run: options.timeout, check: options.checkTimeout, clock: clock)
        self.limits = limits
        let limited = TimeLimitedTransport(base: transport, limits: limits)
        self.transport = limited
        googleTransport = DateRecordingTransport(limited, clock: clock)
        awsTransport = DateRecordingTransport(limited, clock: clock)
        let jobEnvironment = self.environment
        let googleTransport = self.googleTransport
        imdsCredentials = IMDSCredentialProvider(environment: jobEnvironment, transport: limited, clock: clock)
        let awsCredentials = AWSCredentialChain(providers: [EnvironmentCredentialProvider(environment: jobEnvironment), imdsCredentials])
        self.awsCredentials = awsCredentials
        // Short deadlines: a check should say what is wrong, not wait a minute for it.
        session = Result {
            try GoogleSession(
                environment: jobEnvironment, transport: googleTransport, clock: clock,
                pipeline: .init(deadline: 30), refresher: .init(deadline: 30), awsCredentials: awsCredentials)
        }
    }

    /// Whether the secrets check found everything usable (nil before it ran: assume yes and let the
    /// Google checks report their own errors).
    public var secretsUsable: Bool {
        get { state.withLock { $0.secretsUsable } ?? true }
        set { state.withLock { $0.secretsUsable = newValue } }
    }

    /// The freshest access token a check obtained (the live refresh's, else the cache's if valid).
    var accessToken: CachedToken? {
        get { state.withLock { $0.accessToken } }
        set { state.withLock { $0.accessToken = newValue } }
    }

    /// API retries for a check: two attempts within 20 s.
    static let apiRetry = GoogleAPICaller.Configuration(deadline: 20, maxAttempts: 2)

    /// `base` within the running check's time limit (for a check's own client, as the TLS probes').
    func limited(_ base: any HTTPTransport) -> any HTTPTransport { TimeLimitedTransport(base: base, limits: limits) }
}
