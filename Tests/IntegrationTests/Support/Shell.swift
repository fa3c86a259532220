import DrydockHarness
import DrydockTesting
import Foundation

/// Shell scripts run the way a user types them, with `$DRYDOCK` naming the built binary.
enum Shell {
    static let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"

    /// Runs `script` with `shell -c` in an environment of PATH, HOME, `DRYDOCK` and `extra` only.
    static func run(_ script: String, home: String, extra: [String: String] = [:], shell: String = "/bin/sh") throws -> ProcessResult {
        var environment = ["PATH": path, "HOME": home, "DRYDOCK": Drydock.path]
        environment.merge(extra) { $1 }
        return try ChildProcess.run(shell, ["-c", script], environment: environment)
    }

    /// `name=value` lines of `output` as a dictionary (later lines win).
    static func values(_ output: String) -> [String: String] {
        var values: [String: String] = [:]
        for line in output.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "="), !line.hasPrefix("export ") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return values
    }

    /// Waits up to `timeout` seconds for `pid` (not a child of ours) to be gone.
    static func waitUntilGone(_ pid: pid_t, timeout: Double = 10) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        while ProcessInspection.isRunning(pid) {
            guard Date() < deadline else { return false }
            usleep(10_000)
        }
        return true
    }
}
