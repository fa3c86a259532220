import DrydockCore
import DrydockCrypto
import DrydockHTTP
import EmulatorKit
import Foundation
@testable import S3Emulator
import Testing

/// Bodies over the server's 10 MiB in-memory cap: PutObject and UploadPart bodies are spooled to a file
/// under `s3/incoming/` as they arrive, checked without being loaded (Content-MD5, x-amz-checksum-*,
/// the payload hash, aws-chunked signatures and trailers), renamed into `s3/objects/`, and served from
/// the file (ranges too). Above 5 GiB, S3's EntityTooLarge.
@Suite("S3 large bodies", .timeLimit(.minutes(1)))
struct LargeBodyTests {
    static let mib = 1024 * 1024

    /// A deterministic body of `count` bytes.
    static func body(_ count: Int, seed: UInt8 = 1) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var value = UInt32(seed) &* 2_654_435_761
        for index in 0..<count {
            value = value &* 1_103_515_245 &+ 12_345
            bytes[index] = UInt8(truncatingIfNeeded: value >> 16)
        }
        return bytes
    }

    static func incoming(_ directory: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: directory + "/s3/incoming")) ?? ["<missing>"]
    }

    static func objects(_ directory: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: directory + "/s3/objects")) ?? []
    }

    /// The emulator of `PersistenceTests` on `directory`, behind an edge router and a real server.
    static func serve(_ directory: String, _ body: (S3TestClient, String) throws -> Void) throws {
        let client = try PersistenceTests.client(directory)
        let router = EdgeRouter(emulators: [client.emulator], clock: VirtualClock(base: client.clock))
        let server = HTTPServer(responder: router)
        try server.start()
        defer { server.stop() }
        try body(client, "http://127.0.0.1:\(server.port)")
    }

    static func send(_ request: HTTPRequest, to base: String) throws -> HTTPResponse {
        try HTTPClient().send(ClientRequest(method: request.method, url: base + request.target, headers: request.headers, body: request.body, timeout: 30))
    }

    @Test func aSinglePutOverTheMemoryCapIsStoredAsAFileAndServedWithRanges() throws {
        let directory = PersistenceTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let bytes = Self.body(24 * Self.mib)
        try Self.serve(directory) { client, base in
            let put = try Self.send(client.request("PUT", "/backups/big.bin", headers: [
                ("Content-MD5", Base64.encode(Digest.md5(bytes))), ("x-amz-checksum-crc32", ChecksumAlgorithm.crc32.checksum(bytes)),
            ], body: bytes), to: base)
            #expect(put.status == 200, "\(put.bodyText)")
            #expect(put.headers["ETag"] == "\"\(Hex.encode(Digest.md5(bytes)))\"")
            #expect(put.headers["x-amz-checksum-crc32"] == ChecksumAlgorithm.crc32.checksum(bytes))
            #expect(Self.incoming(directory).isEmpty)
            #expect(Self.objects(directory).count == 1)

            let get = try Self.send(client.request("GET", "/backups/big.bin"), to: base)
            #expect(get.status == 200)
            #expect(get.body.count == bytes.count)
            #expect(get.body == bytes)
            let ranged = try Self.send(client.request("GET", "/backups/big.bin", headers: [("Range", "bytes=12582910-12582919")]), to: base)
            #expect(ranged.status == 206)
            #expect(ranged.headers["Content-Range"] == "bytes 12582910-12582919/\(bytes.count)")
            #expect(ranged.body == Array(bytes[12_582_910...12_582_919]))
            let head = try Self.send(client.request("HEAD", "/backups/big.bin"), to: base)
            #expect(head.headers["Content-Length"] == String(bytes.count))
        }
        // The object is the file: it survives a restart.
        let restarted = try PersistenceTests.client(directory)
        #expect(restarted.send("GET", "/backups/big.bin", headers: [("Range", "bytes=-4")]).body == Array(bytes.suffix(4)))
    }

    @Test(arguments: [("Content-MD5", "BadDigest"), ("x-amz-checksum-sha256", "BadDigest"), ("x-amz-content-sha256", "XAmzContentSHA256Mismatch")])
    func aWrongDigestOfASpooledBodyIsRefusedAndItsFileRemoved(_ header: String, _ code: String) throws {
        let directory = PersistenceTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let bytes = Self.body(12 * Self.mib)
        let other = Self.body(16, seed: 9)
        try Self.serve(directory) { client, base in
            var request = client.request("PUT", "/backups/bad.bin", headers: [
                ("Content-MD5", Base64.encode(Digest.md5(header == "Content-MD5" ? other : bytes))),
                ("x-amz-checksum-sha256", ChecksumAlgorithm.sha256.checksum(header == "x-amz-checksum-sha256" ? other : bytes)),
            ], body: bytes)
            if header == "x-amz-content-sha256" {
                // Signed over the wrong hash: the signature matches, the body does not.
                request = client.request("PUT", "/backups/bad.bin", body: other)
                request.body = bytes
            }
            let put = try Self.send(request, to: base)
            #expect(put.status == 400)
            #expect(S3TestClient.error(put).code == code)
            #expect(Self.incoming(directory).isEmpty)
            #expect(Self.objects(directory).isEmpty)
            #expect(try Self.send(client.request("GET", "/backups/bad.bin"), to: base).status == 404)
        }
    }

    @Test func signedAWSChunkedBodiesAreDecodedFromTheSpoolFile() throws {
        let directory = PersistenceTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let chunks = (0..<3).map { Self.body(Self.mib, seed: UInt8($0 + 2)) } + [Array("tail".utf8)]
        try Self.serve(directory) { client, base in
            client.createBucket("manifests")
            let put = try Self.send(IntegrityTests.streamingRequest(client, chunks: chunks), to: base)
            #expect(put.status == 200, "\(put.bodyText)")
            #expect(put.headers["ETag"] == "\"\(Hex.encode(Digest.md5(chunks.flatMap { $0 })))\"")
            let get = try Self.send(client.request("GET", "/manifests/streamed"), to: base)
            #expect(get.body == chunks.flatMap { $0 })
            let tampered = try Self.send(IntegrityTests.streamingRequest(client, chunks: chunks, tamper: true), to: base)
            #expect(tampered.status == 403)
            #expect(S3TestClient.error(tampered).code == "SignatureDoesNotMatch")
            #expect(Self.incoming(directory).isEmpty)
        }
    }

    @Test func unsignedTrailerChecksumsAreCheckedOnTheSpoolFile() throws {
        let directory = PersistenceTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let payload = Self.body(3 * Self.mib)
        func request(_ client: S3TestClient, checksum: String) -> HTTPRequest {
            var body = Array("\(String(payload.count, radix: 16))\r\n".utf8) + payload + Array("\r\n0\r\n".utf8)
            body += Array("x-amz-checksum-crc32c:\(checksum)\r\n\r\n".utf8)
            return client.request("PUT", "/backups/trailer.bin", headers: [
                ("Content-Encoding", "aws-chunked"), ("x-amz-trailer", "x-amz-checksum-crc32c"),
                ("x-amz-decoded-content-length", String(payload.count)),
            ], body: body, unsignedPayload: true).replacingContentSHA256("STREAMING-UNSIGNED-PAYLOAD-TRAILER", client: client)
        }
        try Self.serve(directory) { client, base in
            let good = try Self.send(request(client, checksum: ChecksumAlgorithm.crc32c.checksum(payload)), to: base)
            #expect(good.status == 200, "\(good.bodyText)")
            #expect(good.headers["x-amz-checksum-crc32c"] == ChecksumAlgorithm.crc32c.checksum(payload))
            #expect(try Self.send(client.request("GET", "/backups/trailer.bin"), to: base).body == payload)
            let bad = try Self.send(request(client, checksum: ChecksumAlgorithm.crc32c.checksum([1, 2, 3])), to: base)
            #expect(bad.status == 400)
            #expect(S3TestClient.error(bad) == ("BadDigest", "The CRC32C you specified did not match the calculated checksum."))
            #expect(Self.incoming(directory).isEmpty)
        }
    }

    @Test func aLargePartIsSpooledAndTheUploadCompletes() throws {
        let directory = PersistenceTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = Self.body(11 * Self.mib), second = Self.body(100, seed: 3)
        try Self.serve(directory) { client, base in
            let upload = S3TestClient.xml(client.send("POST", "/backups/parts.bin?uploads")).childText("UploadId") ?? ""
            let one = try Self.send(client.request("PUT", "/backups/parts.bin?partNumber=1&uploadId=\(upload)", body: first), to: base)
            #expect(one.status == 200, "\(one.bodyText)")
            let two = try Self.send(client.request("PUT", "/backups/parts.bin?partNumber=2&uploadId=\(upload)", body: second), to: base)
            let xml = "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>\(one.headers["ETag"] ?? "")</ETag></Part>"
                + "<Part><PartNumber>2</PartNumber><ETag>\(two.headers["ETag"] ?? "")</ETag></Part></CompleteMultipartUpload>"
            let done = client.send("POST", "/backups/parts.bin?uploadId=\(upload)", body: Array(xml.utf8))
            #expect(done.status == 200, "\(done.bodyText)")
            #expect(try Self.send(client.request("GET", "/backups/parts.bin"), to: base).body == first + second)
        }
    }

    /// The upload named SHA-256, the part carries no checksum: S3 computes it. The single pass over the
    /// spooled body computes it (before, it was read again under the S3 lock, from a path the body had
    /// already been renamed away from, giving the checksum of nothing).
    @Test func aSpooledPartGetsTheChecksumOnlyCreateMultipartUploadNamed() throws {
        let directory = PersistenceTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let part = Self.body(2 * Self.mib, seed: 8)
        try Self.serve(directory) { client, base in
            let created = client.send("POST", "/backups/summed.bin?uploads", headers: [("x-amz-checksum-algorithm", "SHA256")])
            let upload = S3TestClient.xml(created).childText("UploadId") ?? ""
            let one = try Self.send(client.request("PUT", "/backups/summed.bin?partNumber=1&uploadId=\(upload)", body: part), to: base)
            #expect(one.status == 200, "\(one.bodyText)")
            #expect(one.headers["x-amz-checksum-sha256"] == ChecksumAlgorithm.sha256.checksum(part))
            let parts = S3TestClient.xml(client.send("GET", "/backups/summed.bin?uploadId=\(upload)")).children("Part")
            #expect(parts.compactMap { $0.childText("ChecksumSHA256") } == [ChecksumAlgorithm.sha256.checksum(part)])
        }
    }

    @Test func overFiveGiBIsEntityTooLargeBeforeTheBodyIsRead() throws {
        let client = S3TestClient(buckets: ["backups": S3Bucket(name: "backups", region: "us-east-1", creationDate: S3TestClient.now)])
        for header in ["Content-Length", "x-amz-decoded-content-length"] {
            var head = client.request("PUT", "/backups/huge.bin", unsignedPayload: true)
            head.headers.set(header, String(5 * 1024 * 1024 * 1024 + 1))
            guard case .refuse(let response) = client.emulator.bodyPolicy(forHead: head) else {
                Issue.record("a declared \(header) over 5 GiB was not refused")
                continue
            }
            #expect(response.status == 400)
            #expect(S3TestClient.error(response) == ("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size"))
            #expect(S3TestClient.xml(response).childText("ProposedSize") == "5368709121")
            #expect(S3TestClient.xml(response).childText("MaxSizeAllowed") == "5368709120")
        }
        var small = client.request("PUT", "/backups/ok.bin", unsignedPayload: true)
        small.headers.set("Content-Length", String(5 * 1024 * 1024 * 1024))
        guard case .spool(let spool) = client.emulator.bodyPolicy(forHead: small) else {
            Issue.record("a 5 GiB PutObject is not spooled")
            return
        }
        #expect(spool.threshold == S3DataStore.fileThreshold)
        // Other requests (and other emulators) keep their in-memory bodies.
        guard case .inMemory = client.emulator.bodyPolicy(forHead: client.request("POST", "/backups?delete")) else {
            Issue.record("DeleteObjects is spooled")
            return
        }
    }

    /// The server asks on its event loop: a long operation holding the S3 lock (a compaction, a large
    /// CompleteMultipartUpload) must not stall every other connection's head.
    @Test func theBodyPolicyIsDecidedWithoutTheStateLock() {
        let client = S3TestClient(buckets: ["backups": S3Bucket(name: "backups", region: "us-east-1", creationDate: S3TestClient.now)])
        var request = client.request("PUT", "/backups/big.bin", unsignedPayload: true)
        request.headers.set("Content-Length", String(20 * Self.mib))
        let head = request
        let holding = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), decided = DispatchSemaphore(value: 0)
        Thread {
            client.emulator.state.withLock { _ in
                holding.signal()
                release.wait()
            }
        }.start()
        holding.wait()
        Thread {
            _ = client.emulator.bodyPolicy(forHead: head)
            decided.signal()
        }.start()
        let inTime = decided.wait(timeout: .now() + 3) == .success
        release.signal()
        #expect(inTime, "bodyPolicy waited for the state lock")
        if !inTime { decided.wait() }
    }

    @Test func aDeclaredSizeOverFiveGiBIsAnsweredOverTheWireWithoutReadingTheBody() throws {
        let directory = PersistenceTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Self.serve(directory) { client, base in
            let port = Int(base.split(separator: ":").last ?? "") ?? 0
            var head = client.request("PUT", "/backups/huge.bin", unsignedPayload: true)
            head.headers.set("Content-Length", "6000000000")
            let text = "PUT /backups/huge.bin HTTP/1.1\r\n" + head.headers.map { "\($0.name): \($0.value)\r\n" }.joined() + "\r\n"
            let answer = try RawSocket.exchange(port: port, send: Array(text.utf8) + Self.body(1000), closeAfterSend: false)
            #expect(answer.hasPrefix("HTTP/1.1 400"))
            #expect(answer.contains("<Code>EntityTooLarge</Code>"))
            #expect(answer.contains("<ProposedSize>6000000000</ProposedSize>"))
        }
    }

    @Test func aClientThatLeavesMidBodyLeavesNoFile() throws {
        let directory = PersistenceTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Self.serve(directory) { client, base in
            let port = Int(base.split(separator: ":").last ?? "") ?? 0
            var head = client.request("PUT", "/backups/left.bin", unsignedPayload: true)
            head.headers.set("Content-Length", String(20 * Self.mib))
            let text = "PUT /backups/left.bin HTTP/1.1\r\n" + head.headers.map { "\($0.name): \($0.value)\r\n" }.joined() + "\r\n"
            // The body is being spooled (a file in incoming/) when the client leaves.
            var spooling = false
            _ = try RawSocket.exchange(port: port, send: Array(text.utf8) + Self.body(3 * Self.mib), closeAfterSend: true) {
                let deadline = ContinuousClock.now + .seconds(5)
                while !spooling, ContinuousClock.now < deadline {
                    spooling = !Self.incoming(directory).isEmpty
                    if !spooling { Thread.sleep(forTimeInterval: 0.01) }
                }
            }
            #expect(spooling, "a spool file existed while the body arrived")
            // The server notices the close on its event loop; give it up to 5 s.
            let deadline = ContinuousClock.now + .seconds(5)
            while !Self.incoming(directory).isEmpty, ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.02) }
            #expect(Self.incoming(directory).isEmpty)
            #expect(try Self.send(client.request("GET", "/backups/left.bin"), to: base).status == 404)
        }
    }
}

/// A plain TCP exchange for what an HTTP client library will not send (a false Content-Length, a body
/// cut short).
enum RawSocket {
    struct Failure: Error { let what: String }

    /// Connects to 127.0.0.1:`port`, sends `bytes`, then closes (`closeAfterSend`) or reads the answer
    /// until the server closes or 5 s pass.
    /// `beforeClose` runs after the last byte is sent, before a `closeAfterSend` close.
    static func exchange(port: Int, send bytes: [UInt8], closeAfterSend: Bool, beforeClose: () -> Void = {}) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(what: "socket") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(what: "connect") }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            if count <= 0 { break }  // the server may answer and close before taking it all
            sent += count
        }
        if closeAfterSend {
            beforeClose()
            return ""
        }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            answer += buffer[0..<count]
        }
        return String(decoding: answer, as: UTF8.self)
    }
}
