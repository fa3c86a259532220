import DrydockCore
import Foundation

/// What `drydock emulators serve` does once its `export` lines are out, and on the way out, for shells
/// (`$(…)`) and for `drydock emulators start`.
extension ServeCommand {
    /// Lets go of standard output once the exports are printed, so a `$(drydock emulators serve …)` or a
    /// pipe reading them sees end of file instead of waiting for the server to exit: stdout becomes
    /// /dev/null. Under `emulators start` (`--detached-log FILE`), stdout and stderr both go to FILE
    /// (appended, created 0600), and `start`, which reads both through pipes until then, sees both close.
    func releaseStandardOutput() throws {
        let target = detachedLog ?? "/dev/null"
        let fd = open(target, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw ConfigurationFailure("cannot open the log file \(target): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        dup2(fd, STDOUT_FILENO)
        if detachedLog != nil { dup2(fd, STDERR_FILENO) }
    }

    /// Removes the `--sandbox` directory when `emulators start` created it for this server
    /// (`--remove-sandbox-on-exit`), after the server has stopped.
    func removeSandboxIfAsked() {
        guard removeSandboxOnExit, let sandbox else { return }
        do {
            try FileManager.default.removeItem(atPath: sandbox)
        } catch {
            printError("drydock emulators: could not remove the sandbox \(sandbox): \(error)")
        }
    }
}
