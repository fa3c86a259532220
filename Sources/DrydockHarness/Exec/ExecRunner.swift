import DrydockCore
import DrydockHTTP
import DrydockIsolation
import EmulatorKit
import Emulators
import Foundation

/// `drydock exec`: emulators on a free loopback port, a sandbox HOME, the child with its environment,
/// signals forwarded, then the summary, the journal file and the expectations; emulators stopped and a
/// temporary sandbox removed however the child ended.
public enum ExecRunner {
    /// How the run went.
    public struct Outcome: Sendable {
        public let exit: ChildExit
        public let summary: RunSummary
        /// What Drydock exits with: the child's status when it failed, else 1 when an expectation failed,
        /// else 0.
        public var status: Int32 {
            if !exit.succeeded { return exit.status }
            return summary.outcomes.allSatisfy(\.holds) ? 0 : ExitStatus.checkFailed.rawValue
        }
    }

    /// Runs `options.command`. Call `SignalForwarding.blockSignals()` first, before any thread starts.
    /// `report` receives the lines for stderr (the start line and the summary unless `quiet`, failed
    /// expectations always).
    ///
    /// The child starts with no signal blocked, whatever mask Drydock inherited (a caller such as
    /// Foundation's `Process`, spawning from a thread that blocks signals, hands its mask down), so the
    /// signals forwarded to it take effect.
    public static func run(
        _ options: ExecOptions, caller: [String: String],
        interception: ExecInterception.Starter? = nil, report: (String) -> Void
    ) throws(ExecError) -> Outcome {
        let router: EdgeRouter
        do {
            router = try EmulatorSuite.makeRouter(fixturesDirectory: options.fixturesDirectory, faultSeed: options.faultSeed)
        } catch {
            throw .configuration("\(error)")
        }
        let server = HTTPServer(responder: router, configuration: .init(host: "127.0.0.1", port: 0))
        do { try server.start() } catch { throw .configuration("cannot start the emulators: \(error)") }
        defer { server.stop() }
        router.controlAccess = ControlAccess(listeningHost: "127.0.0.1", listeningPort: server.port)
        let baseURL = "http://127.0.0.1:\(server.port)"

        let sandbox = try SandboxHome.prepare(options.home, caller: caller)
        defer { sandbox.removeIfTemporary() }
        let secrets: Sandbox.HomeSecrets
        do {
            secrets = try Sandbox.writeHome(
                sandbox.path, router: router, tokenURI: options.endpointVariables ? baseURL + "/token" : ExecOptions.realTokenURI,
                token: options.token)
        } catch {
            throw .configuration("\(error)")
        }
        do { try router.addFaultRules(options.faultRules) } catch { throw .usage("fault rule \(error)") }
        if options.clockAdvance > 0 { router.clock.advance(seconds: options.clockAdvance) }

        // PLUG-IN POINT for the interception (issue 9 §2): its proxy and CA variables join the environment here.
        var intercepted = ExecInterception(variables: [:])
        if let interception {
            do {
                intercepted = try interception(.init(router: router, baseURL: baseURL, home: sandbox.path))
            } catch {
                throw .configuration("cannot start the interception: \(error)")
            }
        }
        defer { intercepted.stop() }

        let isolation: ExecInterception.Isolation?
        if options.isolate {
            guard let offered = intercepted.isolation else { throw .configuration("--isolate needs the interception, which is not available") }
            isolation = offered
        } else {
            isolation = nil
        }
        let environment = ChildEnvironment.build(caller: caller, .init(
            home: sandbox.path, secretsDirectory: secrets.directory, endpointVariables: router.endpointVariables(baseURL: baseURL),
            includeEndpointVariables: options.endpointVariables && isolation == nil, region: secrets.region,
            interceptionVariables: isolation?.trustVariables ?? intercepted.variables, passed: options.passed))
        if !options.quiet {
            let mode = isolation == nil ? "" : " (the command runs isolated: loopback only, the emulators under their real names)"
            report("drydock exec: emulators on \(baseURL) (control API: \(baseURL)/_drydock/), HOME=\(sandbox.path)\(mode)")
        }

        let started = ContinuousClock.now
        let exit: ChildExit
        if let isolation {
            exit = try runIsolated(options.command, environment: environment, isolation, router: router)
        } else {
            let pid: pid_t
            do {
                pid = try Spawner.spawn(SpawnRequest(
                    executable: options.command[0], arguments: options.command, environment: environment))
            } catch {
                throw ExecError("\(error)", status: error.shellStatus)
            }
            exit = SignalForwarding.wait(for: pid)
        }
        let elapsed = ContinuousClock.now - started
        intercepted.stop()
        intercepted = ExecInterception(variables: [:])
        server.stop()

        let totals = router.journal.totals
        let summary = RunSummary(
            command: options.command[0], exit: exit,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
            totals: totals, faults: router.faultRules,
            blockedHosts: RunSummary.blockedHosts(in: router.journal.entries(.init(service: RunSummary.egressService))),
            outcomes: options.expectations.map { $0.evaluate(totals) })
        if !options.quiet { summary.lines.forEach(report) }
        summary.failureLines.forEach(report)
        if let journalFile = options.journalFile {
            do {
                try JournalExport.write(router.journal, to: journalFile)
            } catch {
                report("drydock exec: cannot write --journal \(journalFile): \(error)")
                return Outcome(exit: exit.succeeded ? .exited(ExitStatus.configuration.rawValue) : exit, summary: summary)
            }
        }
        return Outcome(exit: exit, summary: summary)
    }

    /// `--isolate`: the command in its own network and mount namespaces (`IsolatedRun`), the listeners made
    /// there served by `isolation.serve`, names it may not reach journalled as `egress.blocked` (via DNS).
    /// Private `/etc` files go to a scratch directory outside the sandbox HOME, removed afterwards.
    private static func runIsolated(
        _ command: [String], environment: [String: String], _ isolation: ExecInterception.Isolation, router: EdgeRouter
    ) throws(ExecError) -> ChildExit {
        var template = Array("/tmp/drydock-isolate.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw .configuration("cannot create a scratch directory for --isolate: \(String(cString: strerror(errno)))")
        }
        let scratch = String(cString: made)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let configuration = IsolationConfiguration(
            hosts: isolation.hosts, trustBundlePath: isolation.bundlePath, scratchDirectory: scratch,
            onBlockedName: { router.recordBlockedEgress(host: $0, via: "DNS") })
        let process: IsolatedProcess
        do {
            process = try IsolatedRun(configuration: configuration).launch(
                command: command, environment: environment, startServices: isolation.serve)
        } catch {
            throw ExecError(error.message, status: error.exitStatus)
        }
        // SignalForwarding reaps the command; `wait()` then finds it gone (ECHILD) and only stops the resolver.
        let exit = SignalForwarding.wait(for: process.pid)
        _ = process.wait()
        return exit
    }
}
