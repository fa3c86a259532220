import EmulatorKit
import Emulators

/// Everything `drydock exec` was asked to do, parsed and checked.
public struct ExecOptions: Sendable {
    /// argv of the program to run (at least one element).
    public var command: [String]
    /// The fixture set the emulators load.
    public var fixturesDirectory: String
    /// The sandbox HOME to use and keep (`--home`); nil: a temporary one, removed afterwards.
    public var home: String?
    /// What `google_token.json` holds (`--token`).
    public var token: Sandbox.CachedTokenState
    /// `--fault` and `--faults` rules, added before the child starts.
    public var faultRules: [FaultRule]
    /// `--clock-advance`: seconds the virtual clock moves after the sandbox is written, before the child
    /// starts (so a `fresh` token in the file can already be expired for the emulators).
    public var clockAdvance: Double
    /// `--seed`: the fault rules' probability seed.
    public var faultSeed: UInt64
    /// `--pass-env` names.
    public var passed: Set<String>
    /// false: `--no-endpoint-vars`.
    public var endpointVariables: Bool
    public var expectations: [Expectation]
    /// `--journal FILE`.
    public var journalFile: String?
    /// `--quiet`: no start line, no summary (failed expectations are still printed).
    public var quiet: Bool
    /// `--isolate`: the child in its own network and mount namespaces (`DrydockIsolation`), reaching the
    /// emulators by their real names only; implies no endpoint variables and no proxy variables.
    public var isolate: Bool

    public init(
        command: [String], fixturesDirectory: String, home: String? = nil, token: Sandbox.CachedTokenState = .fresh,
        faultRules: [FaultRule] = [], clockAdvance: Double = 0, faultSeed: UInt64 = 0, passed: Set<String> = [],
        endpointVariables: Bool = true, expectations: [Expectation] = [], journalFile: String? = nil, quiet: Bool = false,
        isolate: Bool = false
    ) {
        self.command = command
        self.fixturesDirectory = fixturesDirectory
        self.home = home
        self.token = token
        self.faultRules = faultRules
        self.clockAdvance = clockAdvance
        self.faultSeed = faultSeed
        self.passed = passed
        self.endpointVariables = endpointVariables
        self.expectations = expectations
        self.journalFile = journalFile
        self.quiet = quiet
        self.isolate = isolate
    }

    /// The Google token endpoint as production code would have it, used in `gmail_credentials.json` under
    /// `--no-endpoint-vars` (interception then carries the request to the emulator).
    public static let realTokenURI = "https://oauth2.googleapis.com/token"
}
