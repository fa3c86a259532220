import DrydockCore
import Foundation

/// Starts a server process that prints its `export` lines and then lets go of its output (what
/// `drydock emulators serve --detached-log FILE` does), detached in a session of its own, and waits for
/// those lines: the mechanics behind `drydock emulators start`.
public enum DetachedServer {
    /// The server's program, argv and environment.
    public struct Launch: Sendable {
        public var executable: String
        public var arguments: [String]
        public var environment: [String: String]

        public init(executable: String, arguments: [String], environment: [String: String]) {
            self.executable = executable
            self.arguments = arguments
            self.environment = environment
        }
    }

    /// A server that printed its exports and is running on its own.
    public struct Started: Sendable {
        public let pid: pid_t
        /// The `export NAME='value'` lines it printed, in order.
        public let exportLines: [String]
        /// `http://127.0.0.1:PORT`, from its `# drydock emulators on URL …` line.
        public let baseURL: String
        /// What it wrote on stderr before letting go of it (warnings), possibly empty.
        public let messages: String
    }

    /// The server did not get as far as printing its exports.
    public struct Failure: Error, CustomStringConvertible {
        /// Why, in one sentence.
        public let reason: String
        /// What it wrote on stderr (its own error message).
        public let output: String
        /// The exit status to pass on: the server's own (64 usage, 78 configuration…), or 70.
        public let exitStatus: Int32
        public var description: String { reason }
    }

    /// The line `serve` ends its exports with; the URL follows it.
    static let readyPrefix = "# drydock emulators on "

    /// Starts `launch` with stdin from /dev/null and stdout and stderr on pipes, in a new session, and
    /// reads both pipes until the server closes them (having printed its exports) or exits, at most
    /// `timeout` seconds. A server that is still silent then is stopped with SIGKILL.
    public static func start(_ launch: Launch, timeout: Double) throws -> Started {
        let input = open("/dev/null", O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw failure("cannot open /dev/null: \(String(cString: strerror(errno)))") }
        defer { close(input) }
        let out = try makePipe(), err = try makePipe()
        let pid: pid_t
        do {
            pid = try Spawner.spawn(SpawnRequest(
                executable: launch.executable, arguments: launch.arguments, environment: launch.environment,
                descriptors: [0: input, 1: out.write, 2: err.write], newSession: true))
        } catch {
            [out.read, out.write, err.read, err.write].forEach { close($0) }
            throw failure("\(error)")
        }
        close(out.write)
        close(err.write)
        defer {
            close(out.read)
            close(err.read)
        }

        let (streams, closed) = PipeReader.readUntilClosed([out.read, err.read], timeout: timeout)
        let stdout = String(decoding: streams[0], as: UTF8.self)
        let stderr = String(decoding: streams[1], as: UTF8.self)
        let lines = stdout.split(separator: "\n").map(String.init)
        if let ready = lines.first(where: { $0.hasPrefix(readyPrefix) }) {
            let url = ready.dropFirst(readyPrefix.count).prefix { $0 != " " }
            return Started(pid: pid, exportLines: lines.filter { $0.hasPrefix("export ") }, baseURL: String(url), messages: stderr)
        }

        // Not ready. Both streams closed without the exports: the server is on its way out (its
        // descriptors close before its exit status is ready), so wait for it — a little, in case it
        // lingers. Still silent when the time ran out: stop it.
        if closed, let status = reap(pid, within: 10) {
            let exit = ChildExit(waitStatus: status)
            throw Failure(
                reason: "the emulators \(exit) before answering", output: stderr,
                exitStatus: exit.code.flatMap { $0 == 0 ? nil : $0 } ?? 70)
        }
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        throw Failure(
            reason: closed ? "the emulators closed their output without answering; stopped them"
                : "the emulators did not start within \(Int(timeout)) s; stopped them",
            output: stderr, exitStatus: 70)
    }

    /// `pid`'s wait status once it has exited, polling for at most `seconds`; nil if it is still running.
    private static func reap(_ pid: pid_t, within seconds: Double) -> Int32? {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        while true {
            var status: Int32 = 0
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { return status }
            if reaped == -1 && errno != EINTR { return nil }
            guard ContinuousClock.now < deadline else { return nil }
            usleep(2_000)
        }
    }

    private static func makePipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        // pipe2(O_CLOEXEC) is not imported (GNU); the window before fcntl only matters to a process that
        // spawns from several threads at once, which `start` does not.
        guard pipe(&fds) == 0 else { throw failure("cannot create a pipe: \(String(cString: strerror(errno)))") }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return (fds[0], fds[1])
    }

    private static func failure(_ reason: String) -> Failure {
        Failure(reason: reason, output: "", exitStatus: 70)
    }
}
