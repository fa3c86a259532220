import DrydockCore
import DrydockCrypto
import DrydockHTTP
import Foundation
@testable import S3Emulator
import Testing

@Suite("S3 objects")
struct ObjectTests {
    static func client() -> S3TestClient {
        let client = S3TestClient()
        client.createBucket("manifests")
        return client
    }

    @Test func putGetHeadWithMetadataAndETag() {
        let client = Self.client()
        let put = client.put("/manifests/2026-11/manifest.json", "{\"a\":1}", headers: [
            ("Content-Type", "application/json"), ("x-amz-meta-Source", "dispatch"), ("Content-Disposition", "attachment"),
            ("x-amz-storage-class", "STANDARD_IA"),
        ])
        #expect(put.status == 200)
        let etag = "\"\(Hex.encode(Digest.md5(Array("{\"a\":1}".utf8))))\""
        #expect(put.headers["ETag"] == etag)
        #expect(put.headers["x-amz-checksum-crc64nvme"] != nil)
        let get = client.send("GET", "/manifests/2026-11/manifest.json")
        #expect(get.status == 200)
        #expect(get.bodyText == "{\"a\":1}")
        #expect(get.headers["ETag"] == etag)
        #expect(get.headers["Content-Type"] == "application/json")
        #expect(get.headers["x-amz-meta-source"] == "dispatch")
        #expect(get.headers["Content-Disposition"] == "attachment")
        #expect(get.headers["x-amz-storage-class"] == "STANDARD_IA")
        #expect(get.headers["Last-Modified"] == HTTPDate.format(S3TestClient.now))
        let head = client.send("HEAD", "/manifests/2026-11/manifest.json")
        #expect(head.status == 200 && head.headers["Content-Length"] == "7")
    }

    @Test func keysWithSpecialCharacters() {
        let client = Self.client()
        #expect(client.put("/manifests/a%20b/c%2Bd%C3%A9.txt", "x").status == 200)
        let list = S3TestClient.xml(client.send("GET", "/manifests?list-type=2"))
        #expect(list.children("Contents").compactMap { $0.childText("Key") } == ["a b/c+dé.txt"])
        #expect(client.send("GET", "/manifests/a%20b/c%2Bd%C3%A9.txt").bodyText == "x")
    }

    @Test func missingKeyAndVersion() {
        let client = Self.client()
        let missing = client.send("GET", "/manifests/nope")
        #expect(missing.status == 404)
        #expect(S3TestClient.error(missing) == ("NoSuchKey", "The specified key does not exist."))
        #expect(S3TestClient.xml(missing).childText("Key") == "nope")
    }

    @Test(arguments: [
        ("bytes=0-3", 206, "0123", "bytes 0-3/10"),
        ("bytes=7-", 206, "789", "bytes 7-9/10"),
        ("bytes=-2", 206, "89", "bytes 8-9/10"),
        ("bytes=5-100", 206, "56789", "bytes 5-9/10"),
        ("bytes=0-1,4-5", 200, "0123456789", nil),
        ("items=0-1", 200, "0123456789", nil),
    ] as [(String, Int, String, String?)])
    func ranges(_ range: String, _ status: Int, _ body: String, _ contentRange: String?) {
        let client = Self.client()
        client.put("/manifests/digits", "0123456789")
        let response = client.send("GET", "/manifests/digits", headers: [("Range", range)])
        #expect(response.status == status)
        #expect(response.bodyText == body)
        #expect(response.headers["Content-Range"] == contentRange)
    }

    @Test func unsatisfiableRange() {
        let client = Self.client()
        client.put("/manifests/digits", "0123456789")
        let response = client.send("GET", "/manifests/digits", headers: [("Range", "bytes=10-20")])
        #expect(response.status == 416)
        #expect(S3TestClient.error(response) == ("InvalidRange", "The requested range is not satisfiable"))
        #expect(S3TestClient.xml(response).childText("ActualObjectSize") == "10")
    }

    @Test func conditionalReads() {
        let client = Self.client()
        let etag = client.put("/manifests/k", "v").headers["ETag"] ?? ""
        #expect(client.send("GET", "/manifests/k", headers: [("If-Match", etag)]).status == 200)
        let failed = client.send("GET", "/manifests/k", headers: [("If-Match", "\"other\"")])
        #expect(failed.status == 412)
        #expect(S3TestClient.error(failed) == ("PreconditionFailed", "At least one of the pre-conditions you specified did not hold"))
        #expect(S3TestClient.xml(failed).childText("Condition") == "If-Match")
        let notModified = client.send("GET", "/manifests/k", headers: [("If-None-Match", etag)])
        #expect(notModified.status == 304 && notModified.body.isEmpty && notModified.headers["ETag"] == etag)
        let later = HTTPDate.format(S3TestClient.now.addingTimeInterval(60))
        let earlier = HTTPDate.format(S3TestClient.now.addingTimeInterval(-60))
        #expect(client.send("GET", "/manifests/k", headers: [("If-Modified-Since", later)]).status == 304)
        #expect(client.send("GET", "/manifests/k", headers: [("If-Modified-Since", earlier)]).status == 200)
        #expect(client.send("GET", "/manifests/k", headers: [("If-Unmodified-Since", earlier)]).status == 412)
        // If-Match that holds overrides a failing If-Unmodified-Since (RFC 9110, as S3 documents).
        #expect(client.send("GET", "/manifests/k", headers: [("If-Match", etag), ("If-Unmodified-Since", earlier)]).status == 200)
    }

    @Test func conditionalWrites() {
        let client = Self.client()
        #expect(client.put("/manifests/once", "1", headers: [("If-None-Match", "*")]).status == 200)
        let second = client.put("/manifests/once", "2", headers: [("If-None-Match", "*")])
        #expect(second.status == 412)
        #expect(S3TestClient.xml(second).childText("Condition") == "If-None-Match")
        #expect(client.send("GET", "/manifests/once").bodyText == "1")
    }

    @Test func deleteAndDeleteObjects() {
        let client = Self.client()
        for key in ["a", "b", "c"] { client.put("/manifests/\(key)", key) }
        #expect(client.send("DELETE", "/manifests/a").status == 204)
        #expect(client.send("DELETE", "/manifests/never-there").status == 204)
        let body = Array("<Delete><Object><Key>b</Key></Object><Object><Key>zz</Key></Object></Delete>".utf8)
        let md5 = Base64.encode(Digest.md5(body))
        let result = client.send("POST", "/manifests?delete", headers: [("Content-MD5", md5)], body: body)
        #expect(result.status == 200)
        #expect(S3TestClient.xml(result).children("Deleted").compactMap { $0.childText("Key") } == ["b", "zz"])
        let list = S3TestClient.xml(client.send("GET", "/manifests?list-type=2"))
        #expect(list.children("Contents").compactMap { $0.childText("Key") } == ["c"])
        let noDigest = client.send("POST", "/manifests?delete", body: body)
        #expect(S3TestClient.error(noDigest) == ("InvalidRequest", "Missing required header for this request: Content-Md5."))
        let malformed = Array("<Delete><Object><Key>b</Key></Object>".utf8)
        #expect(S3TestClient.error(client.send("POST", "/manifests?delete", headers: [("Content-MD5", Base64.encode(Digest.md5(malformed)))], body: malformed)).code == "MalformedXML")
    }

    @Test func copyObject() {
        let client = Self.client()
        client.put("/manifests/src", "data", headers: [("x-amz-meta-a", "1"), ("Content-Type", "text/plain")])
        let copy = client.send("PUT", "/manifests/dst", headers: [("x-amz-copy-source", "/manifests/src")])
        #expect(copy.status == 200)
        #expect(S3TestClient.xml(copy).childText("ETag") == client.send("HEAD", "/manifests/src").headers["ETag"])
        let copied = client.send("GET", "/manifests/dst")
        #expect(copied.bodyText == "data" && copied.headers["x-amz-meta-a"] == "1" && copied.headers["Content-Type"] == "text/plain")
        let replaced = client.send("PUT", "/manifests/dst2", headers: [
            ("x-amz-copy-source", "manifests/src"), ("x-amz-metadata-directive", "REPLACE"), ("x-amz-meta-b", "2"),
        ])
        #expect(replaced.status == 200)
        let get = client.send("GET", "/manifests/dst2")
        #expect(get.headers["x-amz-meta-a"] == nil && get.headers["x-amz-meta-b"] == "2")
        #expect(S3TestClient.error(client.send("PUT", "/manifests/src", headers: [("x-amz-copy-source", "manifests/src")])).code == "InvalidRequest")
        #expect(S3TestClient.error(client.send("PUT", "/manifests/x", headers: [("x-amz-copy-source", "manifests/none")])).code == "NoSuchKey")
        let unmet = client.send("PUT", "/manifests/x", headers: [("x-amz-copy-source", "manifests/src"), ("x-amz-copy-source-if-match", "\"nope\"")])
        #expect(unmet.status == 412)
    }

    @Test func keyTooLong() {
        let client = Self.client()
        let key = String(repeating: "k", count: 1025)
        #expect(S3TestClient.error(client.put("/manifests/\(key)", "x")) == ("KeyTooLongError", "Your key is too long"))
    }
}
