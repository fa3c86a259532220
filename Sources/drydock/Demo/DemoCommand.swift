import ArgumentParser
import DrydockCore

/// `drydock demo`: the main job for now — the whole token lifecycle against the embedded emulators.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the token lifecycle end to end against the embedded emulators (no real credentials).",
        discussion: """
            Starts every emulator on 127.0.0.1 (a free port), writes a sandbox secrets directory, and runs \
            the production code through first refresh, cache reuse, expiry with 401 → refresh → retry, a \
            flaky token endpoint, a malformed response, a 401 storm, revocation, and 16 concurrent \
            refreshers. Each step states what it expects and what happened; exit 0 only if every step \
            behaved as expected.
            """)

    func run() throws {
        try runReportingFailures {
            let demo = try LifecycleDemo(output: { printLine($0) })
            defer { demo.stop() }
            let passed = demo.run()
            if !passed { throw ExitCode(ExitStatus.checkFailed.rawValue) }
        }
    }
}
