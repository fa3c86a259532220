import Foundation

/// A child started with `posix_spawn`, its stdout and stderr on pipes the bench reads itself.
///
/// Foundation's `Process` (and `DrydockTesting.ChildProcess`, built on it) reads output only to the end,
/// and its spawn path adds a run-loop thread; the cold-start figure needs the first stdout line the moment
/// it is written, and the single-flight figure needs 64 children started back to back.
final class ChildSpawn {
    let pid: pid_t
    let label: String
    private var stdoutFD: Int32
    private var stderrFD: Int32
    private var stdoutBuffer: [UInt8] = []
    private var stderrBuffer: [UInt8] = []
    private var exitStatus: Int32?

    /// Starts `executable` (an absolute path) with `arguments` and exactly `environment`; stdin is
    /// `/dev/null`.
    init(_ executable: String, _ arguments: [String], environment: [String: String]) throws {
        label = ([executable] + arguments).joined(separator: " ")
        let out = try Self.pipe()
        let err = try Self.pipe()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        // dup2 clears close-on-exec on the target; every other pipe end stays close-on-exec.
        posix_spawn_file_actions_adddup2(&actions, out.write, 1)
        posix_spawn_file_actions_adddup2(&actions, err.write, 2)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let code = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        close(out.write)
        close(err.write)
        guard code == 0 else {
            close(out.read)
            close(err.read)
            throw BenchError("cannot start \(executable): \(String(cString: strerror(code)))")
        }
        self.pid = pid
        stdoutFD = out.read
        stderrFD = err.read
    }

    deinit {
        if exitStatus == nil {
            kill(pid, SIGKILL)
            _ = reap()
        }
        if stdoutFD >= 0 { close(stdoutFD) }
        if stderrFD >= 0 { close(stderrFD) }
    }

    /// The next stdout line (without the newline), or nil at end of file. Throws once `timeout` seconds
    /// pass without a complete line.
    func readLine(timeout: Double) throws -> String? {
        let deadline = Monotonic.now() + UInt64(timeout * 1e9)
        while true {
            if let newline = stdoutBuffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: stdoutBuffer[..<newline], as: UTF8.self)
                stdoutBuffer.removeSubrange(...newline)
                return line
            }
            guard stdoutFD >= 0 else { return nil }
            let now = Monotonic.now()
            guard now < deadline else { throw BenchError("\(label): no stdout line within \(timeout) s\(stderrHint)") }
            var poller = pollfd(fd: stdoutFD, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(max(1, (deadline - now) / 1_000_000)))
            if ready < 0 && errno != EINTR { throw BenchError("\(label): poll failed: \(String(cString: strerror(errno)))") }
            if ready > 0 { Self.readChunk(&stdoutFD, into: &stdoutBuffer) }
        }
    }

    /// Reads both streams to end of file, then reaps the child.
    func finish() -> (status: Int32, stdout: String, stderr: String) {
        while stdoutFD >= 0 || stderrFD >= 0 {
            var pollers = [stdoutFD, stderrFD].filter { $0 >= 0 }.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            if poll(&pollers, nfds_t(pollers.count), -1) < 0 && errno != EINTR { break }
            for poller in pollers where poller.revents != 0 {
                if poller.fd == stdoutFD { Self.readChunk(&stdoutFD, into: &stdoutBuffer) }
                else { Self.readChunk(&stderrFD, into: &stderrBuffer) }
            }
        }
        let status = reap()
        return (status, String(decoding: stdoutBuffer, as: UTF8.self), String(decoding: stderrBuffer, as: UTF8.self))
    }

    /// Sends `signal`, then reads to end of file and reaps.
    @discardableResult
    func stop(_ signal: Int32 = SIGTERM) -> (status: Int32, stdout: String, stderr: String) {
        kill(pid, signal)
        return finish()
    }

    /// Whatever the child has written to stderr so far, for error messages (non-blocking).
    private var stderrHint: String {
        if stderrFD >= 0 {
            var poller = pollfd(fd: stderrFD, events: Int16(POLLIN), revents: 0)
            while poll(&poller, 1, 0) > 0 && stderrFD >= 0 { Self.readChunk(&stderrFD, into: &stderrBuffer) }
        }
        let text = String(decoding: stderrBuffer, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "" : " (stderr: \(text))"
    }

    /// Exit status, or 128 + signal number for a child killed by a signal.
    private func reap() -> Int32 {
        if let exitStatus { return exitStatus }
        var raw: Int32 = 0
        while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
        let signal = raw & 0x7f
        let status = signal == 0 ? (raw >> 8) & 0xff : 128 + signal
        exitStatus = status
        return status
    }

    private static func readChunk(_ fd: inout Int32, into buffer: inout [UInt8]) {
        var chunk = [UInt8](repeating: 0, count: 16_384)
        let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count > 0 {
            buffer.append(contentsOf: chunk[..<count])
        } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
            close(fd)
            fd = -1
        }
    }

    /// A pipe with both ends close-on-exec. Glibc's `pipe2` is not imported into Swift, so the flag is set
    /// afterwards; the bench spawns from one thread only, so no other spawn can inherit the ends meanwhile.
    private static func pipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        guard Glibc.pipe(&fds) == 0 else {
            throw BenchError("pipe failed: \(String(cString: strerror(errno)))")
        }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return (fds[0], fds[1])
    }
}
