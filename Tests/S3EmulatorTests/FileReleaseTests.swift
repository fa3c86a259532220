import DrydockCrypto
import DrydockHTTP
import EmulatorKit
import Foundation
@testable import S3Emulator
import Testing

/// Under `--data-dir`, a large body's file goes as soon as nothing refers to it: an overwritten or
/// deleted object, a removed version, DeleteObjects, an aborted upload, a deleted bucket's uploads. A
/// copy has a file of its own, and a download started before a delete still gets its bytes.
@Suite("S3 files released promptly", .timeLimit(.minutes(1)))
struct FileReleaseTests {
    static let large = S3DataStore.fileThreshold + 100

    static func files(_ directory: String) -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory + "/s3/objects")) ?? []).count
    }

    static func deleteObjectsBody(_ keys: [String]) -> (body: [UInt8], headers: [(String, String)]) {
        let xml = "<Delete>" + keys.map { "<Object><Key>\($0)</Key></Object>" }.joined() + "</Delete>"
        let body = Array(xml.utf8)
        return (body, [("Content-MD5", Base64.encode(Digest.md5(body)))])
    }

    @Test func overwrittenDeletedAndCopiedObjectsKeepExactlyTheFilesTheyNeed() throws {
        let directory = PersistenceTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let one = LargeBodyTests.body(Self.large, seed: 1), two = LargeBodyTests.body(Self.large, seed: 2)
        var second = ""
        do {
            let client = try PersistenceTests.client(directory)
            client.createBucket("plain")
            #expect(client.send("PUT", "/plain/a.bin", body: one).status == 200)
            #expect(Self.files(directory) == 1)
            #expect(client.send("PUT", "/plain/a.bin", body: two).status == 200)
            #expect(Self.files(directory) == 1, "the overwritten body's file is gone")

            let copy = client.send("PUT", "/plain/b.bin", headers: [("x-amz-copy-source", "/plain/a.bin")])
            #expect(copy.status == 200, "\(copy.bodyText)")
            #expect(Self.files(directory) == 2, "the copy has a file of its own")
            #expect(client.send("DELETE", "/plain/a.bin").status == 204)
            #expect(Self.files(directory) == 1)
            #expect(client.send("GET", "/plain/b.bin").body == two, "deleting the source leaves the copy whole")

            let (body, headers) = Self.deleteObjectsBody(["b.bin"])
            #expect(client.send("POST", "/plain?delete", headers: headers, body: body).status == 200)
            #expect(Self.files(directory) == 0)

            // A versioned bucket keeps every version's file until that version is removed.
            let first = client.send("PUT", "/backups/v.bin", body: one).headers["x-amz-version-id"] ?? ""
            second = client.send("PUT", "/backups/v.bin", body: two).headers["x-amz-version-id"] ?? ""
            #expect(client.send("DELETE", "/backups/v.bin").headers["x-amz-delete-marker"] == "true")
            #expect(Self.files(directory) == 2, "a delete marker removes no version")
            #expect(client.send("DELETE", "/backups/v.bin?versionId=\(first)").status == 204)
            #expect(Self.files(directory) == 1)
            #expect(client.send("GET", "/backups/v.bin?versionId=\(second)").body == two)

            // A deleted bucket's uploads in progress take their parts' files with them.
            client.createBucket("scratch")
            let upload = S3TestClient.xml(client.send("POST", "/scratch/m.bin?uploads")).childText("UploadId") ?? ""
            #expect(client.send("PUT", "/scratch/m.bin?partNumber=1&uploadId=\(upload)", body: one).status == 200)
            #expect(Self.files(directory) == 2)
            #expect(client.send("DELETE", "/scratch").status == 204)
            #expect(Self.files(directory) == 1)
        }
        // What is left is what a restart finds.
        let restarted = try PersistenceTests.client(directory)
        #expect(restarted.send("GET", "/backups/v.bin?versionId=\(second)").body == two)
        #expect(Self.files(directory) == 1)
    }

    @Test func aDownloadStartedBeforeADeleteGetsItsBytes() throws {
        let directory = PersistenceTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let client = try PersistenceTests.client(directory)
        client.createBucket("plain")
        let bytes = LargeBodyTests.body(Self.large, seed: 5)
        #expect(client.send("PUT", "/plain/a.bin", body: bytes).status == 200)
        // The answer is a file the transport reads later: delete and overwrite in between.
        let download = client.emulator.handle(client.request("GET", "/plain/a.bin"))
        let ranged = client.emulator.handle(client.request("GET", "/plain/a.bin", headers: [("Range", "bytes=100-199")]))
        #expect(download.file != nil)
        #expect(client.send("DELETE", "/plain/a.bin").status == 204)
        #expect(client.send("PUT", "/plain/a.bin", body: LargeBodyTests.body(Self.large, seed: 6)).status == 200)
        #expect(client.send("DELETE", "/plain/a.bin").status == 204)
        #expect(Self.files(directory) == 0)
        // Compared as a Bool: a failed `==` of two large arrays makes Swift Testing diff them for a very long time.
        let served = download.materialized().body
        #expect(served.count == bytes.count)
        #expect(served == bytes ? true : false, "the download has the bytes the object had when it started")
        #expect(ranged.materialized().body == Array(bytes[100..<200]))
    }

    @Test func aCopyOfADeletedSourceIsNoSuchKey() throws {
        let directory = PersistenceTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let client = try PersistenceTests.client(directory)
        client.createBucket("plain")
        #expect(client.send("PUT", "/plain/a.bin", body: LargeBodyTests.body(Self.large)).status == 200)
        let upload = S3TestClient.xml(client.send("POST", "/plain/m.bin?uploads")).childText("UploadId") ?? ""
        // The source found, then its file removed before the copy reads it (a delete in between).
        let source = try #require(client.emulator.state.withLock { $0.buckets["plain"]?.objects["a.bin"]?.first })
        #expect(client.send("DELETE", "/plain/a.bin").status == 204)
        #expect(throws: S3DataStore.SourceGone.self) { try client.emulator.store?.link(source.body) }
        do {
            _ = try client.emulator.read(0..<10, of: source, key: "a.bin")
            Issue.record("a removed source was read")
        } catch {
            #expect(error.code == "NoSuchKey")
        }
        #expect(client.send("PUT", "/plain/m.bin?partNumber=1&uploadId=\(upload)", headers: [("x-amz-copy-source", "/plain/a.bin")]).status == 404)
        #expect(Self.files(directory) == 0)
    }

    @Test func theLoadedStateKeepsItsFilesUntilReset() throws {
        let directory = PersistenceTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let bytes = LargeBodyTests.body(Self.large, seed: 7)
        do {
            let client = try PersistenceTests.client(directory)
            #expect(client.send("PUT", "/backups/kept.bin", body: bytes).status == 200)
        }
        let client = try PersistenceTests.client(directory)
        let version = client.send("HEAD", "/backups/kept.bin").headers["x-amz-version-id"] ?? ""
        #expect(client.send("DELETE", "/backups/kept.bin?versionId=\(version)").status == 204)
        // Reset returns to the state loaded at start, so that state's file stays.
        #expect(Self.files(directory) == 1)
        client.emulator.reset()
        #expect(client.send("GET", "/backups/kept.bin").body == bytes)
    }
}
