import DrydockHarness
import DrydockTesting
import Foundation
import Testing

/// The README's shell examples that start emulators, run as a user would paste them (with the built
/// binary for `.build/debug/drydock` and scratch paths for `/tmp/dd-*`): each must run to its end — an
/// `eval "$(…)"` that never returns fails here — and leave no emulators running.
@Suite("README shell examples", .timeLimit(.minutes(1)))
struct ReadmeShellExamplesTests {
    static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("README.md").path

    /// Every ```sh block of the README that starts emulators.
    static func examples() throws -> [String] {
        let text = try String(contentsOfFile: readme, encoding: .utf8)
        var blocks: [String] = []
        var current: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line == "```sh" {
                current = []
            } else if let lines = current, line == "```" {
                blocks.append(lines.joined(separator: "\n"))
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks.filter { $0.contains("drydock emulators start") || $0.contains("drydock emulators serve") }
    }

    @Test("the README has examples that start emulators, and none of them backgrounds serve inside $(…)")
    func found() throws {
        let examples = try Self.examples()
        #expect(examples.count >= 3)
        for example in examples { #expect(!example.contains("emulators serve"), "use start: \(example)") }
    }

    @Test("each example runs to its end and stops its emulators", arguments: try examples().indices)
    func example(_ index: Int) throws {
        let scratch = try TemporaryDirectory("readme")
        defer { scratch.remove() }
        let script = try Self.examples()[index]
            .split(separator: "\n").filter { !$0.hasPrefix("swift build") }.joined(separator: "\n")
            .replacingOccurrences(of: ".build/debug/drydock", with: "\"$DRYDOCK\"")
            .replacingOccurrences(of: "/tmp/dd-", with: scratch.path + "/dd-")
        let result = try Shell.run(script + "\nprintf '\\npid=%s\\n' \"$DRYDOCK_EMULATORS_PID\"", home: scratch.path)
        #expect(result.status == 0, "\(script)\n--- stderr\n\(result.stderr)")
        #expect(result.stderr.contains("drydock emulators: stopped pid"))
        let pid = try #require(Shell.values(result.stdout)["pid"].flatMap { pid_t($0) })
        #expect(!ProcessInspection.isRunning(pid))
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/dd-secrets"), "start created it, stop removed it")
    }
}
