import DrydockIsolation
import DrydockTesting
import Foundation
import Synchronization

/// Runs shell scripts in an isolated run with the test host table, a fake trust bundle, and the command's
/// output in a file.
struct IsolationHarness {
    /// The marker the fake trust bundle holds, so a test can tell it from the system's.
    static let bundleText = "# drydock test trust bundle\n-----BEGIN CERTIFICATE-----\nTEST\n-----END CERTIFICATE-----\n"

    struct Outcome {
        let termination: IsolatedProcess.Termination
        let output: String
        let blocked: [String]
        let process: IsolatedProcess
    }

    let directory: TemporaryDirectory
    let bundlePath: String
    var namespaces: NamespacePolicy = .automatic
    var listeners: [IsolatedListener] = IsolatedListener.standard
    var onBlockedName: @Sendable (String) -> Void = { _ in }

    init() throws {
        directory = try TemporaryDirectory("isolation")
        bundlePath = directory.appending("ca-bundle.pem")
        try Data(Self.bundleText.utf8).write(to: URL(fileURLWithPath: bundlePath))
    }

    var configuration: IsolationConfiguration {
        var configuration = IsolationConfiguration(
            hosts: DNSMessages.hosts, trustBundlePath: bundlePath, scratchDirectory: directory.path, onBlockedName: onBlockedName)
        configuration.namespaces = namespaces
        configuration.listeners = listeners
        return configuration
    }

    /// `/bin/sh -c script` inside, stdout and stderr into one file; the PATH of this process.
    func run(_ script: String, startServices: (IsolatedSockets) throws -> Void = { _ in }) throws -> Outcome {
        let outputPath = directory.appending("output-\(UUID().uuidString)")
        let fd = open(outputPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        defer { close(fd) }
        let environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "LC_ALL": "C"]
        let process = try IsolatedRun(configuration: configuration).launch(
            command: ["/bin/sh", "-c", script], environment: environment, standardIO: StandardIO(output: fd, error: fd),
            startServices: startServices)
        let termination = process.wait()
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        return Outcome(termination: termination, output: output, blocked: process.blockedNames, process: process)
    }

    func remove() { directory.remove() }
}

/// Whether this machine lets us create the namespaces (root, or unprivileged user namespaces): probed
/// once by isolating `true`.
enum IsolationSupport {
    static let refusal: String? = {
        do {
            let harness = try IsolationHarness()
            defer { harness.remove() }
            let outcome = try harness.run("true")
            return outcome.termination == .exited(0) ? nil : "isolated `true` \(outcome.termination)"
        } catch {
            FileHandle.standardError.write(Data("IsolationTests: skipping the namespace tests: \(error)\n".utf8))
            return "\(error)"
        }
    }()

    static var available: Bool { refusal == nil }
}

/// Collects values from other threads.
final class Collected<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])
    func append(_ value: Value) { values.withLock { $0.append(value) } }
    var all: [Value] { values.withLock { $0 } }
}
