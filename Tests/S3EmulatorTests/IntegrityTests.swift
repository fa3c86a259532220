import DrydockCrypto
import DrydockHTTP
import Foundation
@testable import S3Emulator
import Testing

@Suite("S3 integrity: digests, checksums, aws-chunked")
struct IntegrityTests {
    static let check = Array("123456789".utf8)

    /// The catalogue check values of each CRC (and the known digests), so each algorithm is the real one.
    @Test func checksumAlgorithmsMatchTheirCheckValues() {
        #expect(CRC32.checksum(Self.check) == 0xCBF4_3926)
        #expect(CRC32C.checksum(Self.check) == 0xE306_9283)
        #expect(CRC64NVME.checksum(Self.check) == 0xAE8B_1486_0A79_9888)
        #expect(Hex.encode(Digest.md5(Array("".utf8))) == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(Hex.encode(Digest.sha1(Array("abc".utf8))) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(ChecksumAlgorithm.crc32.checksum(Self.check) == Base64.encode([0xCB, 0xF4, 0x39, 0x26]))
        // Slicing-by-8 against the bytewise definition, across lengths that end mid-word.
        for length in [0, 1, 7, 8, 9, 15, 16, 17, 100, 1027] {
            let data = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            var crc: UInt64 = ~0
            for byte in data {
                crc ^= UInt64(byte)
                for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x9A6C_9329_AC4B_C9B5 : crc >> 1 }
            }
            #expect(CRC64NVME.checksum(data) == ~crc, "length \(length)")
        }
    }

    static func client() -> S3TestClient {
        let client = S3TestClient()
        client.createBucket("manifests")
        return client
    }

    @Test(arguments: ChecksumAlgorithm.allCases)
    func flexibleChecksumsAreVerifiedAndEchoed(_ algorithm: ChecksumAlgorithm) {
        let client = Self.client()
        let body = Array("manifest body".utf8)
        let good = client.send("PUT", "/manifests/k", headers: [(algorithm.headerName, algorithm.checksum(body)), ("x-amz-sdk-checksum-algorithm", algorithm.rawValue)], body: body)
        #expect(good.status == 200)
        #expect(good.headers[algorithm.headerName] == algorithm.checksum(body))
        let get = client.send("GET", "/manifests/k", headers: [("x-amz-checksum-mode", "ENABLED")])
        #expect(get.headers[algorithm.headerName] == algorithm.checksum(body))
        let bad = client.send("PUT", "/manifests/k", headers: [(algorithm.headerName, algorithm.checksum(Array("other".utf8)))], body: body)
        #expect(bad.status == 400)
        #expect(S3TestClient.error(bad) == ("BadDigest", "The \(algorithm.rawValue) you specified did not match the calculated checksum."))
    }

    @Test func contentMD5() {
        let client = Self.client()
        let body = Array("abc".utf8)
        #expect(client.send("PUT", "/manifests/k", headers: [("Content-MD5", Base64.encode(Digest.md5(body)))], body: body).status == 200)
        let bad = client.send("PUT", "/manifests/k", headers: [("Content-MD5", Base64.encode(Digest.md5(Array("x".utf8))))], body: body)
        #expect(S3TestClient.error(bad) == ("BadDigest", "The Content-MD5 you specified did not match what we received."))
        let invalid = client.send("PUT", "/manifests/k", headers: [("Content-MD5", "not-base64")], body: body)
        #expect(S3TestClient.error(invalid) == ("InvalidDigest", "The Content-MD5 you specified was not valid."))
    }

    @Test func contentSHA256Mismatch() {
        let client = Self.client()
        var request = client.request("PUT", "/manifests/k", body: Array("abc".utf8))
        request.body = Array("abd".utf8)
        let response = client.emulator.handle(request)
        #expect(response.status == 400)
        #expect(S3TestClient.error(response) == ("XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed."))
    }

    @Test func signatureMismatchIs403WithTheStringToSign() {
        var client = Self.client()
        client.credentials = AWSCredentials(accessKeyID: S3TestClient.credentials.accessKeyID, secretAccessKey: "wrong")
        let response = client.send("GET", "/manifests?list-type=2")
        #expect(response.status == 403)
        #expect(S3TestClient.error(response).code == "SignatureDoesNotMatch")
        #expect(S3TestClient.xml(response).childText("StringToSign")?.hasPrefix("AWS4-HMAC-SHA256\n") == true)
        client.credentials = AWSCredentials(accessKeyID: "AKIDUNKNOWN", secretAccessKey: "x")
        #expect(S3TestClient.error(client.send("GET", "/")) == ("InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records."))
    }

    @Test func anonymousAndSkewedRequests() {
        let client = Self.client()
        let anonymous = client.emulator.handle(HTTPRequest(method: "GET", target: "/manifests/k", headers: ["Host": "manifests.s3.amazonaws.com"]))
        #expect(S3TestClient.error(anonymous) == ("AccessDenied", "Access Denied"))
        let request = client.request("GET", "/")
        client.clock.advance(16 * 60)
        let skewed = client.emulator.handle(request)
        #expect(skewed.status == 403)
        #expect(S3TestClient.error(skewed) == ("RequestTimeTooSkewed", "The difference between the request time and the current time is too large."))
    }

    @Test func presignedURLs() {
        let client = Self.client()
        client.put("/manifests/k", "presigned")
        let signer = SigV4Signer(credentials: S3TestClient.credentials, region: "us-east-1", service: "s3")
        var unsigned = signer
        unsigned.unsignedPayload = true
        let presigned = unsigned.presign(SigV4Request(method: "GET", path: "/manifests/k", query: "", headers: [("Host", "127.0.0.1")], body: []),
                                         date: S3TestClient.now, expires: 300)
        let request = HTTPRequest(method: "GET", target: presigned.path + "?" + presigned.query, headers: ["Host": "127.0.0.1"])
        #expect(client.emulator.handle(request).bodyText == "presigned")
        client.clock.advance(301)
        let expired = client.emulator.handle(request)
        #expect(S3TestClient.error(expired) == ("AccessDenied", "Request has expired"))
        var tampered = request
        tampered.target = tampered.target.replacingOccurrences(of: "/manifests/k", with: "/manifests/j")
        client.clock.advance(-301)
        #expect(S3TestClient.error(client.emulator.handle(tampered)).code == "SignatureDoesNotMatch")
    }

    /// An aws-chunked body signed as `STREAMING-AWS4-HMAC-SHA256-PAYLOAD`, chunk by chunk (the Java and Go
    /// SDKs' default).
    static func streamingRequest(_ client: S3TestClient, chunks: [[UInt8]], tamper: Bool = false) -> HTTPRequest {
        let date = client.clock.now()
        let timestamp = SigV4Timestamp.format(date)
        let total = chunks.reduce(0) { $0 + $1.count }
        var headers: [(name: String, value: String)] = [
            ("Host", "127.0.0.1"), ("Content-Encoding", "aws-chunked"), ("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"),
            ("x-amz-date", timestamp), ("x-amz-decoded-content-length", String(total)),
        ]
        let names = headers.map { $0.name.lowercased() }.sorted()
        let request = SigV4Request(method: "PUT", path: "/manifests/streamed", query: "", headers: headers, body: [])
        let canonical = SigV4Signer.canonicalRequest(request, signedHeaders: names, payloadHash: "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", normalizePath: false, doubleEncodePath: false)
        let day = String(timestamp.prefix(8))
        let scope = "\(day)/us-east-1/s3/aws4_request"
        let key = SigV4Signer.signingKey(secret: S3TestClient.credentials.secretAccessKey, date: day, region: "us-east-1", service: "s3")
        let seed = Hex.encode(HMAC.sha256(key: key, message: SigV4Signer.stringToSign(canonicalRequest: canonical, date: date, scope: scope)))
        headers.append(("Authorization", "AWS4-HMAC-SHA256 Credential=\(S3TestClient.credentials.accessKeyID)/\(scope), SignedHeaders=\(names.joined(separator: ";")), Signature=\(seed)"))
        var signer = AWSChunkedDecoder.ChunkSigner(signingKey: HMACKey(key), timestamp: timestamp, scope: scope, previousSignature: seed)
        var body: [UInt8] = []
        for chunk in chunks + [[]] {
            let signature = signer.next(chunk: chunk[...])
            body += Array("\(String(chunk.count, radix: 16));chunk-signature=\(signature)\r\n".utf8) + chunk + Array("\r\n".utf8)
        }
        // The first data byte, after the first chunk's header line.
        if tamper, let index = body.firstIndex(of: 0x0A) { body[index + 1] = UInt8(ascii: "A") }
        return HTTPRequest(method: "PUT", target: "/manifests/streamed", headers: HTTPHeaders(headers.map { ($0.name, $0.value) }), body: body)
    }

    @Test func signedChunksAreVerified() {
        let client = Self.client()
        let chunks = [Array(repeating: UInt8(ascii: "a"), count: 8192), Array("bbb".utf8)]
        let response = client.emulator.handle(Self.streamingRequest(client, chunks: chunks))
        #expect(response.status == 200, "\(response.bodyText)")
        let get = client.send("GET", "/manifests/streamed")
        #expect(get.body == chunks[0] + chunks[1])
        #expect(get.headers["Content-Encoding"] == nil)
        let tampered = client.emulator.handle(Self.streamingRequest(client, chunks: chunks, tamper: true))
        #expect(tampered.status == 403)
        #expect(S3TestClient.error(tampered).code == "SignatureDoesNotMatch")
    }

    @Test func unsignedPayloadTrailerWithChecksum() {
        let client = Self.client()
        let data = Array("trailer body".utf8)
        func body(_ checksum: String) -> [UInt8] {
            Array("\(String(data.count, radix: 16))\r\n".utf8) + data + Array("\r\n0\r\nx-amz-checksum-crc32:\(checksum)\r\n\r\n".utf8)
        }
        func send(_ payload: [UInt8]) -> HTTPResponse {
            client.emulator.handle(client.request("PUT", "/manifests/t", headers: [
                ("Content-Encoding", "aws-chunked"), ("x-amz-trailer", "x-amz-checksum-crc32"),
                ("x-amz-decoded-content-length", String(data.count)), ("x-amz-sdk-checksum-algorithm", "CRC32"),
            ], body: payload, unsignedPayload: true).replacingContentSHA256("STREAMING-UNSIGNED-PAYLOAD-TRAILER", client: client))
        }
        let good = send(body(ChecksumAlgorithm.crc32.checksum(data)))
        #expect(good.status == 200, "\(good.bodyText)")
        #expect(good.headers["x-amz-checksum-crc32"] == ChecksumAlgorithm.crc32.checksum(data))
        #expect(client.send("GET", "/manifests/t").body == data)
        let bad = send(body(ChecksumAlgorithm.crc32.checksum(Array("x".utf8))))
        #expect(S3TestClient.error(bad) == ("BadDigest", "The CRC32 you specified did not match the calculated checksum."))
    }

    @Test(arguments: [
        "zz\r\nabc\r\n0\r\n\r\n", "3\r\nab", "ffffffffffffffffff\r\n", "3;x=y\r\nabc\r\n0\r\n\r\n", "3\r\nabcX0\r\n\r\n",
        "7fffffffffffffff\r\nabc",
    ])
    func malformedChunkedBodiesAre400(_ text: String) {
        let error = #expect(throws: S3Error.self) { try AWSChunkedDecoder.decode(Array(text.utf8), signer: nil) }
        #expect(error?.status == 400)
    }
}

extension HTTPRequest {
    /// The request re-signed with `x-amz-content-sha256` set to `declared` (the body left as is).
    func replacingContentSHA256(_ declared: String, client: S3TestClient) -> HTTPRequest {
        var headers = headers.fields.filter { !["authorization", "x-amz-content-sha256", "x-amz-date"].contains($0.name.lowercased()) }
        headers.append((name: "x-amz-content-sha256", value: declared))
        let date = client.clock.now()
        headers.append((name: "X-Amz-Date", value: SigV4Timestamp.format(date)))
        let names = Set(headers.map { $0.name.lowercased() }).sorted()
        let request = SigV4Request(method: method, path: rawPath, query: rawQuery, headers: headers, body: [])
        let canonical = SigV4Signer.canonicalRequest(request, signedHeaders: names, payloadHash: declared, normalizePath: false, doubleEncodePath: false)
        let day = String(SigV4Timestamp.format(date).prefix(8))
        let scope = "\(day)/\(client.region)/s3/aws4_request"
        let key = SigV4Signer.signingKey(secret: client.credentials.secretAccessKey, date: day, region: client.region, service: "s3")
        let signature = Hex.encode(HMAC.sha256(key: key, message: SigV4Signer.stringToSign(canonicalRequest: canonical, date: date, scope: scope)))
        headers.append((name: "Authorization", value: "AWS4-HMAC-SHA256 Credential=\(client.credentials.accessKeyID)/\(scope), SignedHeaders=\(names.joined(separator: ";")), Signature=\(signature)"))
        return HTTPRequest(method: method, target: target, headers: HTTPHeaders(headers.map { ($0.name, $0.value) }), body: body)
    }
}
