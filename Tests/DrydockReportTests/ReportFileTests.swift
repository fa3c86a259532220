import DrydockCore
import DrydockReport
import DrydockTesting
import Foundation
import Testing

/// The output file: never half-written, never overwritten without --force, the previous report
/// byte-identical after any failure, no temporary file left behind.
@Suite("report file")
struct ReportFileTests {
    static let previous = Data("previous report".utf8)

    static func inDirectory(_ body: (String, String) throws -> Void) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path + "/report.xlsx"
        #expect(FileManager.default.createFile(atPath: path, contents: previous))
        try body(dir.path, path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["report.xlsx"], "a temporary file was left")
    }

    struct Boom: Error {}

    @Test func aFailingProducerLeavesThePreviousFile() throws {
        try Self.inDirectory { _, path in
            #expect(throws: Boom.self) {
                try ReportFile(path: path, overwrite: true).write { temporary in
                    try Data("half".utf8).write(to: URL(fileURLWithPath: temporary))
                    throw Boom()
                }
            }
            #expect(FileManager.default.contents(atPath: path) == Self.previous)
        }
    }

    @Test func refusesToOverwriteWithoutForce() throws {
        try Self.inDirectory { _, path in
            var produced = false
            #expect(throws: ReportFileError.self) { try ReportFile(path: path).write { _ in produced = true } }
            #expect(!produced, "the report was produced before the refusal")
            #expect(FileManager.default.contents(atPath: path) == Self.previous)
        }
    }

    @Test func replacesWithForceAndSetsTheMode() throws {
        try Self.inDirectory { _, path in
            try ReportFile(path: path, mode: 0o640, overwrite: true).write { temporary in
                try Data("new".utf8).write(to: URL(fileURLWithPath: temporary))
            }
            #expect(FileManager.default.contents(atPath: path) == Data("new".utf8))
            #expect(try POSIXFile.status(path).permissions == 0o640)
        }
    }

    @Test func aMissingDirectoryIsAConfigurationError() {
        do {
            try ReportFile(path: "/nonexistent-drydock-dir/r.xlsx").checkTarget()
            Issue.record("accepted a missing directory")
        } catch let error as ReportFileError {
            #expect(error.exitStatus == .configuration)
            #expect(error.description.contains("/nonexistent-drydock-dir/r.xlsx"))
        } catch {
            Issue.record("\(error)")
        }
    }
}
