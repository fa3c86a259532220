import ArgumentParser
import DrydockCore
import DrydockFixtures
import DrydockHarness
import EmulatorKit
import DrydockHTTP
import DrydockIsolation
import Interception
import Synchronization
import Emulators
import Foundation

/// `drydock exec [options] -- COMMAND [ARGS...]`: runs an unmodified program against the emulators, in a
/// sandbox HOME, and reports what it sent.
struct ExecCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec",
        abstract: "Run a program against the emulators in a sandbox HOME; exit with its status.",
        discussion: """
            Starts every emulator on a free 127.0.0.1 port, writes a sandbox HOME whose .secrets/ looks like a \
            production host's, runs COMMAND with HOME, DRYDOCK_SECRETS_DIR, the endpoint variables and AWS_REGION \
            set and the caller's AWS_*, GOOGLE_*, CLOUDSDK_*, GCE_METADATA_* and DRYDOCK_* variables removed, \
            forwards SIGINT/SIGTERM/SIGHUP/SIGQUIT/SIGUSR1/SIGUSR2 to it, then prints a summary on stderr and exits \
            with COMMAND's status (128+N after signal N; 1 when it succeeded but an --expect failed; 126/127 when \
            it could not be started; 64 usage; 78 configuration).
            """)

    @Option(help: ArgumentHelp("Fixture set directory (default: the bundled default set).", valueName: "DIR"))
    var fixtures: String?

    @Option(help: ArgumentHelp("Use DIR as the sandbox HOME (created 0700 if missing) and keep it afterwards; default: a temporary one, removed.", valueName: "DIR"))
    var home: String?

    @Option(help: ArgumentHelp("What .secrets/google_token.json holds: a valid access token, an expired one, or no file.", valueName: "fresh|expired|missing"))
    var token: Sandbox.CachedTokenState = .fresh

    @Option(help: ArgumentHelp("A fault rule (JSON object, as POST /_drydock/faults takes) added before the program starts; repeatable.", valueName: "JSON"))
    var fault: [String] = []

    @Option(help: ArgumentHelp("A JSON file of fault rules: an array of rule objects (or {\"rules\": [...]}).", valueName: "FILE"))
    var faults: String?

    @Option(help: ArgumentHelp("Move the emulators' virtual clock forward this many seconds before the program starts (after the sandbox's token was issued).", valueName: "SECONDS"))
    var clockAdvance: Double = 0

    @Option(help: "Seed for fault-rule probabilities.")
    var seed: UInt64 = 0

    @Option(name: .customLong("pass-env"), help: ArgumentHelp("Keep the caller's NAME (e.g. an AWS_ or GOOGLE_ variable that is removed otherwise); repeatable.", valueName: "NAME"))
    var passEnv: [String] = []

    @Flag(help: "Do not set the endpoint variables (GOOGLE_OAUTH_TOKEN_URI, GMAIL_API_ENDPOINT, …): interception alone carries the traffic.")
    var noEndpointVars = false

    @Flag(help: "Linux: run COMMAND in its own network and mount namespaces, where only loopback exists. The emulated hosts resolve to loopback (private /etc/hosts and a resolver on 127.0.0.1:53 that answers other names NXDOMAIN and journals them as egress.blocked), the emulators listen on 127.0.0.1:80 and :443 and on 169.254.169.254:80, and the sandbox CA replaces the system trust store. For clients that ignore proxy variables. Needs root or unprivileged user namespaces; implies --no-endpoint-vars, and sets no proxy variables.")
    var isolate = false

    @Option(help: ArgumentHelp("Write the run's journal to FILE as JSON ({\"requests\", \"lastSeq\", \"totals\"}).", valueName: "FILE"))
    var journal: String?

    @Option(help: ArgumentHelp("A check on the journal's counts, e.g. 'oauth.token == 1', 'gmail.* <= 20', 'egress.blocked == 0' (operators == != < <= > >=); repeatable. A failed check makes the exit status 1 unless the program failed.", valueName: "EXPR"))
    var expect: [String] = []

    @Flag(help: "Print neither the start line nor the summary (failed --expect checks are still printed).")
    var quiet = false

    @Argument(parsing: .postTerminator, help: ArgumentHelp("The program and its arguments, after `--`.", valueName: "command"))
    var command: [String] = []

    /// The largest `--faults` file read.
    static let maximumFaultsFileBytes = 1 << 20

    func validate() throws {
        // As early as the command gets control, before anything can start a thread (threads inherit the
        // mask): the forwarded signals and SIGCHLD are then taken by sigwaitinfo alone, never by a
        // default action that would end Drydock before it cleans up.
        SignalForwarding.blockSignals()
        _ = try options()
    }

    func run() throws {
        SignalForwarding.blockSignals()
        let outcome: ExecRunner.Outcome
        do {
            outcome = try ExecRunner.run(
                try options(), caller: ProcessInfo.processInfo.environment,
                interception: interceptionStarter(), report: printError)
        } catch let error as ExecError {
            printError("drydock exec: \(error.message)")
            throw ExitCode(error.status)
        }
        throw ExitCode(outcome.status)
    }

    /// Transparent interception (issue 9 §2): the intercepting proxy, with a CA made for this run in the
    /// sandbox HOME's `.drydock/` (removed with it), and the child's proxy and trust-store variables.
    func interceptionStarter() -> ExecInterception.Starter? {
        { context in
            let directory = context.home + "/.drydock"
            guard mkdir(directory, 0o700) == 0 || errno == EEXIST else {
                throw ConfigurationFailure("cannot create \(directory): \(String(cString: strerror(errno)))")
            }
            let authority = try SandboxCertificateAuthority(directory: directory)
            let proxy = InterceptingProxy(router: context.router, authority: authority)
            try proxy.start()
            let variables = Dictionary(proxy.environmentVariables.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
            let isolated = IsolatedListeners(proxy: proxy)
            return ExecInterception(
                variables: variables, stop: { isolated.stop(); proxy.stop() },
                isolation: .init(
                    hosts: try EmulatedHosts(loopbackNames: InterceptedHosts.hostsFileNames, matches: { InterceptedHosts.isEmulated(host: $0) }),
                    trustVariables: Dictionary(
                        InterceptionEnvironment.trustStoreVariableNames.map { ($0, authority.bundlePath) }, uniquingKeysWith: { $1 }),
                    bundlePath: authority.bundlePath,
                    serve: { try isolated.serve($0) }))
        }
    }

    /// The options checked and parsed; `ValidationError` (exit 64) naming the option otherwise.
    func options() throws -> ExecOptions {
        guard !command.isEmpty else {
            throw ValidationError("no command: give it after `--`, as in `drydock exec [options] -- COMMAND [ARGS...]`")
        }
        for name in passEnv {
            guard ChildEnvironment.isVariableName(name) else {
                throw ValidationError("--pass-env \(name): not a variable name (a letter or _, then letters, digits or _)")
            }
            guard !ChildEnvironment.unpassable.contains(name) else {
                throw ValidationError("--pass-env \(name): \(name) is the sandbox's own and cannot be passed (use --home to choose the HOME)")
            }
        }
        guard clockAdvance.isFinite, (0...1e9).contains(clockAdvance) else {
            throw ValidationError("--clock-advance must be 0-1000000000 seconds, got \(clockAdvance)")
        }
        var expectations: [Expectation] = []
        for text in expect {
            do { expectations.append(try Expectation.parse(text)) } catch { throw ValidationError(error.description) }
        }
        return ExecOptions(
            command: command, fixturesDirectory: fixtures ?? DrydockFixtures.defaultDirectory, home: home, token: token,
            faultRules: try faultRules(), clockAdvance: clockAdvance, faultSeed: seed, passed: Set(passEnv),
            endpointVariables: !noEndpointVars && !isolate, expectations: expectations, journalFile: journal, quiet: quiet,
            isolate: isolate)
    }

    /// `--fault` rules in order, then `--faults FILE`'s.
    private func faultRules() throws -> [FaultRule] {
        var rules: [FaultRule] = []
        for (index, text) in fault.enumerated() {
            let label = "--fault #\(index + 1)"
            rules += try Self.rules(in: try Self.parseJSON(text, label), label: label, allowArray: false)
        }
        if let faults {
            let fd = open(faults, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw ValidationError("--faults \(faults): \(String(cString: strerror(errno)))") }
            defer { close(fd) }
            let bytes: [UInt8]?
            do { bytes = try POSIXFile.readAll(fd: fd, path: faults, limit: Self.maximumFaultsFileBytes) } catch {
                throw ValidationError("--faults \(faults): \(error)")
            }
            guard let bytes else { throw ValidationError("--faults \(faults): larger than \(Self.maximumFaultsFileBytes) bytes") }
            let label = "--faults \(faults)"
            rules += try Self.rules(in: try Self.parseJSON(String(decoding: bytes, as: UTF8.self), label), label: label, allowArray: true)
        }
        return rules
    }

    private static func parseJSON(_ text: String, _ label: String) throws -> JSONValue {
        do { return try JSONValue.parse(text) } catch { throw ValidationError("\(label): not JSON: \(error)") }
    }

    /// One rule object; with `allowArray`, also an array of them or `{"rules": [...]}`.
    private static func rules(in json: JSONValue, label: String, allowArray: Bool) throws -> [FaultRule] {
        var items: [(JSONValue, String)] = [(json, "")]
        if allowArray {
            if let array = json.arrayValue {
                items = array.enumerated().map { ($0.element, "[\($0.offset)]") }
            } else if let members = json.objectValue, members.count == 1, members[0].0 == "rules", let array = members[0].1.arrayValue {
                items = array.enumerated().map { ($0.element, "rules[\($0.offset)]") }
            } else {
                throw ValidationError("\(label): expected a JSON array of fault rules (or {\"rules\": [...]})")
            }
        }
        return try items.map { item, path in
            do { return try FaultRule(json: item, path: path) } catch { throw ValidationError("\(label): \(error)") }
        }
    }
}

extension Sandbox.CachedTokenState: ExpressibleByArgument {}

/// `--isolate`'s listeners inside the namespace: plain HTTP on 127.0.0.1:80 and 169.254.169.254:80 routed
/// by Host (the proxy's `plainResponder`), TLS on 127.0.0.1:443 with the certificate chosen by SNI.
final class IsolatedListeners: Sendable {
    private let proxy: InterceptingProxy
    private let servers = Mutex<[HTTPServer]>([])

    init(proxy: InterceptingProxy) { self.proxy = proxy }

    func serve(_ sockets: IsolatedSockets) throws {
        for listener in [IsolatedListener.http, .metadata] {
            guard let fd = sockets.take(listener) else { continue }
            let server = HTTPServer(responder: proxy.plainResponder)
            servers.withLock { $0.append(server) }
            try server.start(listeningOn: fd)
        }
        if let fd = sockets.take(.https) { try proxy.startTLSListener(listeningOn: fd) }
    }

    func stop() {
        for server in servers.withLock({ $0 }) { server.stop() }
    }
}
