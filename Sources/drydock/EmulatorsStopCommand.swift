import ArgumentParser
import DrydockCore
import DrydockHarness
import Foundation

/// `drydock emulators stop [--pidfile F]`: stops the emulators `drydock emulators start` started — the
/// process named by `--pidfile` or `DRYDOCK_EMULATORS_PID` — with SIGTERM, and waits until it has exited
/// (having removed the sandbox `start` created, unless that was kept).
struct EmulatorsStopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop",
        abstract: "Stop the emulators `drydock emulators start` started.",
        discussion: """
            The process is the one in --pidfile FILE, else $DRYDOCK_EMULATORS_PID. Exit 0 once it has exited; \
            1 if it is not running; 78 if that process is not `drydock emulators serve`, or it is still \
            running after --timeout seconds.
            """)

    @Option(help: ArgumentHelp("Read the process id from FILE (written by `start --pidfile FILE`); removed once stopped.", valueName: "FILE"))
    var pidfile: String?

    @Option(help: "Seconds to wait for the emulators to exit.")
    var timeout: Double = 10

    func validate() throws {
        guard timeout > 0, timeout <= 3600 else { throw ValidationError("--timeout must be more than 0 and at most 3600 seconds, got \(timeout)") }
        if pidfile == nil, ProcessInfo.processInfo.environment["DRYDOCK_EMULATORS_PID"] == nil {
            throw ValidationError(
                "nothing names the emulators to stop: DRYDOCK_EMULATORS_PID is not set (eval the output of "
                    + "`drydock emulators start`) and no --pidfile was given")
        }
    }

    func run() throws {
        try runReportingFailures { try stop() }
    }

    private func stop() throws {
        let (pid, source) = try target()
        guard ProcessInspection.isRunning(pid) else {
            if let pidfile { unlink(pidfile) }
            printError("drydock emulators stop: no emulators running as pid \(pid) (from \(source)); already stopped?")
            throw ExitCode(ExitStatus.checkFailed.rawValue)
        }
        #if os(Linux)
        let arguments = ProcessInspection.arguments(of: pid) ?? []
        guard arguments.count >= 3, arguments[1] == "emulators", arguments[2] == "serve" else {
            throw ConfigurationFailure(
                "pid \(pid) (from \(source)) is not `drydock emulators serve` but `\(arguments.prefix(3).joined(separator: " "))`; "
                    + "not stopping it")
        }
        #endif
        guard kill(pid, SIGTERM) == 0 else {
            throw ConfigurationFailure("cannot signal pid \(pid) (from \(source)): \(String(cString: strerror(errno)))")
        }
        let deadline = Date().addingTimeInterval(timeout)
        while ProcessInspection.isRunning(pid) {
            guard Date() < deadline else {
                throw ConfigurationFailure("the emulators (pid \(pid)) are still running \(timeout) s after SIGTERM; `kill -KILL \(pid)` ends them")
            }
            usleep(10_000)
        }
        if let pidfile { unlink(pidfile) }
        printError("drydock emulators: stopped pid \(pid)")
    }

    /// The process id and where it came from (for messages).
    private func target() throws -> (pid_t, String) {
        if let pidfile {
            guard let bytes = try? Data(contentsOf: URL(fileURLWithPath: pidfile)), bytes.count < 64 else {
                throw ConfigurationFailure("cannot read --pidfile \(pidfile)")
            }
            let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return (try Self.pid(text, source: "--pidfile \(pidfile)"), "--pidfile \(pidfile)")
        }
        let text = ProcessInfo.processInfo.environment["DRYDOCK_EMULATORS_PID"] ?? ""
        return (try Self.pid(text, source: "DRYDOCK_EMULATORS_PID"), "DRYDOCK_EMULATORS_PID")
    }

    static func pid(_ text: String, source: String) throws -> pid_t {
        guard let pid = pid_t(text), pid > 1 else {
            throw ConfigurationFailure("\(source) holds \"\(text.prefix(20))\", not a process id")
        }
        return pid
    }
}
