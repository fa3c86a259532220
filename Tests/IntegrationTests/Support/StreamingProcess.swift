import DrydockTesting
import Foundation

/// A child process whose stdout and stderr are read as they arrive, so a test can wait for what a
/// long-running child (a server) prints before it exits. `RunningProcess` only hands output over at exit.
///
/// Like `ChildProcess`, the whole output is appended to `$DRYDOCK_TEST_LOG_DIR` when the process has
/// ended, for the suite's secret scan.
final class StreamingProcess: @unchecked Sendable {
    /// How a streamed child ended.
    struct Result: Sendable {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    private let process: Process
    private let label: String
    /// Guards everything below; broadcast on every chunk, end of stream and exit.
    private let condition = NSCondition()
    private var buffers: [Int32: Data] = [1: Data(), 2: Data()]
    private var openStreams = 2
    private var exited = false
    private var recorded = false

    init(_ executable: String, _ arguments: [String], environment: [String: String]) throws {
        label = ([executable] + arguments).joined(separator: " ")
        let (process, out, err) = ChildProcess.configure(executable, arguments, environment: environment)
        self.process = process
        process.terminationHandler = { [condition] _ in
            condition.lock()
            self.exited = true
            condition.broadcast()
            condition.unlock()
        }
        try process.run()
        read(out.fileHandleForReading, stream: 1)
        read(err.fileHandleForReading, stream: 2)
    }

    var pid: Int32 { process.processIdentifier }

    /// Reads `handle` on its own thread with plain `read(2)` until end of file.
    private func read(_ handle: FileHandle, stream: Int32) {
        let fd = handle.fileDescriptor
        let thread = Thread { [condition] in
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                condition.lock()
                if count > 0 {
                    self.buffers[stream]!.append(contentsOf: chunk[0..<count])
                } else {
                    self.openStreams -= 1
                }
                condition.broadcast()
                condition.unlock()
                if count <= 0 {
                    try? handle.close()
                    return
                }
            }
        }
        thread.start()
    }

    /// What the child has written to `stream` (1 stdout, 2 stderr) so far.
    func output(_ stream: Int32) -> String {
        condition.lock()
        defer { condition.unlock() }
        return String(decoding: buffers[stream]!, as: UTF8.self)
    }

    /// Waits until `predicate` holds for what `stream` holds so far, the stream ends, or `timeout`
    /// seconds pass. Returns whether the predicate held.
    func waitForOutput(_ stream: Int32 = 1, timeout: Double, until predicate: (String) -> Bool) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        defer { condition.unlock() }
        while true {
            if predicate(String(decoding: buffers[stream]!, as: UTF8.self)) { return true }
            if openStreams == 0 || !condition.wait(until: deadline) {
                return predicate(String(decoding: buffers[stream]!, as: UTF8.self))
            }
        }
    }

    /// Sends `signal` (SIGTERM, SIGKILL, …) if the child is still running.
    func signal(_ signal: Int32) {
        if process.isRunning { kill(process.processIdentifier, signal) }
    }

    /// Waits up to `timeout` seconds for the child to exit and both streams to end; nil when it did not.
    func wait(timeout: Double) -> Result? {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        while !(exited && openStreams == 0) {
            if !condition.wait(until: deadline) {
                condition.unlock()
                return nil
            }
        }
        let stdout = String(decoding: buffers[1]!, as: UTF8.self)
        let stderr = String(decoding: buffers[2]!, as: UTF8.self)
        let alreadyRecorded = recorded
        recorded = true
        condition.unlock()
        let status = process.terminationReason == .uncaughtSignal
            ? 128 + process.terminationStatus : process.terminationStatus
        let result = Result(status: status, stdout: stdout, stderr: stderr)
        if !alreadyRecorded { Self.record(label: label, result: result) }
        return result
    }

    /// Kills a child still running (a test that failed half-way) and records its output.
    func terminate() {
        signal(SIGKILL)
        _ = wait(timeout: 10)
    }

    /// The same log format as `ChildProcess`, so the secret scan reads every child's output.
    private static func record(label: String, result: Result) {
        guard let dir = ProcessInfo.processInfo.environment["DRYDOCK_TEST_LOG_DIR"], !dir.isEmpty else { return }
        let name = "\(dir)/run-\(getpid())-stream-\(UUID().uuidString.prefix(8)).log"
        let text = "$ \(label)\n[exit \(result.status)]\n--- stdout\n\(result.stdout)\n--- stderr\n\(result.stderr)\n"
        _ = FileManager.default.createFile(atPath: name, contents: Data(text.utf8))
    }
}
