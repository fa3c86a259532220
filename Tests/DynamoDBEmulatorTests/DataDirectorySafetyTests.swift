import DrydockCore
import DrydockTesting
@testable import DynamoDBEmulator
import EmulatorKit
import Foundation
import Testing

/// `--data-dir` like a database's data directory (issue 8 §4): never a symbolic link inside it or as
/// it, only a directory of the user's writable by no one else, files 0600 and directories 0700. Each
/// refusal names the path, what is wrong and the fix.
@Suite("DynamoDB data directory safety")
struct DataDirectorySafetyTests {
    struct Scratch {
        let scratch: TemporaryDirectory
        var data: String { scratch.appending("data") }
        var fixtures: String { scratch.appending("fixtures") }

        init() throws { scratch = try TemporaryDirectory("ddb-safety") }

        func open(_ directory: String? = nil) throws -> DynamoDBEmulator {
            try DynamoDBEmulator(
                fixturesDirectory: fixtures, clock: VirtualClock(), authenticator: AcceptAllAuthenticator(),
                dataDirectory: directory ?? data)
        }

        /// The error opening `directory` (the data directory by default) throws; records an issue if it opens.
        func refusal(_ directory: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) -> DataDirectoryError? {
            do {
                _ = try open(directory)
                Issue.record("the data directory was accepted", sourceLocation: sourceLocation)
                return nil
            } catch let error as DataDirectoryError {
                return error
            } catch {
                Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
                return nil
            }
        }

        /// A data directory holding table `orders` in its newest snapshot (written on a reopen) and a log,
        /// closed again; returns that generation's base name.
        func populated() throws -> String {
            do {
                let client = DynamoDBTestClient(emulator: try open())
                client.createTable("orders")
                client.ok("PutItem", #"{"TableName":"orders","Item":{"pk":{"S":"o-1"}}}"#)
            }
            _ = try open()
            return try #require(names().first { $0.hasSuffix(".wal") }).replacingOccurrences(of: ".wal", with: "")
        }

        func names(_ directory: String? = nil) -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: directory ?? data)) ?? []).sorted()
        }

        /// A file outside the data directory that a planted link points at, with content to watch.
        func outsider(_ name: String = "outside") throws -> String {
            let path = scratch.appending(name)
            try "precious\n".write(toFile: path, atomically: false, encoding: .utf8)
            return path
        }

        func contents(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }
    }

    func mode(_ path: String) throws -> mode_t { try POSIXFile.lstatus(path).permissions }

    // MARK: The directory itself

    @Test func aNewDirectoryIsCreated0700WithFiles0600() throws {
        let scratch = try Scratch()
        defer { scratch.scratch.remove() }
        let generation = try scratch.populated()
        #expect(try mode(scratch.data) == 0o700)
        #expect(try mode(scratch.data + "/lock") == 0o600)
        #expect(try mode(scratch.data + "/\(generation).wal") == 0o600)
        #expect(try mode(scratch.data + "/\(generation)") == 0o700)
        #expect(try mode(scratch.data + "/\(generation)/state.json") == 0o600)
        #expect(try mode(scratch.data + "/\(generation)/dynamodb") == 0o700)
        #expect(try mode(scratch.data + "/\(generation)/dynamodb/us-east-1") == 0o700)
        #expect(try mode(scratch.data + "/\(generation)/dynamodb/us-east-1/orders.json") == 0o600)
    }

    @Test(arguments: ["", "/"])
    func aDataDirectoryThatIsALinkIsRefusedWithItsTarget(_ suffix: String) throws {
        let scratch = try Scratch()
        defer { scratch.scratch.remove() }
        let real = scratch.scratch.appending("real")
        try FileManager.default.createDirectory(atPath: real, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        try FileManager.default.createSymbolicLink(atPath: scratch.data, withDestinationPath: real)
        let error = try #require(scratch.refusal(scratch.data + suffix))
        #expect(error.path == scratch.data)
        #expect(error.description == "data directory \(scratch.data): is a symbolic link (to \(real)); a data directory must be a real directory, as a database's is, so drydock never writes through a link. Fix: pass the directory it points to: --data-dir '\(real)'")
        #expect(scratch.names(real).isEmpty, "nothing was written through the link")
    }

    @Test(arguments: [0o770 as mode_t, 0o702, 0o777])
    func aDirectoryWritableByOthersIsRefused(_ permissions: mode_t) throws {
        let scratch = try Scratch()
        defer { scratch.scratch.remove() }
        try FileManager.default.createDirectory(atPath: scratch.data, withIntermediateDirectories: false)
        chmod(scratch.data, permissions)
        let error = try #require(scratch.refusal())
        #expect(error.description == "data directory \(scratch.data): is writable by group or others (mode 0\(String(permissions, radix: 8))), so another user could plant files or links in it. Fix: chmod go-w '\(scratch.data)'")
        #expect(scratch.names().isEmpty, "no lock was created")
        chmod(scratch.data, 0o750)
        _ = try scratch.open()
    }

    @Test func aDirectoryOfAnotherUserIsRefused() throws {
        let scratch = try Scratch()
        defer { scratch.scratch.remove() }
        // As root, a directory given away; otherwise "/", which belongs to root.
        let directory: String
        if geteuid() == 0 {
            directory = scratch.data
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            #expect(chown(directory, 65534, 65534) == 0)
        } else {
            directory = "/"
        }
        let owner = try POSIXFile.lstatus(directory).owner
        let error = try #require(scratch.refusal(directory))
        #expect(error.reason.hasPrefix("is owned by uid \(owner)"))
        #expect(error.reason.contains("not by the user running drydock (uid \(geteuid())"))
        #expect(error.reason.contains("Fix: sudo chown -R "))
        #expect(error.reason.contains(" '\(directory)' — or choose a directory of your own"))
    }

    @Test func aFileIsNoDataDirectory() throws {
        let scratch = try Scratch()
        defer { scratch.scratch.remove() }
        try "x".write(toFile: scratch.data, atomically: false, encoding: .utf8)
        let error = try #require(scratch.refusal())
        #expect(error.description == "data directory \(scratch.data): exists and is not a directory (it is a regular file). Fix: choose another --data-dir, or move it away: mv '\(scratch.data)' '\(scratch.data).old'")
    }

    // MARK: Links inside

    @Test func aLinkedLockIsRefusedAndItsTargetUntouched() throws {
        let scratch = try Scratch()
        defer { scratch.scratch.remove() }
        let outside = try scratch.outsider()
        try FileManager.default.createDirectory(atPath: scratch.data, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        try FileManager.default.createSymbolicLink(atPath: scratch.data + "/lock", withDestinationPath: outside)
        let error = try #require(scratch.refusal())
        #expect(error.description == "data directory \(scratch.data)/lock: is a symbolic link (to \(outside)); drydock never follows a link inside a data directory, so it will not start. Fix: rm '\(scratch.data)/lock'")
        #expect(scratch.contents(outside) == "precious\n")
    }

    @Test func aLinkedLogIsRefusedAndItsTargetUntouched() throws {
        let scratch = try Scratch()
        defer { scratch.scratch.remove() }
        let generation = try scratch.populated()
        let log = scratch.data + "/\(generation).wal"
        let outside = try scratch.outsider()
        try FileManager.default.removeItem(atPath: log)
        try FileManager.default.createSymbolicLink(atPath: log, withDestinationPath: outside)
        let error = try #require(scratch.refusal())
        #expect(error.description == "data directory \(log): is a symbolic link (to \(outside)); drydock never follows a link inside a data directory, so it will not start. Fix: replace the link with a copy of what it points to (cp --remove-destination '\(outside)' '\(log)'), or remove it (rm '\(log)')")
        #expect(scratch.contents(outside) == "precious\n")
    }

    @Test func aLinkedSnapshotIsRefused() throws {
        let scratch = try Scratch()
        defer { scratch.scratch.remove() }
        let generation = try scratch.populated()
        let snapshot = scratch.data + "/\(generation)"
        let elsewhere = scratch.scratch.appending("elsewhere")
        try FileManager.default.moveItem(atPath: snapshot, toPath: elsewhere)
        try FileManager.default.createSymbolicLink(atPath: snapshot, withDestinationPath: elsewhere)
        let error = try #require(scratch.refusal())
        #expect(error.description == "data directory \(snapshot): is a symbolic link (to \(elsewhere)); drydock never follows a link inside a data directory, so it will not start. Fix: replace the link with a copy of what it points to (rm '\(snapshot)' && cp -a '\(elsewhere)' '\(snapshot)'), or remove it (rm '\(snapshot)')")
    }

    @Test(arguments: ["state.json", "dynamodb/us-east-1/orders.json", "dynamodb/us-east-1", "dynamodb"])
    func aLinkInsideASnapshotIsRefused(_ entry: String) throws {
        let scratch = try Scratch()
        defer { scratch.scratch.remove() }
        let generation = try scratch.populated()
        let path = scratch.data + "/\(generation)/\(entry)"
        let elsewhere = scratch.scratch.appending("elsewhere")
        try FileManager.default.moveItem(atPath: path, toPath: elsewhere)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: elsewhere)
        let error = try #require(scratch.refusal())
        #expect(error.path == path)
        #expect(error.reason.hasPrefix("is a symbolic link (to \(elsewhere)); drydock never follows a link inside a data directory"))
    }

    @Test func aFIFOInPlaceOfTheLogIsRefusedWithoutBlocking() throws {
        let scratch = try Scratch()
        defer { scratch.scratch.remove() }
        let generation = try scratch.populated()
        let log = scratch.data + "/\(generation).wal"
        try FileManager.default.removeItem(atPath: log)
        #expect(mkfifo(log, 0o600) == 0)
        let error = try #require(scratch.refusal())
        #expect(error.description == "data directory \(log): is a FIFO, not a regular file; drydock did not put it there. Fix: move it out of the data directory: mv '\(log)' '\(log).old'")
    }

    @Test func aLinkedLeftoverSnapshotIsRemovedAsALinkNotFollowed() throws {
        let scratch = try Scratch()
        defer { scratch.scratch.remove() }
        _ = try scratch.populated()
        let target = scratch.scratch.appending("keep")
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: false)
        try "kept".write(toFile: target + "/file", atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: scratch.data + "/generation-999999.tmp", withDestinationPath: target)
        _ = try scratch.open()
        #expect(!scratch.names().contains("generation-999999.tmp"))
        #expect(scratch.contents(target + "/file") == "kept")
    }

    @Test func reopeningKeepsTheDataThroughTheDescriptorOnlyPath() throws {
        let scratch = try Scratch()
        defer { scratch.scratch.remove() }
        _ = try scratch.populated()
        let client = DynamoDBTestClient(emulator: try scratch.open())
        let item = client.ok("GetItem", #"{"TableName":"orders","Key":{"pk":{"S":"o-1"}}}"#)
        #expect(item["Item"]?["pk"] == ["S": "o-1"])
    }
}
