import DrydockCrypto
import DrydockHTTP
import EmulatorKit
import Foundation
@testable import S3Emulator
import Testing

@Suite("S3 --data-dir persistence", .timeLimit(.minutes(1)))
struct PersistenceTests {
    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "drydock-s3-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return path
    }

    static let fixtures: String = {
        let path = NSTemporaryDirectory() + "drydock-s3-fixtures-\(UUID().uuidString)"
        let bucket = path + "/s3/us-east-1/backups"
        try? FileManager.default.createDirectory(atPath: bucket + "/seed", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: bucket + "/seed/a.txt", contents: Data("seed".utf8))
        FileManager.default.createFile(atPath: bucket + "/bucket.json", contents: Data(#"{"versioning": "Enabled"}"#.utf8))
        return path
    }()

    /// A client over an emulator on `dataDirectory` (fixtures: one versioned bucket `backups`).
    static func client(_ dataDirectory: String) throws -> S3TestClient {
        let emulator = try S3Emulator(
            fixturesDirectory: fixtures, clock: S3TestClock(S3TestClient.now), authority: nil, dataDirectory: dataDirectory,
            staticKeys: [S3TestClient.credentials.accessKeyID: S3TestClient.credentials.secretAccessKey])
        return S3TestClient(emulator: emulator)
    }

    @Test func everyAcknowledgedChangeSurvivesARestart() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let large = [UInt8]((0..<(S3DataStore.fileThreshold + 10)).map { UInt8(truncatingIfNeeded: $0 * 7) })
        var versions: [String] = []
        do {
            let client = try Self.client(directory)
            client.createBucket("fresh")
            versions.append(client.put("/backups/k", "one").headers["x-amz-version-id"] ?? "")
            versions.append(client.put("/backups/k", "two").headers["x-amz-version-id"] ?? "")
            #expect(client.send("PUT", "/fresh/large.bin", body: large).status == 200)
            #expect(client.send("DELETE", "/backups/seed/a.txt").headers["x-amz-delete-marker"] == "true")
            // The large object is a file, not a log line.
            let files = try FileManager.default.contentsOfDirectory(atPath: directory + "/s3/objects")
            #expect(files.count == 1)
        }
        let client = try Self.client(directory)
        #expect(client.send("GET", "/fresh/large.bin").body == large)
        #expect(client.send("GET", "/backups/k").bodyText == "two")
        #expect(client.send("GET", "/backups/k?versionId=\(versions[0])").bodyText == "one")
        #expect(client.send("GET", "/backups/seed/a.txt").status == 404)
        // Reset goes back to what was loaded at start; a restart after it sees the same.
        client.put("/backups/after-start", "x")
        client.emulator.reset()
        #expect(client.send("GET", "/backups/after-start").status == 404)
        #expect(client.send("GET", "/fresh/large.bin").body == large)
    }

    @Test func aTornLastRecordIsDropped() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            let client = try Self.client(directory)
            client.put("/backups/kept", "kept")
        }
        let log = directory + "/s3/generation-000000.wal"
        let handle = try #require(FileHandle(forWritingAtPath: log))
        handle.seekToEndOfFile()
        handle.write(Data("0000abcd {\"op\":\"store\",\"bu".utf8))  // a crash mid-append
        try handle.close()
        let client = try Self.client(directory)
        #expect(client.send("GET", "/backups/kept").bodyText == "kept")
    }
}
