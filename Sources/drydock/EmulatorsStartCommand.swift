import ArgumentParser
import DrydockCore
import DrydockHarness
import DrydockHTTP
import Foundation

/// `drydock emulators start [serve's options] [--pidfile F] [--log F] [--keep-sandbox]`: the ssh-agent
/// pattern. Starts `drydock emulators serve` detached (its own session, stdin /dev/null, its output to
/// `--log` or /dev/null), waits until it answers health, prints its `export` lines plus
/// `DRYDOCK_EMULATORS_PID`, and returns, so `eval "$(drydock emulators start …)"` works in a shell.
struct EmulatorsStartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start the emulators in the background, print `export` lines for eval, and return.",
        discussion: """
            eval "$(drydock emulators start --port 0)"; …; drydock emulators stop

            Takes every option of `drydock emulators serve` (--host, --port, --fixtures, --sandbox, --data-dir, \
            --seed, --quiet, --control-token). Without --sandbox, a temporary secrets directory is created and \
            exported as DRYDOCK_SECRETS_DIR; `drydock emulators stop` removes it, and a --sandbox directory \
            this command created, unless --keep-sandbox.
            """)

    @Option(help: ArgumentHelp("Also write the emulators' process id to FILE (for `drydock emulators stop --pidfile FILE`).", valueName: "FILE"))
    var pidfile: String?

    @Option(help: ArgumentHelp("Append the emulators' request log and messages to FILE (created 0600); default: discarded.", valueName: "FILE"))
    var log: String?

    @Flag(help: "Leave the sandbox in place when the emulators stop (one given with --sandbox that already existed is always left).")
    var keepSandbox = false

    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("Any option of `drydock emulators serve`.", valueName: "serve-option"))
    var serveOptions: [String] = []

    /// How long the emulators may take to load their fixtures and answer health.
    static let readyTimeout: Double = 30

    func validate() throws {
        _ = try Self.parseServe(serveOptions)
    }

    func run() throws {
        try runReportingFailures { try start() }
    }

    /// `serveOptions` as `serve` parses and validates them; a usage error names them as serve's.
    static func parseServe(_ options: [String]) throws -> ServeCommand {
        do {
            return try ServeCommand.parse(options)
        } catch {
            throw ValidationError(ServeCommand.message(for: error))
        }
    }

    private func start() throws {
        var options = serveOptions
        let serve = try Self.parseServe(options)
        // A sandbox this command creates (a temporary one, or a --sandbox DIR that does not exist yet)
        // is removed by the server when it stops, unless --keep-sandbox.
        let sandbox: String
        let created: Bool
        if let given = serve.sandbox {
            sandbox = URL(fileURLWithPath: given).standardizedFileURL.path
            created = access(sandbox, F_OK) != 0
        } else {
            sandbox = try Self.makeTemporaryDirectory()
            options += ["--sandbox", sandbox]
            created = true
        }
        let removeOnExit = created && !keepSandbox
        if let log { try Self.checkWritable(log) }

        let launch = DetachedServer.Launch(
            executable: Self.executablePath(),
            arguments: ["drydock", "emulators", "serve"] + options + ["--detached-log", log ?? "/dev/null"]
                + (removeOnExit ? ["--remove-sandbox-on-exit"] : []),
            environment: ProcessInfo.processInfo.environment)
        let server: DetachedServer.Started
        do {
            server = try DetachedServer.start(launch, timeout: Self.readyTimeout)
        } catch let failure as DetachedServer.Failure {
            if removeOnExit { try? FileManager.default.removeItem(atPath: sandbox) }
            if !failure.output.isEmpty { FileHandle.standardError.write(Data(failure.output.utf8)) }
            printError("drydock emulators start: \(failure.reason)")
            throw ExitCode(failure.exitStatus)
        }
        if !server.messages.isEmpty { FileHandle.standardError.write(Data(server.messages.utf8)) }

        try waitForHealth(server.baseURL)
        if let pidfile { try Self.writePidfile(pidfile, pid: server.pid) }
        var lines = server.exportLines
        lines.append("export DRYDOCK_EMULATORS_PID=\(server.pid)")
        lines.append("# drydock emulators (pid \(server.pid)) on \(server.baseURL); stop with: drydock emulators stop"
            + (pidfile.map { " --pidfile \(ShellSyntax.quote($0))" } ?? ""))
        // Unredacted: for `eval`, and they may carry the control token on purpose.
        printUnredacted(lines.joined(separator: "\n"))
    }

    /// Polls `GET /_drydock/health` until it answers 200 (the server printed its exports after binding,
    /// so the first try normally succeeds).
    private func waitForHealth(_ baseURL: String) throws {
        let client = HTTPClient()
        let deadline = Date().addingTimeInterval(5)
        var last = "no answer"
        while Date() < deadline {
            do {
                let response = try client.send(ClientRequest(method: "GET", url: baseURL + "/_drydock/health", timeout: 2))
                if response.status == 200 { return }
                last = "status \(response.status)"
            } catch {
                last = "\(error)"
            }
            usleep(20_000)
        }
        throw ConfigurationFailure("the emulators started but \(baseURL)/_drydock/health did not answer 200 within 5 s (\(last))")
    }

    static func makeTemporaryDirectory() throws -> String {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((base + "/drydock-emulators.XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw ConfigurationFailure("cannot create a temporary sandbox in \(base): \(String(cString: strerror(errno)))")
        }
        return String(cString: made)
    }

    static func checkWritable(_ log: String) throws {
        let fd = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ConfigurationFailure("cannot open --log \(log): \(String(cString: strerror(errno)))") }
        close(fd)
    }

    static func writePidfile(_ path: String, pid: pid_t) throws {
        do {
            let fd = try POSIXFile.open(path, flags: O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, mode: 0o644)
            defer { close(fd) }
            try POSIXFile.writeAll(fd: fd, path: path, bytes: Array("\(pid)\n".utf8))
        } catch {
            throw ConfigurationFailure("cannot write --pidfile \(path): \(error) (the emulators run as pid \(pid))")
        }
    }

    /// This very binary, so the server is the same version as the command that started it.
    static func executablePath() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if count > 0 { return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        return CommandLine.arguments[0]
    }
}
