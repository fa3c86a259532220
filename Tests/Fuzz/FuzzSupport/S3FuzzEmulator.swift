import DrydockCrypto
import DrydockHTTP
import EmulatorKit
import Foundation
import S3Emulator

/// An S3 emulator for the fuzz targets: one bucket (`fuzz`), one multipart upload in progress, and the
/// AWS test suite's example key, so fuzzed bodies reach the operations behind a valid signature.
public final class S3FuzzEmulator: Sendable {
    public static let accessKey = "AKIDEXAMPLE"
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    public let emulator: S3Emulator
    public let uploadID: String
    let clock = VirtualClock()

    public init() {
        // No fixture set: the emulator starts without buckets.
        emulator = try! S3Emulator(fixturesDirectory: "/nonexistent-drydock-fixtures", clock: clock, authority: nil,
                                   staticKeys: [Self.accessKey: Self.secret])
        _ = emulator.handle(Self.signed("PUT", "/fuzz", body: [], payloadHash: SHA256.hex([UInt8]()), date: clock.now()))
        let created = emulator.handle(Self.signed("POST", "/fuzz/big?uploads", body: [], payloadHash: SHA256.hex([UInt8]()), date: clock.now()))
        let text = created.bodyText
        let start = text.range(of: "<UploadId>")?.upperBound
        let end = text.range(of: "</UploadId>")?.lowerBound
        uploadID = start.flatMap { start in end.map { String(text[start..<$0]) } } ?? ""
    }

    /// `method target` with `body` and `headers`, signed for `s3` with `payloadHash` declared as
    /// `x-amz-content-sha256` (a hex hash, `UNSIGNED-PAYLOAD` or a `STREAMING-…` value).
    public func send(_ method: String, _ target: String, headers: [(String, String)] = [], body: [UInt8], payloadHash: String) -> HTTPResponse {
        emulator.handle(Self.signed(method, target, headers: headers, body: body, payloadHash: payloadHash, date: clock.now()))
    }

    /// Like `send`, with the body in a file as the server spools large PutObject/UploadPart bodies
    /// (`HTTPRequest.bodyFile`), so the streaming decoder reads it in blocks.
    public func sendSpooled(_ method: String, _ target: String, headers: [(String, String)] = [], body: [UInt8], payloadHash: String) -> HTTPResponse {
        guard let (file, fd) = HTTPBodyFile.create(in: NSTemporaryDirectory(), prefix: "drydock-fuzz-") else { return HTTPResponse(status: 200) }
        _ = body.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        var request = Self.signed(method, target, headers: headers, body: [], payloadHash: payloadHash, date: clock.now())
        request.bodyFile = file
        return emulator.handle(request)
    }

    static func signed(_ method: String, _ target: String, headers extra: [(String, String)] = [], body: [UInt8], payloadHash: String, date: Date) -> HTTPRequest {
        let parts = target.split(separator: "?", maxSplits: 1).map(String.init)
        var headers: [(name: String, value: String)] = [("Host", "127.0.0.1"), ("x-amz-content-sha256", payloadHash),
                                                         ("X-Amz-Date", SigV4Timestamp.format(date))]
        headers += extra.map { (name: $0.0, value: $0.1) }
        let names = Set(headers.map { $0.name.lowercased() }).sorted()
        let request = SigV4Request(method: method, path: parts[0], query: parts.count > 1 ? parts[1] : "", headers: headers, body: [])
        let canonical = SigV4Signer.canonicalRequest(request, signedHeaders: names, payloadHash: payloadHash, normalizePath: false, doubleEncodePath: false)
        let day = String(SigV4Timestamp.format(date).prefix(8))
        let scope = "\(day)/us-east-1/s3/aws4_request"
        let key = SigV4Signer.signingKey(secret: secret, date: day, region: "us-east-1", service: "s3")
        let signature = Hex.encode(HMAC.sha256(key: key, message: SigV4Signer.stringToSign(canonicalRequest: canonical, date: date, scope: scope)))
        headers.append(("Authorization", "AWS4-HMAC-SHA256 Credential=\(accessKey)/\(scope), SignedHeaders=\(names.joined(separator: ";")), Signature=\(signature)"))
        headers.append(("Content-Length", String(body.count)))
        return HTTPRequest(method: method, target: target, headers: HTTPHeaders(headers.map { ($0.name, $0.value) }), body: body)
    }
}
