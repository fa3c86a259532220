import Foundation
import DrydockCrypto
import DrydockHTTP

/// A request body as S3 sees it after transfer: aws-chunked decoded (chunk signatures checked), the
/// declared `x-amz-content-sha256` compared, trailers collected.
struct RequestPayload: Sendable {
    /// The payload when it is in memory (empty when `spooled`).
    let bytes: [UInt8]
    /// Trailing headers of an aws-chunked body (lower-cased names).
    let trailers: [String: String]
    /// The payload when the server spooled the body to a file (large PutObject and UploadPart bodies).
    var spooled: SpooledPayload?

    init(bytes: [UInt8], trailers: [String: String], spooled: SpooledPayload? = nil) {
        self.bytes = bytes
        self.trailers = trailers
        self.spooled = spooled
    }

    var size: Int { spooled?.size ?? bytes.count }
    func md5() -> [UInt8] { spooled?.md5 ?? Digest.md5(bytes) }
    func digest(_ algorithm: ChecksumAlgorithm) -> [UInt8] { spooled?.digest(algorithm) ?? algorithm.digest(bytes) }
    func checksum(_ algorithm: ChecksumAlgorithm) -> String { Base64.encode(digest(algorithm)) }

    /// `alsoCompute`: a checksum a spooled body's single pass computes besides the ones the request names
    /// (an UploadPart's, when only CreateMultipartUpload named the algorithm).
    static func decode(_ request: HTTPRequest, signature: S3Signature, alsoCompute: ChecksumAlgorithm? = nil) throws(S3Error) -> RequestPayload {
        let declared = request.headers["x-amz-content-sha256"] ?? "UNSIGNED-PAYLOAD"
        guard let mode = PayloadMode(declared) else { throw S3Error.invalidContentSHA256 }
        if let file = request.bodyFile {
            return try decodeSpooled(file, request: request, mode: mode, signature: signature, alsoCompute: alsoCompute)
        }
        let decoded: AWSChunkedDecoder.Decoded
        switch mode {
        case .unsigned:
            return RequestPayload(bytes: request.body, trailers: [:])
        case .hash(let hash):
            let computed = SHA256.hex(request.body)
            guard computed == hash else { throw S3Error.contentSHA256Mismatch(client: hash, computed: computed) }
            return RequestPayload(bytes: request.body, trailers: [:])
        case .streamingSigned(let trailer):
            let signer = AWSChunkedDecoder.ChunkSigner(
                signingKey: signature.signingKey, timestamp: signature.timestamp, scope: signature.scope,
                previousSignature: signature.signature)
            decoded = try AWSChunkedDecoder.decode(request.body, signer: signer, trailerSigned: trailer)
        case .streamingUnsignedTrailer:
            decoded = try AWSChunkedDecoder.decode(request.body, signer: nil)
        }
        try checkDecoded(request, size: decoded.payload.count, trailers: decoded.trailers)
        return RequestPayload(bytes: decoded.payload, trailers: decoded.trailers)
    }

    /// The decoded length and the announced trailers of an aws-chunked body.
    private static func checkDecoded(_ request: HTTPRequest, size: Int, trailers: [String: String]) throws(S3Error) {
        if let lengthText = request.headers["x-amz-decoded-content-length"] {
            guard let length = Int(lengthText), length == size else { throw S3Error.incompleteBody }
        }
        for name in announcedTrailers(request) where trailers[name] == nil {
            throw S3Error.malformedTrailer
        }
    }

    private static func announcedTrailers(_ request: HTTPRequest) -> [String] {
        (request.headers["x-amz-trailer"]?.lowercased() ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// A spooled body, read once (see `SpooledPayload`), with the same checks as one in memory.
    private static func decodeSpooled(
        _ file: HTTPBodyFile, request: HTTPRequest, mode: PayloadMode, signature: S3Signature, alsoCompute: ChecksumAlgorithm?
    ) throws(S3Error) -> RequestPayload {
        var algorithms: Set<ChecksumAlgorithm> = [.crc64nvme]
        if let alsoCompute { algorithms.insert(alsoCompute) }
        for field in request.headers.fields { if let algorithm = ChecksumAlgorithm(headerName: field.name) { algorithms.insert(algorithm) } }
        for name in announcedTrailers(request) { if let algorithm = ChecksumAlgorithm(headerName: name) { algorithms.insert(algorithm) } }
        let payload: SpooledPayload
        switch mode {
        case .unsigned:
            payload = try SpooledPayload.read(file, chunked: false, signer: nil, trailerSigned: false, hashSHA256: false, algorithms: algorithms)
        case .hash(let hash):
            payload = try SpooledPayload.read(file, chunked: false, signer: nil, trailerSigned: false, hashSHA256: true, algorithms: algorithms)
            let computed = Hex.encode(payload.sha256 ?? [])
            guard computed == hash else { throw S3Error.contentSHA256Mismatch(client: hash, computed: computed) }
        case .streamingSigned(let trailer):
            let signer = AWSChunkedDecoder.ChunkSigner(
                signingKey: signature.signingKey, timestamp: signature.timestamp, scope: signature.scope,
                previousSignature: signature.signature)
            payload = try SpooledPayload.read(file, chunked: true, signer: signer, trailerSigned: trailer, hashSHA256: false, algorithms: algorithms)
        case .streamingUnsignedTrailer:
            payload = try SpooledPayload.read(file, chunked: true, signer: nil, trailerSigned: false, hashSHA256: false, algorithms: algorithms)
        }
        if payload.file !== file { try checkDecoded(request, size: payload.size, trailers: payload.trailers) }
        return RequestPayload(bytes: [], trailers: payload.trailers, spooled: payload)
    }
}

/// Content-MD5 and the flexible checksums (`x-amz-checksum-*` as a header or an aws-chunked trailer),
/// checked against the payload as S3 checks them.
enum IntegrityCheck {
    /// The checksum the request carried (verified), or nil. Throws `InvalidDigest`/`BadDigest`, or
    /// `InvalidRequest` for more than one checksum or a value of the wrong size.
    static func verify(_ payload: RequestPayload, headers: HTTPHeaders) throws(S3Error) -> (ChecksumAlgorithm, String)? {
        if let md5 = headers["Content-MD5"] {
            guard let digest = Base64.decode(md5), digest.count == 16 else { throw S3Error.invalidDigest }
            let computed = payload.md5()
            guard computed == digest else { throw S3Error.badDigestMD5(expected: md5, calculated: Base64.encode(computed)) }
        }
        var supplied: [(ChecksumAlgorithm, String)] = []
        for field in headers.fields {
            if let algorithm = ChecksumAlgorithm(headerName: field.name) { supplied.append((algorithm, field.value)) }
        }
        for (name, value) in payload.trailers {
            if let algorithm = ChecksumAlgorithm(headerName: name) { supplied.append((algorithm, value)) }
        }
        guard let (algorithm, value) = supplied.first else { return nil }
        guard supplied.count == 1 else {
            throw S3Error.invalidRequest("Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.")
        }
        if let declared = headers["x-amz-sdk-checksum-algorithm"], declared.uppercased() != algorithm.rawValue {
            throw S3Error.invalidRequest("Value for x-amz-sdk-checksum-algorithm header is invalid.")
        }
        guard let digest = Base64.decode(value), digest.count == algorithm.digestSize else {
            throw S3Error.invalidChecksum(algorithm: algorithm)
        }
        guard payload.digest(algorithm) == digest else { throw S3Error.badDigest(algorithm: algorithm) }
        return (algorithm, value)
    }
}
