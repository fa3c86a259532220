import DrydockTesting
import Foundation
import Testing

/// `drydock exec` at a terminal: Ctrl-C goes to the whole foreground process group, so the child gets it
/// from the terminal and Drydock must neither die of it nor pass it on a second time.
@Suite("drydock exec at a terminal", .timeLimit(.minutes(1)))
struct ExecTerminalTests {
    /// Runs `drydock exec --quiet -- sh -c SCRIPT` on a new pseudo-terminal (Python's `pty.fork`, which
    /// makes it the controlling terminal), types Ctrl-C once "ready" appears, then creates FLAG so the
    /// script ends, and prints what the terminal showed and `exit N`.
    static let driver = #"""
        import os, pty, select, sys, time
        drydock, flag, script = sys.argv[1], sys.argv[2], sys.argv[3]
        pid, fd = pty.fork()
        if pid == 0:
            os.environ["FLAG"] = flag
            os.execv(drydock, [drydock, "exec", "--quiet", "--", "sh", "-c", script])
        out = b""
        def read_some(timeout):
            global out
            if not select.select([fd], [], [], timeout)[0]:
                return True
            try:
                data = os.read(fd, 4096)
            except OSError:
                return False
            out += data
            return bool(data)
        deadline = time.time() + 20
        while b"ready" not in out and time.time() < deadline and read_some(0.5):
            pass
        os.write(fd, b"\x03")
        time.sleep(0.3)
        open(flag, "w").close()
        while time.time() < deadline and read_some(0.5):
            pass
        _, status = os.waitpid(pid, 0)
        print(out.decode(errors="replace").replace("\r", ""))
        print("exit", os.waitstatus_to_exitcode(status))
        """#

    @Test("Ctrl-C reaches the child once; drydock survives it and exits with the child's status")
    func controlC() throws {
        let scratch = try TemporaryDirectory("exec-tty")
        defer { scratch.remove() }
        let script = #"n=0; trap 'n=$((n+1))' INT; echo ready; while [ ! -e "$FLAG" ]; do sleep 0.05; done; echo "interrupts=$n"; exit 5"#
        let result = try ChildProcess.run(
            "/usr/bin/env", ["python3", "-c", Self.driver, Drydock.path, scratch.appending("flag"), script],
            environment: ["PATH": Shell.path, "HOME": scratch.path, "TMPDIR": scratch.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("interrupts=1\n"), "\(result.stdout)")
        #expect(result.stdout.hasSuffix("exit 5\n"), "drydock exited with the child's status, not 130: \(result.stdout)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == ["flag"], "the temporary HOME is gone")
    }
}
