import DrydockCrypto
import DrydockHTTP
import Foundation
@testable import S3Emulator
import Testing

@Suite("S3 multipart uploads", .timeLimit(.minutes(1)))
struct MultipartTests {
    static let mib = 1024 * 1024

    static func start(_ client: S3TestClient, key: String = "big", headers: [(String, String)] = []) -> String {
        let response = client.send("POST", "/manifests/\(key)?uploads", headers: headers)
        #expect(response.status == 200)
        return S3TestClient.xml(response).childText("UploadId") ?? ""
    }

    static func complete(_ parts: [(Int, String)]) -> [UInt8] {
        Array(("<CompleteMultipartUpload>" + parts.map { "<Part><PartNumber>\($0.0)</PartNumber><ETag>\($0.1)</ETag></Part>" }.joined()
            + "</CompleteMultipartUpload>").utf8)
    }

    @Test func uploadCompleteAndTheMD5OfMD5sETag() {
        let client = S3TestClient()
        client.createBucket("manifests")
        let upload = Self.start(client, headers: [("Content-Type", "application/gzip"), ("x-amz-meta-month", "2026-11")])
        let first = [UInt8](repeating: 1, count: 5 * Self.mib), second = [UInt8](repeating: 2, count: 10)
        let e1 = client.send("PUT", "/manifests/big?partNumber=1&uploadId=\(upload)", body: first).headers["ETag"] ?? ""
        let e2 = client.send("PUT", "/manifests/big?partNumber=2&uploadId=\(upload)", body: second).headers["ETag"] ?? ""
        let parts = S3TestClient.xml(client.send("GET", "/manifests/big?uploadId=\(upload)"))
        #expect(parts.children("Part").compactMap { $0.childText("PartNumber") } == ["1", "2"])
        let uploads = S3TestClient.xml(client.send("GET", "/manifests?uploads"))
        #expect(uploads.children("Upload").compactMap { $0.childText("UploadId") } == [upload])
        let done = client.send("POST", "/manifests/big?uploadId=\(upload)", body: Self.complete([(1, e1), (2, e2)]))
        #expect(done.status == 200, "\(done.bodyText)")
        let expected = "\"" + Hex.encode(Digest.md5(Digest.md5(first) + Digest.md5(second))) + "-2\""
        #expect(S3TestClient.xml(done).childText("ETag") == expected)
        let get = client.send("GET", "/manifests/big", headers: [("Range", "bytes=5242878-5242881")])
        #expect(get.body == [1, 1, 2, 2])
        #expect(client.send("HEAD", "/manifests/big").headers["ETag"] == expected)
        #expect(client.send("HEAD", "/manifests/big").headers["x-amz-meta-month"] == "2026-11")
        #expect(S3TestClient.error(client.send("GET", "/manifests/big?uploadId=\(upload)")).code == "NoSuchUpload")
    }

    @Test func completeRules() {
        let client = S3TestClient()
        client.createBucket("manifests")
        let upload = Self.start(client)
        let e1 = client.send("PUT", "/manifests/big?partNumber=1&uploadId=\(upload)", body: [1, 2, 3]).headers["ETag"] ?? ""
        let e2 = client.send("PUT", "/manifests/big?partNumber=2&uploadId=\(upload)", body: [4]).headers["ETag"] ?? ""
        let small = client.send("POST", "/manifests/big?uploadId=\(upload)", body: Self.complete([(1, e1), (2, e2)]))
        #expect(S3TestClient.error(small) == ("EntityTooSmall", "Your proposed upload is smaller than the minimum allowed object size."))
        let order = client.send("POST", "/manifests/big?uploadId=\(upload)", body: Self.complete([(2, e2), (1, e1)]))
        #expect(S3TestClient.error(order) == ("InvalidPartOrder", "The list of parts was not in ascending order. Parts must be ordered by part number."))
        let wrongTag = client.send("POST", "/manifests/big?uploadId=\(upload)", body: Self.complete([(1, "\"00\"")]))
        #expect(S3TestClient.error(wrongTag).code == "InvalidPart")
        let missing = client.send("POST", "/manifests/big?uploadId=\(upload)", body: Self.complete([(3, e1)]))
        #expect(S3TestClient.error(missing).code == "InvalidPart")
        // A single part may be any size.
        #expect(client.send("POST", "/manifests/big?uploadId=\(upload)", body: Self.complete([(1, e1)])).status == 200)
        #expect(client.send("GET", "/manifests/big").body == [1, 2, 3])
    }

    @Test func partNumbersAndAbort() {
        let client = S3TestClient()
        client.createBucket("manifests")
        let upload = Self.start(client)
        for number in ["0", "10001", "x"] {
            let response = client.send("PUT", "/manifests/big?partNumber=\(number)&uploadId=\(upload)", body: [1])
            #expect(S3TestClient.error(response) == ("InvalidArgument", "Part number must be an integer between 1 and 10000, inclusive"))
        }
        #expect(client.send("DELETE", "/manifests/big?uploadId=\(upload)").status == 204)
        let after = client.send("PUT", "/manifests/big?partNumber=1&uploadId=\(upload)", body: [1])
        #expect(after.status == 404)
        #expect(S3TestClient.error(after).code == "NoSuchUpload")
    }

    @Test func uploadPartCopy() {
        let client = S3TestClient()
        client.createBucket("manifests")
        client.put("/manifests/src", "0123456789")
        let upload = Self.start(client, key: "dst")
        let copy = client.send("PUT", "/manifests/dst?partNumber=1&uploadId=\(upload)", headers: [
            ("x-amz-copy-source", "manifests/src"), ("x-amz-copy-source-range", "bytes=2-5"),
        ])
        #expect(copy.status == 200)
        let etag = S3TestClient.xml(copy).childText("ETag") ?? ""
        #expect(client.send("POST", "/manifests/dst?uploadId=\(upload)", body: Self.complete([(1, etag)])).status == 200)
        #expect(client.send("GET", "/manifests/dst").bodyText == "2345")
    }

    @Test func compositeChecksums() {
        let client = S3TestClient()
        client.createBucket("manifests")
        let upload = Self.start(client, headers: [("x-amz-checksum-algorithm", "CRC32")])
        let part = [UInt8]("part".utf8)
        let response = client.send("PUT", "/manifests/big?partNumber=1&uploadId=\(upload)", headers: [("x-amz-checksum-crc32", ChecksumAlgorithm.crc32.checksum(part))], body: part)
        #expect(response.headers["x-amz-checksum-crc32"] == ChecksumAlgorithm.crc32.checksum(part))
        let done = client.send("POST", "/manifests/big?uploadId=\(upload)", body: Self.complete([(1, response.headers["ETag"] ?? "")]))
        let composite = ChecksumAlgorithm.crc32.checksum(ChecksumAlgorithm.crc32.digest(part)) + "-1"
        #expect(S3TestClient.xml(done).childText("ChecksumCRC32") == composite)
    }
}
