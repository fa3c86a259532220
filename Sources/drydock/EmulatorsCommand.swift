import ArgumentParser
import DrydockCore
import DrydockFixtures
import DrydockHTTP
import EmulatorKit
import Emulators
import Foundation

/// `drydock emulators …`.
struct EmulatorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulators",
        abstract: "Run the offline Google (and later AWS) emulators.",
        subcommands: [ServeCommand.self, EmulatorsStartCommand.self, EmulatorsStopCommand.self])
}

/// `drydock emulators serve [--host H] [--port P] [--fixtures DIR] [--sandbox DIR] [--data-dir DIR]
/// [--control-token TOKEN]`.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve every emulator on one port until SIGINT or SIGTERM.",
        discussion: """
            Prints `export` lines for the endpoint variables it serves on stdout, then lets go of stdout \
            (so `$(…)` around it returns), then logs one line per request on stderr. The control API is under \
            /_drydock/ on the same port. From a shell, `drydock emulators start` runs it in the background.
            """)

    @Option(help: "Address to bind.")
    var host = "127.0.0.1"

    @Option(help: "Port to bind; 0 picks a free one.")
    var port = 8580

    @Option(help: "Fixture set directory (default: the bundled default set).")
    var fixtures: String?

    @Option(help: "Write a ready secrets directory (0700/0600) matching the fixtures here, and export DRYDOCK_SECRETS_DIR.")
    var sandbox: String?

    @Option(help: ArgumentHelp(
        "Keep DynamoDB's tables, the Gmail mailboxes (DIR/gmail), S3's buckets, objects and multipart uploads (DIR/s3), CloudFront's invalidations (DIR/cloudfront) and Secrets Manager's secrets (DIR/secretsmanager) in DIR across restarts (created 0700 if missing; starts from the fixtures when empty). Every acknowledged write is on disk before it is answered. DIR must be yours, not writable by group or others and not a symbolic link; no link inside it is ever followed (exit 78 otherwise).",
        valueName: "DIR"))
    var dataDir: String?

    @Option(help: ArgumentHelp(
        "After answering, each event-loop thread keeps polling without sleeping for this long, so a client's next request on a kept-alive connection finds it awake (waking a sleeping thread costs more than answering a small request on a virtual machine); 0 sleeps at once, the least CPU for a server that is mostly idle.",
        valueName: "MICROSECONDS"))
    var idleSpin = 100

    @Option(help: "Seed for fault-rule probabilities.")
    var seed: UInt64 = 0

    @Flag(help: "Do not log requests.")
    var quiet = false

    @OptionGroup var interception: InterceptOptions

    @Option(help: ArgumentHelp(
        "Require Authorization: Bearer TOKEN on the control API (/_drydock/…; health excepted) and export it as DRYDOCK_CONTROL_TOKEN. Needed with a non-loopback --host, unless --sandbox is given: a token is then generated into it.",
        valueName: "TOKEN"))
    var controlToken: String?

    // Set by `drydock emulators start` (see EmulatorsStart+Serve.swift), not by users.
    @Option(help: .private)
    var detachedLog: String?

    @Flag(help: .private)
    var removeSandboxOnExit = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0-65535, got \(port)") }
        guard (0...1_000_000).contains(idleSpin) else {
            throw ValidationError("--idle-spin must be 0-1000000 microseconds, got \(idleSpin)")
        }
        try validateControlAccess()
    }

    func run() throws {
        try runReportingFailures { try serve() }
    }

    private func serve() throws {
        do {
            // Block the stop signals before any server thread starts, so only sigwait below sees them.
            var signals = sigset_t()
            sigemptyset(&signals)
            sigaddset(&signals, SIGINT)
            sigaddset(&signals, SIGTERM)
            pthread_sigmask(SIG_BLOCK, &signals, nil)

            let fixturesDirectory = fixtures ?? DrydockFixtures.defaultDirectory
            let printLog: @Sendable (String) -> Void = { line in printError(line) }
            let log = quiet ? nil : printLog
            let router: EdgeRouter
            do {
                router = try EmulatorSuite.makeRouter(
                    fixturesDirectory: fixturesDirectory, dataDirectory: dataDir, faultSeed: seed, log: log)
            } catch {
                throw ConfigurationFailure("\(error)")
            }
            let token = makeControlToken()
            // The token applies from the first request; the port is known once the server has bound.
            router.controlAccess = controlAccess(port: port == 0 ? nil : port, token: token)
            let server = HTTPServer(responder: router, configuration: .init(host: host, port: port, idleSpinMicroseconds: idleSpin))
            do { try server.start() } catch { throw ConfigurationFailure("\(error)") }
            router.controlAccess = controlAccess(port: server.port, token: token)
            // Clock work (DynamoDB's Time to Live deletions) happens as real time passes, too.
            router.startDueWorkTicks()
            if let files = server.openFileLimit, files < server.configuration.connectionLimit {
                printError("drydock emulators: the open-file limit is \(files) (its hard limit), so fewer than \(files) connections "
                    + "at once instead of \(server.configuration.connectionLimit); raise it with `ulimit -Hn` as root to serve more")
            }
            let baseURL = "http://\(host.contains(":") ? "[\(host)]" : host):\(server.port)"

            var lines = router.exportLines(baseURL: baseURL)
            if let sandbox {
                let directory = URL(fileURLWithPath: sandbox).standardizedFileURL.path
                do {
                    try Sandbox.write(to: directory, fixturesDirectory: fixturesDirectory, baseURL: baseURL)
                    if let token { try Sandbox.writeControlToken(token, to: directory) }
                } catch {
                    throw ConfigurationFailure("\(error)")
                }
                lines.append("export DRYDOCK_SECRETS_DIR='\(directory)'")
            }
            if let token { lines.append("export DRYDOCK_CONTROL_TOKEN='\(token)'") }
            let interceptor = try startInterception(router: router)
            defer { interceptor?.stop() }
            lines += interceptor?.exportLines ?? []
            lines.append("# drydock emulators on \(baseURL) (control API: \(baseURL)/_drydock/health); Ctrl-C stops")
            // Unredacted: these lines are for `eval`, and carry the control token on purpose.
            printUnredacted(lines.joined(separator: "\n"))
            try releaseStandardOutput()

            var received: Int32 = 0
            sigwait(&signals, &received)
            server.stop()
            removeSandboxIfAsked()
            printError("drydock emulators: stopped on signal \(received)")
        }
    }
}

/// A configuration failure reported with exit status 78.
struct ConfigurationFailure: UserFacingError {
    let message: String
    init(_ message: String) { self.message = message }
    var exitStatus: ExitStatus { .configuration }
    var description: String { message }
}
