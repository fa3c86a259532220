import DrydockCrypto
import DrydockHTTP
import EmulatorKit
import Foundation
@testable import S3Emulator
import Testing

/// The S3 log is compacted like Gmail's and Secrets Manager's (`GenerationLog`): past its threshold the
/// state becomes a snapshot and the log restarts, so a long-running emulator's log stays bounded, and a
/// restart rebuilds the same state from the snapshot and the short log.
@Suite("S3 log compaction", .timeLimit(.minutes(1)))
struct CompactionTests {
    static func client(_ directory: String, threshold: Int) throws -> S3TestClient {
        let emulator = try S3Emulator(
            fixturesDirectory: PersistenceTests.fixtures, clock: S3TestClock(S3TestClient.now), authority: nil, dataDirectory: directory,
            staticKeys: [S3TestClient.credentials.accessKeyID: S3TestClient.credentials.secretAccessKey], compactionThreshold: threshold)
        return S3TestClient(emulator: emulator)
    }

    static func logs(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory + "/s3")) ?? []).filter { $0.hasSuffix(".wal") }.sorted()
    }

    /// The records in the newest log.
    static func newestLogRecords(_ directory: String) -> Int {
        guard let newest = logs(directory).last, let data = FileManager.default.contents(atPath: directory + "/s3/" + newest) else { return -1 }
        return data.filter { $0 == UInt8(ascii: "\n") }.count
    }

    /// What a client sees of the state: every version of every key, the uploads and their parts.
    static func view(_ client: S3TestClient) -> [String] {
        var lines: [String] = []
        for bucket in ["backups", "plain"] {
            let versions = S3TestClient.xml(client.send("GET", "/\(bucket)?versions"))
            for version in versions.children("Version") + versions.children("DeleteMarker") {
                let key = version.childText("Key") ?? "", id = version.childText("VersionId") ?? ""
                // A delete marker's GET is an error whose request id differs from run to run.
                let body = version.name == "Version" ? client.send("GET", "/\(bucket)/\(key)?versionId=\(id)").body : []
                lines.append("\(bucket) \(key) \(id) \(version.name) \(version.childText("ETag") ?? "") \(Hex.encode(Digest.md5(body)))")
            }
            let uploads = S3TestClient.xml(client.send("GET", "/\(bucket)?uploads")).children("Upload")
            for upload in uploads {
                let id = upload.childText("UploadId") ?? "", key = upload.childText("Key") ?? ""
                let parts = S3TestClient.xml(client.send("GET", "/\(bucket)/\(key)?uploadId=\(id)")).children("Part")
                lines.append("upload \(bucket) \(key) " + parts.map { "\($0.childText("PartNumber") ?? "")=\($0.childText("ETag") ?? "")" }.joined(separator: ","))
            }
        }
        return lines.sorted()
    }

    @Test func manyOverwritesKeepTheLogShortAndARestartSeesTheSameState() throws {
        let directory = PersistenceTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let large = LargeBodyTests.body(S3DataStore.fileThreshold + 10, seed: 4)
        var before: [String] = []
        do {
            let client = try Self.client(directory, threshold: 8 * 1024)
            client.createBucket("plain")
            #expect(client.send("PUT", "/plain/big.bin", body: large).status == 200)
            let upload = S3TestClient.xml(client.send("POST", "/plain/parts.bin?uploads")).childText("UploadId") ?? ""
            #expect(client.send("PUT", "/plain/parts.bin?partNumber=1&uploadId=\(upload)", body: large).status == 200)
            for round in 0..<300 {
                #expect(client.put("/plain/counter", "round \(round)").status == 200)
                if round % 50 == 0 { client.put("/backups/versioned", "version \(round)") }
            }
            #expect(client.send("DELETE", "/backups/seed/a.txt").status == 204)
            before = Self.view(client)
            #expect(client.send("GET", "/plain/counter").bodyText == "round 299")
            // 300 overwrites of ~300 bytes of log each: without compaction, one log of 300+ records.
            #expect(Self.logs(directory).count == 1, "older generations are removed: \(Self.logs(directory))")
            #expect(Self.newestLogRecords(directory) < 40)
        }
        let restarted = try Self.client(directory, threshold: 8 * 1024)
        #expect(Self.view(restarted) == before)
        #expect(restarted.send("GET", "/plain/counter").bodyText == "round 299")
        #expect(restarted.send("GET", "/plain/big.bin").body.count == large.count)
        #expect(restarted.send("GET", "/backups/seed/a.txt").status == 404)
        // The files of the state are all still there, and nothing else.
        #expect(FileReleaseTests.files(directory) == 2)
    }

    @Test func resetStartsAGenerationOfTheLoadedState() throws {
        let directory = PersistenceTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            let client = try Self.client(directory, threshold: 1 << 20)
            client.put("/backups/loaded", "at start")
        }
        do {
            let client = try Self.client(directory, threshold: 1 << 20)
            client.put("/backups/later", "after start")
            client.emulator.reset()
            #expect(client.send("GET", "/backups/later").status == 404)
            #expect(Self.newestLogRecords(directory) == 0)
        }
        let restarted = try Self.client(directory, threshold: 1 << 20)
        #expect(restarted.send("GET", "/backups/loaded").bodyText == "at start")
        #expect(restarted.send("GET", "/backups/later").status == 404)
    }

    @Test func theEarlierLayoutsLogIsReadAsGenerationZero() throws {
        let directory = PersistenceTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            let client = try Self.client(directory, threshold: 1 << 20)
            client.put("/backups/old", "from s3.wal")
        }
        // The layout before generations: the same records in `s3/s3.wal`.
        try FileManager.default.moveItem(atPath: directory + "/s3/generation-000000.wal", toPath: directory + "/s3/s3.wal")
        let client = try Self.client(directory, threshold: 1 << 20)
        #expect(client.send("GET", "/backups/old").bodyText == "from s3.wal")
        #expect(Self.logs(directory) == ["generation-000000.wal"])
    }
}
