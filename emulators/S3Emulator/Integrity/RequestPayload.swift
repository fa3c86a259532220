import Foundation
import DrydockCrypto
import DrydockHTTP

/// A request body as S3 sees it after transfer: aws-chunked decoded (chunk signatures checked), the
/// declared `x-amz-content-sha256` compared, trailers collected.
struct RequestPayload: Sendable {
    let bytes: [UInt8]
    /// Trailing headers of an aws-chunked body (lower-cased names).
    let trailers: [String: String]

    static func decode(_ request: HTTPRequest, signature: S3Signature) throws(S3Error) -> RequestPayload {
        let declared = request.headers["x-amz-content-sha256"] ?? "UNSIGNED-PAYLOAD"
        guard let mode = PayloadMode(declared) else { throw S3Error.invalidContentSHA256 }
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
        if let lengthText = request.headers["x-amz-decoded-content-length"] {
            guard let length = Int(lengthText), length == decoded.payload.count else { throw S3Error.incompleteBody }
        }
        if let announced = request.headers["x-amz-trailer"]?.lowercased() {
            for name in announced.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where decoded.trailers[name] == nil {
                throw S3Error.malformedTrailer
            }
        }
        return RequestPayload(bytes: decoded.payload, trailers: decoded.trailers)
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
            let computed = Digest.md5(payload.bytes)
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
        guard algorithm.digest(payload.bytes) == digest else { throw S3Error.badDigest(algorithm: algorithm) }
        return (algorithm, value)
    }
}
