import DrydockCrypto
import DrydockHTTP
import EmulatorKit
import Foundation
@testable import S3Emulator
import Synchronization
import Testing

/// Multipart uploads in progress under `--data-dir`: a restart lists them and their parts, and
/// Complete works; Abort and Complete remove their part files.
@Suite("S3 multipart uploads across restarts", .timeLimit(.minutes(1)))
struct MultipartPersistenceTests {
    static let mib = 1024 * 1024

    static func partFiles(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory + "/s3/objects")) ?? []).sorted()
    }

    static func start(_ client: S3TestClient, key: String, headers: [(String, String)] = []) -> String {
        let response = client.send("POST", "/backups/\(key)?uploads", headers: headers)
        #expect(response.status == 200)
        return S3TestClient.xml(response).childText("UploadId") ?? ""
    }

    @Test func aLargeBodyThatIsNotKeptLeavesNoFile() throws {
        let directory = PersistenceTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let client = try PersistenceTests.client(directory)
        let body = [UInt8](repeating: 7, count: 2 * Self.mib)
        #expect(client.send("PUT", "/backups/kept.bin", body: body).status == 200)
        #expect(Self.partFiles(directory).count == 1)
        // A failed condition, a missing bucket and an unknown upload: each body was written, none is kept.
        let refused = client.send("PUT", "/backups/kept.bin", headers: [("If-None-Match", "*")], body: body)
        #expect(refused.status == 412, "\(refused.bodyText)")
        #expect(client.send("PUT", "/no-such-bucket-here/x.bin", body: body).status == 404)
        #expect(client.send("PUT", "/backups/kept.bin?partNumber=1&uploadId=not-an-upload", body: body).status == 404)
        #expect(Self.partFiles(directory).count == 1, "only the kept object's file")
    }

    @Test func aLargeCompletedObjectIsJoinedFileByFileWithItsWholeChecksum() throws {
        let directory = PersistenceTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let client = try PersistenceTests.client(directory)
        let first = [UInt8]((0..<(5 * Self.mib)).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        let second = [UInt8]((0..<(2 * Self.mib + 5)).map { UInt8(truncatingIfNeeded: $0 &* 13) })
        let upload = Self.start(client, key: "big.bin")
        let etags = [first, second].enumerated().map { index, part in
            client.send("PUT", "/backups/big.bin?partNumber=\(index + 1)&uploadId=\(upload)", body: part).headers["ETag"] ?? ""
        }
        #expect(Self.partFiles(directory).count == 2)
        let body = "<CompleteMultipartUpload>" + etags.enumerated().map { "<Part><PartNumber>\($0.offset + 1)</PartNumber><ETag>\($0.element)</ETag></Part>" }.joined()
            + "</CompleteMultipartUpload>"
        let done = client.send("POST", "/backups/big.bin?uploadId=\(upload)", body: Array(body.utf8))
        #expect(done.status == 200, "\(done.bodyText)")
        // One file, the parts' files removed; its bytes are the parts' and S3's whole-object CRC-64/NVME.
        let files = Self.partFiles(directory)
        #expect(files.count == 1)
        let stored = try #require(FileManager.default.contents(atPath: directory + "/s3/objects/" + (files.first ?? "")))
        #expect(Array(stored) == first + second)
        let head = client.send("HEAD", "/backups/big.bin", headers: [("x-amz-checksum-mode", "ENABLED")])
        #expect(head.headers["x-amz-checksum-crc64nvme"] == ChecksumAlgorithm.crc64nvme.checksum(first + second))
        #expect(client.send("GET", "/backups/big.bin", headers: [("Range", "bytes=5242878-5242881")]).body
            == Array((first + second)[5_242_878...5_242_881]))
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: directory + "/s3/incoming")) ?? []).isEmpty, "no temporary file left")
    }

    @Test func anUploadInProgressSurvivesARestartAndCompletes() throws {
        let directory = PersistenceTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = [UInt8]((0..<(5 * Self.mib)).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let second = Array("the last part".utf8)
        var upload = ""
        var etags: [String] = []
        do {
            let client = try PersistenceTests.client(directory)
            upload = Self.start(client, key: "month.jsonl.gz", headers: [("Content-Type", "application/gzip"), ("x-amz-meta-month", "2026-11"),
                                                                         ("x-amz-checksum-algorithm", "SHA256")])
            // A replaced part keeps only its last body (and file).
            client.send("PUT", "/backups/month.jsonl.gz?partNumber=1&uploadId=\(upload)", body: [UInt8](repeating: 9, count: 2 * Self.mib))
            etags.append(client.send("PUT", "/backups/month.jsonl.gz?partNumber=1&uploadId=\(upload)", body: first).headers["ETag"] ?? "")
            etags.append(client.send("PUT", "/backups/month.jsonl.gz?partNumber=2&uploadId=\(upload)", body: second).headers["ETag"] ?? "")
            #expect(Self.partFiles(directory).count == 1)
        }
        do {
            let client = try PersistenceTests.client(directory)
            let uploads = S3TestClient.xml(client.send("GET", "/backups?uploads"))
            #expect(uploads.children("Upload").compactMap { $0.childText("UploadId") } == [upload])
            #expect(uploads.children("Upload").compactMap { $0.childText("Key") } == ["month.jsonl.gz"])
            let parts = S3TestClient.xml(client.send("GET", "/backups/month.jsonl.gz?uploadId=\(upload)"))
            #expect(parts.children("Part").compactMap { $0.childText("PartNumber") } == ["1", "2"])
            #expect(parts.children("Part").compactMap { $0.childText("ETag") } == etags)
            #expect(parts.children("Part").compactMap { $0.childText("Size") } == [String(first.count), String(second.count)])
            #expect(parts.childText("ChecksumAlgorithm") == "SHA256")

            let body = "<CompleteMultipartUpload>" + etags.enumerated().map { "<Part><PartNumber>\($0.offset + 1)</PartNumber><ETag>\($0.element)</ETag></Part>" }.joined()
                + "</CompleteMultipartUpload>"
            let done = client.send("POST", "/backups/month.jsonl.gz?uploadId=\(upload)", body: Array(body.utf8))
            #expect(done.status == 200, "\(done.bodyText)")
            let expected = "\"" + Hex.encode(Digest.md5(Digest.md5(first) + Digest.md5(second))) + "-2\""
            #expect(S3TestClient.xml(done).childText("ETag") == expected)
            let object = client.send("GET", "/backups/month.jsonl.gz")
            #expect(object.body == first + second)
            #expect(object.headers["Content-Type"] == "application/gzip")
            #expect(object.headers["x-amz-meta-month"] == "2026-11")
            // The completed object is one file; the part's file stays while this run lasts: it belongs to the
            // state loaded at start, which `reset()` returns to.
            #expect(Self.partFiles(directory).count == 2)
            #expect(S3TestClient.xml(client.send("GET", "/backups?uploads")).children("Upload").isEmpty)
        }
        // And the completion itself survives the next restart.
        let again = try PersistenceTests.client(directory)
        #expect(Self.partFiles(directory).count == 1, "the part's file is gone at the next start")
        #expect(again.send("GET", "/backups/month.jsonl.gz").body == first + second)
        #expect(S3TestClient.xml(again.send("GET", "/backups?uploads")).children("Upload").isEmpty)
    }

    @Test func abortRemovesThePartsFilesAndTheUploadStaysGone() throws {
        let directory = PersistenceTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var upload = ""
        do {
            let client = try PersistenceTests.client(directory)
            upload = Self.start(client, key: "aborted.bin")
            client.send("PUT", "/backups/aborted.bin?partNumber=1&uploadId=\(upload)", body: [UInt8](repeating: 1, count: 5 * Self.mib))
            client.send("PUT", "/backups/aborted.bin?partNumber=2&uploadId=\(upload)", body: [UInt8](repeating: 2, count: 2 * Self.mib))
            #expect(Self.partFiles(directory).count == 2)
            // An upload of this run: aborting it removes its parts' files at once.
            let scratch = Self.start(client, key: "scratch.bin")
            client.send("PUT", "/backups/scratch.bin?partNumber=1&uploadId=\(scratch)", body: [UInt8](repeating: 3, count: 2 * Self.mib))
            #expect(Self.partFiles(directory).count == 3)
            #expect(client.send("DELETE", "/backups/scratch.bin?uploadId=\(scratch)").status == 204)
            #expect(Self.partFiles(directory).count == 2)
        }
        do {
            let client = try PersistenceTests.client(directory)
            #expect(client.send("DELETE", "/backups/aborted.bin?uploadId=\(upload)").status == 204)
            // Loaded at start: its files stay for `reset()`, which brings the upload back whole.
            #expect(Self.partFiles(directory).count == 2)
            client.emulator.reset()
            let parts = S3TestClient.xml(client.send("GET", "/backups/aborted.bin?uploadId=\(upload)"))
            #expect(parts.children("Part").compactMap { $0.childText("Size") } == [String(5 * Self.mib), String(2 * Self.mib)])
            #expect(client.send("DELETE", "/backups/aborted.bin?uploadId=\(upload)").status == 204)
        }
        // The next start removes what no record names.
        #expect(try PersistenceTests.client(directory).send("GET", "/backups?uploads").status == 200)
        #expect(Self.partFiles(directory).isEmpty)
        let restarted = try PersistenceTests.client(directory)
        #expect(S3TestClient.xml(restarted.send("GET", "/backups?uploads")).children("Upload").isEmpty)
        let parts = restarted.send("GET", "/backups/aborted.bin?uploadId=\(upload)")
        #expect(S3TestClient.error(parts).code == "NoSuchUpload")
    }

    /// Complete reads the parts' files after releasing the lock; an Abort meanwhile removes them. The
    /// Complete then answers NoSuchUpload as S3 does, never a 500.
    @Test func aCompleteRacingAnAbortIsNoSuchUploadNotAnInternalError() throws {
        let directory = PersistenceTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let client = try PersistenceTests.client(directory)
        let first = [UInt8](repeating: 1, count: 5 * Self.mib), second = [UInt8](repeating: 2, count: 2 * Self.mib)
        var statuses: [String] = []
        for round in 0..<8 {
            let key = "race-\(round).bin"
            let upload = Self.start(client, key: key)
            let etags = [first, second].enumerated().map { index, part in
                client.send("PUT", "/backups/\(key)?partNumber=\(index + 1)&uploadId=\(upload)", body: part).headers["ETag"] ?? ""
            }
            let xml = "<CompleteMultipartUpload>" + etags.enumerated().map { "<Part><PartNumber>\($0.offset + 1)</PartNumber><ETag>\($0.element)</ETag></Part>" }.joined()
                + "</CompleteMultipartUpload>"
            let complete = client.request("POST", "/backups/\(key)?uploadId=\(upload)", body: Array(xml.utf8))
            let abort = client.request("DELETE", "/backups/\(key)?uploadId=\(upload)")
            let answers = Mutex<[Int: HTTPResponse]>([:])
            DispatchQueue.concurrentPerform(iterations: 2) { index in
                let response = client.emulator.handle(index == 0 ? complete : abort)
                answers.withLock { $0[index] = response }
            }
            let (completed, aborted) = answers.withLock { ($0[0], $0[1]) }
            let pair = "\(completed?.status ?? 0)/\(S3TestClient.error(completed ?? HTTPResponse(status: 0)).code) \(aborted?.status ?? 0)"
            statuses.append(pair)
            #expect(completed?.status != 500, "round \(round): \(pair)")
        }
        #expect(statuses.allSatisfy { $0.hasPrefix("200/") || $0.hasPrefix("404/NoSuchUpload") }, "\(statuses)")
    }

    @Test func resetKeepsTheUploadsLoadedAtStart() throws {
        let directory = PersistenceTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var upload = ""
        do {
            let client = try PersistenceTests.client(directory)
            upload = Self.start(client, key: "kept.bin")
            client.send("PUT", "/backups/kept.bin?partNumber=1&uploadId=\(upload)", body: [UInt8](repeating: 3, count: 2 * Self.mib))
        }
        do {
            let client = try PersistenceTests.client(directory)
            let later = Self.start(client, key: "later.bin")
            client.emulator.reset()
            let ids = S3TestClient.xml(client.send("GET", "/backups?uploads")).children("Upload").compactMap { $0.childText("UploadId") }
            #expect(ids == [upload])
            #expect(ids.contains(later) == false)
            #expect(Self.partFiles(directory).count == 1)
        }
        let restarted = try PersistenceTests.client(directory)
        let parts = S3TestClient.xml(restarted.send("GET", "/backups/kept.bin?uploadId=\(upload)"))
        #expect(parts.children("Part").compactMap { $0.childText("Size") } == [String(2 * Self.mib)])
    }
}
