import DrydockCore
import DrydockTesting
import Foundation
import Testing

/// `drydock emulators serve --data-dir` refuses an unsafe data directory as a user meets it: exit 78
/// (configuration) and one line naming the path, what is wrong and the fix, before serving anything.
@Suite("drydock emulators serve --data-dir safety", .timeLimit(.minutes(1)))
struct DataDirectorySafetyCLITests {
    func serve(dataDirectory: String, home: String) throws -> ProcessResult {
        try ChildProcess.run(
            Drydock.path, ["emulators", "serve", "--port", "0", "--quiet", "--data-dir", dataDirectory],
            environment: ["PATH": ServeCommandTests.path, "HOME": home])
    }

    @Test func aLinkedDataDirectoryIsRefusedWithExit78() throws {
        let scratch = try TemporaryDirectory("cli-data-link")
        defer { scratch.remove() }
        let real = scratch.appending("real")
        let link = scratch.appending("data")
        try FileManager.default.createDirectory(atPath: real, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: real)
        let result = try serve(dataDirectory: link, home: scratch.path)
        #expect(result.status == ExitStatus.configuration.rawValue)
        #expect(result.stdout.isEmpty, "nothing was served: \(result.stdout)")
        #expect(result.stderr == "drydock: data directory \(link): is a symbolic link (to \(real)); a data directory must be a real directory, as a database's is, so drydock never writes through a link. Fix: pass the directory it points to: --data-dir '\(real)'\n")
    }

    @Test func aGroupWritableDataDirectoryIsRefusedWithExit78() throws {
        let scratch = try TemporaryDirectory("cli-data-mode")
        defer { scratch.remove() }
        let data = scratch.appending("data")
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: false)
        chmod(data, 0o775)
        let result = try serve(dataDirectory: data, home: scratch.path)
        #expect(result.status == 78)
        #expect(result.stderr == "drydock: data directory \(data): is writable by group or others (mode 0775), so another user could plant files or links in it. Fix: chmod go-w '\(data)'\n")
    }

    @Test func aLinkedLogInsideIsRefusedWithExit78AndNothingWrittenThroughIt() throws {
        let scratch = try TemporaryDirectory("cli-data-wal")
        defer { scratch.remove() }
        let data = scratch.appending("data")
        let outside = scratch.appending("outside")
        try "precious\n".write(toFile: outside, atomically: false, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        let log = data + "/generation-000001.wal"
        try FileManager.default.createSymbolicLink(atPath: log, withDestinationPath: outside)
        let result = try serve(dataDirectory: data, home: scratch.path)
        #expect(result.status == 78)
        #expect(result.stderr.hasPrefix("drydock: data directory \(log): is a symbolic link (to \(outside)); drydock never follows a link inside a data directory, so it will not start. Fix: "))
        #expect(try String(contentsOfFile: outside, encoding: .utf8) == "precious\n")
    }
}
