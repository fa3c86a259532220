import ArgumentParser
import DrydockCore
import DrydockHarness
import DrydockScenarios
import EmulatorKit
import Foundation
import Interception

/// `drydock reproduce NAME|FILE [--shell] [-- COMMAND...]`: the emulators in a scenario's state, for a
/// developer at a terminal.
struct ReproduceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reproduce",
        abstract: "Start the emulators in a scenario's state (fixtures, secrets, clock, faults) and poke at it.",
        discussion: """
            Prints what the scenario injected and where the emulators listen on stderr, then one log line per \
            request as it arrives. Without a command: prints the `export` lines on stdout (eval them in \
            another shell) and serves until SIGINT or SIGTERM. With --shell: opens $SHELL with the variables \
            set and HOME the sandbox. With `-- COMMAND`: runs it with them and exits with its status. On exit, \
            the journal's counts. The same fault engine as `drydock validate`: what fails there fails here.
            """)

    @Argument(help: "A scenario name from the built-in catalog, or a scenario file.")
    var scenario: String

    @Flag(help: "Open $SHELL (else /bin/sh) with the scenario's environment; the emulators stop when it exits.")
    var shell = false

    @Option(help: "Seed for fault-rule probabilities.")
    var seed: UInt64 = 0

    @Flag(help: "Do not log requests.")
    var quiet = false

    @Argument(parsing: .postTerminator, help: "A command to run in the scenario's environment.")
    var command: [String] = []

    func validate() throws {
        if shell && !command.isEmpty { throw ValidationError("give either --shell or a command after --, not both") }
    }

    func run() throws {
        let loaded: Scenario
        do {
            let files = try ScenarioSources.files([scenario])
            guard files.count == 1, let file = files.first else {
                throw ValidationError("\(scenario) names \(files.count) scenario files; reproduce takes exactly one")
            }
            loaded = try ScenarioLoader.load(path: file)
        } catch let error as ScenarioError {
            printError("drydock reproduce: \(error)")
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        SignalForwarding.blockSignals()
        let printLog: @Sendable (String) -> Void = { line in printError(line) }
        let log = quiet ? nil : printLog
        let world: ScenarioWorld
        do {
            world = try ScenarioWorld(loaded, seed: seed, caller: ProcessInfo.processInfo.environment, log: log)
        } catch {
            printError("drydock reproduce: \(loaded.name): \(error)")
            throw ExitCode(ExitStatus.configuration.rawValue)
        }
        defer { world.tearDown() }

        printError("drydock reproduce: \(loaded.name): \(loaded.description)")
        for line in world.injectedLines { printError("  injected: \(line)") }
        printError("drydock reproduce: emulators on \(world.baseURL) (control API: \(world.baseURL)/_drydock/), HOME=\(world.home)")

        let status: Int32
        if shell || !command.isEmpty {
            let argv = shell ? [ProcessInfo.processInfo.environment["SHELL"] ?? "/bin/sh"] : command
            let pid: pid_t
            do {
                pid = try Spawner.spawn(SpawnRequest(executable: argv[0], arguments: argv, environment: world.environment))
            } catch {
                printError("drydock reproduce: \(error)")
                throw ExitCode(error.shellStatus)
            }
            status = SignalForwarding.wait(for: pid).status
        } else {
            printUnredacted(exportLines(world).joined(separator: "\n"))
            var signals = sigset_t()
            sigemptyset(&signals)
            sigaddset(&signals, SIGINT)
            sigaddset(&signals, SIGTERM)
            var received: Int32 = 0
            sigwait(&signals, &received)
            status = 0
        }
        let totals = world.router.journal.totals
        printError("drydock reproduce: \(totals.values.reduce(0, +)) requests")
        for (key, count) in totals.sorted(by: { $0.key < $1.key }) { printError("  \(key)  \(count)") }
        throw ExitCode(status)
    }

    /// The variables a shell needs: the secrets directory, the region, the endpoint variables, the proxy
    /// and trust-store variables of the interception.
    private func exportLines(_ world: ScenarioWorld) -> [String] {
        let names = ["DRYDOCK_SECRETS_DIR", "AWS_REGION"] + world.router.endpointVariables(baseURL: world.baseURL).map(\.name)
            + InterceptionEnvironment.proxyVariableNames + ["NO_PROXY", "no_proxy"] + InterceptionEnvironment.trustStoreVariableNames
        return names.compactMap { name in
            world.environment[name].map { "export \(name)='\($0.replacingOccurrences(of: "'", with: "'\\''"))'" }
        } + ["# drydock reproduce \(world.scenario.name): Ctrl-C stops"]
    }
}
