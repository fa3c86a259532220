import Foundation

/// The built executables of this package (drydock, drydock-crash-writer), found next to the running
/// test binary, and a way to run them the way a user meets them: argv, environment, exit code,
/// stdout and stderr.
public enum BuiltProducts {
    /// The directory holding the build products (`.build/debug`).
    public static var directory: String {
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        // `swift test` runs `.build/debug/DrydockPackageTests.xctest`; climb out of any bundle.
        while url.pathComponents.count > 1 {
            url.deleteLastPathComponent()
            if !url.path.hasSuffix(".xctest") && FileManager.default.fileExists(atPath: url.path + "/drydock") {
                return url.path
            }
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
    }

    public static func path(_ name: String) -> String { directory + "/" + name }
}

/// The result of running a child process to completion.
public struct ProcessResult: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
}

/// Runs executables as child processes. Every run's stdout and stderr are also appended to
/// `$DRYDOCK_TEST_LOG_DIR` (when set) so the test command can scan all output for leaked secrets.
public enum ChildProcess {
    /// Starts `executable` with `arguments` and exactly `environment`.
    public static func start(
        _ executable: String, _ arguments: [String], environment: [String: String]
    ) throws -> RunningProcess {
        let (process, out, err) = configure(executable, arguments, environment: environment)
        try process.run()
        return RunningProcess(process: process, stdout: out, stderr: err, label: ([executable] + arguments).joined(separator: " "))
    }

    /// A process set up to run `executable` with exactly `environment`, stdin from /dev/null, and stdout
    /// and stderr into the returned pipes; not yet started.
    public static func configure(
        _ executable: String, _ arguments: [String], environment: [String: String]
    ) -> (process: Process, stdout: Pipe, stderr: Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        return (process, out, err)
    }

    /// Runs to completion and returns the result.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]
    ) throws -> ProcessResult {
        try start(executable, arguments, environment: environment).wait()
    }

    /// Appends a run's output to the suite's log directory, if one is configured.
    static func record(label: String, result: ProcessResult) {
        guard let dir = ProcessInfo.processInfo.environment["DRYDOCK_TEST_LOG_DIR"], !dir.isEmpty else { return }
        let name = "\(dir)/run-\(getpid())-\(UUID().uuidString.prefix(8)).log"
        let text = "$ \(label)\n[exit \(result.status)]\n--- stdout\n\(result.stdout)\n--- stderr\n\(result.stderr)\n"
        FileManager.default.createFile(atPath: name, contents: Data(text.utf8))
    }
}

/// A started child process whose output is drained concurrently (so a chatty child never blocks).
public final class RunningProcess: @unchecked Sendable {
    public let process: Process
    private let label: String
    private let group = DispatchGroup()
    private let output = OutputBuffers()

    /// Collected stream bytes, guarded by a lock (filled from two reader threads).
    private final class OutputBuffers: @unchecked Sendable {
        let lock = NSLock()
        var streams: [Int: Data] = [:]
        func append(_ bytes: ArraySlice<UInt8>, stream: Int) { lock.withLock { streams[stream, default: Data()].append(contentsOf: bytes) } }
        func data(_ stream: Int) -> Data { lock.withLock { streams[stream] ?? Data() } }
    }

    init(process: Process, stdout: Pipe, stderr: Pipe, label: String) {
        self.process = process
        self.label = label
        drain(stdout.fileHandleForReading, stream: 1)
        drain(stderr.fileHandleForReading, stream: 2)
    }

    private func drain(_ handle: FileHandle, stream: Int) {
        group.enter()
        let output = self.output
        let group = self.group
        // A thread of its own, not a Dispatch worker: dozens of children each blocking two workers in
        // read(2) exhausted Dispatch's pool, which starved an in-process server's deferred answers
        // (latency faults) until the children gave up.
        let thread = Thread {
            Self.readToEnd(handle.fileDescriptor) { output.append($0, stream: stream) }
            group.leave()
        }
        thread.stackSize = 256 * 1024
        thread.start()
    }

    /// Everything until end of file, chunk by chunk (so a wait that gives up still has what came). Not
    /// `FileHandle.readDataToEndOfFile()`: Foundation's traps (a `try!`) when a signal interrupts its
    /// read, which took a whole parallel test run down once.
    private static func readToEnd(_ fd: Int32, into sink: (ArraySlice<UInt8>) -> Void) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                sink(buffer[0..<count])
            } else if count == 0 || errno != EINTR {
                return
            }
        }
    }

    public var pid: Int32 { process.processIdentifier }

    /// What the child has written to stderr so far (to wait for a line it prints).
    public var stderrSoFar: String { String(decoding: output.data(2), as: UTF8.self) }

    /// Waits for exit and the end of both streams, each wait bounded: a child still running after
    /// `timeout` seconds is killed (SIGKILL; status 137), and streams a background grandchild keeps open
    /// are given up 10 s after the exit, with a note on stderr — a stuck child fails its test instead of
    /// hanging the suite (Swift Testing's time limit cannot interrupt a blocking wait).
    public func wait(timeout: Double = 120) -> ProcessResult {
        let deadline = Date(timeIntervalSinceNow: timeout)
        while process.isRunning && Date() < deadline { usleep(5_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        var note = ""
        if group.wait(timeout: .now() + 10) == .timedOut {
            note = "\n[ChildProcess: stdout/stderr still open 10 s after the exit: a background process holds them]\n"
        }
        let result = ProcessResult(
            status: process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus,
            stdout: String(decoding: output.data(1), as: UTF8.self),
            stderr: String(decoding: output.data(2), as: UTF8.self) + note)
        ChildProcess.record(label: label, result: result)
        return result
    }

    /// Sends `signal` (e.g. SIGTERM, SIGKILL).
    public func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }
}
