import DrydockHarness
import Foundation

/// One child process with stdout and stderr captured in files (no pipe to drain, so no deadlock), killed
/// when it outlives its deadline.
struct ChildRun: Sendable {
    let exit: ChildExit
    let stdout: String
    let stderr: String
    let seconds: Double
    let timedOut: Bool

    static func run(_ command: [String], environment: [String: String], scratch: String, timeout: Double) -> ChildRun {
        let id = UUID().uuidString
        let outPath = scratch + "/out-" + id, errPath = scratch + "/err-" + id
        let out = open(outPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        let err = open(errPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        let devNull = open("/dev/null", O_RDONLY | O_CLOEXEC)
        defer {
            close(out); close(err); close(devNull)
            unlink(outPath); unlink(errPath)
        }
        let started = ContinuousClock.now
        let pid: pid_t
        do {
            pid = try Spawner.spawn(SpawnRequest(
                executable: command[0], arguments: command, environment: environment, descriptors: [0: devNull, 1: out, 2: err]))
        } catch {
            return ChildRun(exit: .exited(error.shellStatus), stdout: "", stderr: "\(error)\n", seconds: 0, timedOut: false)
        }
        var status: Int32 = 0
        var timedOut = false
        let deadline = started + .milliseconds(Int64(timeout * 1000))
        while true {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid || (reaped < 0 && errno != EINTR) { break }
            if ContinuousClock.now >= deadline, !timedOut {
                timedOut = true
                kill(pid, SIGKILL)
            }
            usleep(2_000)
        }
        let elapsed = ContinuousClock.now - started
        func text(_ path: String) -> String {
            String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
        }
        return ChildRun(
            exit: ChildExit(waitStatus: status), stdout: text(outPath), stderr: text(errPath),
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, timedOut: timedOut)
    }
}
