import DrydockCore
import DrydockHarness
import EmulatorKit
import Foundation

/// One scenario file: a failure state for the emulators and the sandbox HOME, and the steps (jobs,
/// commands, clock moves, faults) run against it, each with what a correct job must show.
public struct Scenario: Sendable {
    public var name: String
    public var description: String
    public var tags: [String]
    /// The fixture set's directory, resolved against the scenario file (nil: the default set).
    public var fixturesDirectory: String?
    public var secrets: SecretsState
    /// The virtual clock's start instant (nil: now).
    public var clock: Date?
    public var faults: [FaultRule]
    /// `env:` variables every job and command gets on top of the sandbox's (e.g. a shorter
    /// `DRYDOCK_API_DEADLINE_SECONDS`, so a scenario waits out a deadline in seconds, not a minute).
    public var environment: [String: String] = [:]
    public var steps: [Step]
    /// Checked after every step has run.
    public var expect: Expectations
    /// The file it was loaded from.
    public var file: String

    /// What `secrets:` asks for; the defaults are a healthy host.
    public struct SecretsState: Sendable, Equatable {
        public enum Token: String, Sendable, CaseIterable { case fresh, expired, missing, corrupt }
        public enum RefreshToken: String, Sendable, CaseIterable { case valid, revoked }
        public var token: Token = .fresh
        public var refreshToken: RefreshToken = .valid
        /// `client: { testing: true, age_days: 8 }`: the OAuth app in Testing status, its grant N days old.
        public var clientTesting: Bool = false
        public var clientAgeDays: Int = 0
        /// `account: ADDRESS`: the fixture grant of this mailbox (e.g. one granted fewer scopes).
        public var account: String?
        /// `token_age: 30m`: the cached token was refreshed this long ago (its `refreshed_at` and
        /// `expires_at` moved back), as on a host where it has been in use; nil: just issued.
        public var tokenAge: Double?
        /// Modes to set on `.secrets` and `google_token.json` (nil: leave Sandbox's 0700 / 0600).
        public var directoryMode: mode_t?
        public var tokenFileMode: mode_t?
        public var tokenFileSymlink: Bool = false
        public init() {}
    }

    public enum StepKind: Sendable {
        /// A built-in job: `drydock JOB ARGS...`.
        case job(name: String, arguments: [String])
        /// Any command, argv form.
        case run([String])
        case advance(seconds: Double)
        case faults([FaultRule])
        case clearFaults
        /// Waits until `count` requests matching `pattern` (`service` or `service.operation`) are journalled.
        case wait(pattern: String, count: Int, timeout: Double)
    }

    public struct Step: Sendable {
        public var kind: StepKind
        /// Copies started at once (jobs and commands only).
        public var parallel: Int
        public var expect: Expectations
        /// `under_test:` on a job step: `drydock validate --command CMD` runs the user's program here in
        /// place of the built-in job, checked against these expectations (nil: the step takes no
        /// external job).
        public var underTest: Expectations?
        /// The step's line in its file, for messages.
        public var line: Int
    }

    /// Whether `validate --command` can run in this scenario: a step accepts an external job.
    public var acceptsExternalJob: Bool { steps.contains { $0.underTest != nil } }

    /// What one step (or the scenario, after all steps) must show.
    public struct Expectations: Sendable {
        public var exit: ExitCheck?
        public var stdout: [OutputCheck] = []
        public var stderr: [OutputCheck] = []
        public var journal: [Expectation] = []
        public var files = FileChecks()
        /// Wall-time bound in seconds.
        public var within: Double?
        public init() {}
        public var isEmpty: Bool {
            exit == nil && stdout.isEmpty && stderr.isEmpty && journal.isEmpty && files == FileChecks() && within == nil
        }
    }

    /// `exit:` a status (a number or a sysexits name), or `success` (0) / `failure` (anything else): the
    /// forms a user's own program can be held to, whose exact codes are its own.
    public enum ExitCheck: Sendable, Equatable, CustomStringConvertible {
        case status(Int32)
        case success
        case failure

        public func holds(_ status: Int32) -> Bool {
            switch self {
            case .status(let expected): status == expected
            case .success: status == 0
            case .failure: status != 0
            }
        }

        public var description: String {
            switch self {
            case .status(let status): "\(status)"
            case .success: "success (0)"
            case .failure: "failure (non-zero)"
            }
        }
    }

    /// `contains`, `matches` (a regular expression) or `json` (top-level key or dotted path equals).
    public enum OutputCheck: Sendable {
        case contains(String)
        case matches(String)
        case json(path: String, equals: JSONValue)
    }

    public struct FileChecks: Sendable, Equatable {
        public enum CacheChange: String, Sendable, CaseIterable { case unchanged, changed }
        public var tokenCache: CacheChange?
        public var tokenMode: mode_t?
        public var tokenParses: Bool?
        /// Paths relative to the sandbox HOME that must exist / must not exist after the step.
        public var exists: [String] = []
        public var absent: [String] = []
        /// Paths relative to the sandbox HOME whose bytes (or absence) the step must not change.
        public var unchanged: [String] = []
        public init() {}
    }

    public static let jobs: Set<String> = ["diag", "reauth", "bookings", "sheets", "dispatch", "demo", "report", "preflight", "backup"]
}
