import DrydockCrypto
import Foundation

/// Decodes an `aws-chunked` body: `<hex size>[;chunk-signature=<sig>]\r\n<data>\r\n` chunks, a zero-size
/// last chunk, then optional trailers (`name:value\r\n`, the last one `x-amz-trailer-signature` for a
/// signed trailer) and an empty line.
///
/// With a `ChunkSigner`, every chunk's signature is checked against the chain S3 computes (seeded by the
/// request's own signature); a trailer signature too when present. Limits: a size field of at most 16
/// hex digits, sizes added with overflow checks, at most `maxTrailers` trailers of `maxTrailerBytes`.
struct AWSChunkedDecoder {
    struct Decoded: Equatable {
        var payload: [UInt8]
        /// Trailer names lower-cased, values trimmed.
        var trailers: [String: String]
    }

    /// The chunk-signature chain of `STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]`.
    struct ChunkSigner {
        let signingKey: [UInt8]
        let timestamp: String
        let scope: String
        var previousSignature: String

        mutating func next(chunk: ArraySlice<UInt8>) -> String {
            let toSign = ["AWS4-HMAC-SHA256-PAYLOAD", timestamp, scope, previousSignature, Self.emptyHash, SHA256.hex(Array(chunk))]
                .joined(separator: "\n")
            previousSignature = Hex.encode(HMAC.sha256(key: signingKey, message: toSign))
            return previousSignature
        }

        mutating func trailer(_ canonicalTrailers: String) -> String {
            let toSign = ["AWS4-HMAC-SHA256-TRAILER", timestamp, scope, previousSignature, SHA256.hex(canonicalTrailers)]
                .joined(separator: "\n")
            previousSignature = Hex.encode(HMAC.sha256(key: signingKey, message: toSign))
            return previousSignature
        }

        static let emptyHash = SHA256.hex([UInt8]())
    }

    static let maxTrailers = 16
    static let maxTrailerBytes = 4096

    /// The decoded payload, or S3's error for a malformed body or a wrong signature.
    static func decode(_ body: [UInt8], signer: ChunkSigner?, trailerSigned: Bool = false) throws(S3Error) -> Decoded {
        var signer = signer
        var payload: [UInt8] = []
        var index = 0
        while true {
            guard let lineEnd = lineEnd(in: body, from: index) else { throw .incompleteBody }
            let header = body[index..<lineEnd]
            index = lineEnd + 2
            let (size, signature) = try chunkHeader(header)
            let (end, overflow) = index.addingReportingOverflow(size)
            guard !overflow, end <= body.count else { throw .incompleteBody }
            let chunk = body[index..<end]
            if var chain = signer {
                guard let signature, ConstantTime.equals(chain.next(chunk: chunk), signature.lowercased()) else {
                    throw S3Error.chunkSignatureMismatch
                }
                signer = chain
            }
            payload += chunk
            index = end
            if size == 0 { break }
            guard body.count >= index + 2, body[index] == 0x0D, body[index + 1] == 0x0A else { throw .incompleteBody }
            index += 2
        }
        var trailers: [String: String] = [:]
        var canonical = ""
        var trailerSignature: String?
        while true {
            guard let lineEnd = lineEnd(in: body, from: index) else {
                // Some clients end the body right after the last trailer (or the last chunk) without
                // the final empty line; S3 accepts that.
                guard index == body.count else { throw .incompleteBody }
                break
            }
            let line = String(decoding: body[index..<lineEnd], as: UTF8.self)
            index = lineEnd + 2
            if line.isEmpty { break }
            guard trailers.count < maxTrailers, line.utf8.count <= maxTrailerBytes, let colon = line.firstIndex(of: ":") else {
                throw S3Error.malformedTrailer
            }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if name == "x-amz-trailer-signature" {
                trailerSignature = value
            } else {
                trailers[name] = value
                canonical += "\(name):\(value)\n"
            }
        }
        guard index == body.count else { throw .incompleteBody }
        if trailerSigned, var chain = signer {
            guard let trailerSignature, ConstantTime.equals(chain.trailer(canonical), trailerSignature.lowercased()) else {
                throw S3Error.chunkSignatureMismatch
            }
        }
        return Decoded(payload: payload, trailers: trailers)
    }

    /// `size[;chunk-signature=sig]` → size and signature.
    private static func chunkHeader(_ header: ArraySlice<UInt8>) throws(S3Error) -> (Int, String?) {
        let text = String(decoding: header, as: UTF8.self)
        let parts = text.split(separator: ";", maxSplits: 1)
        guard let sizeText = parts.first, !sizeText.isEmpty, sizeText.utf8.count <= 16,
              let size = Int(sizeText, radix: 16), size >= 0
        else { throw S3Error.invalidChunkSize }
        var signature: String?
        if parts.count == 2 {
            let extensionText = parts[1]
            guard extensionText.hasPrefix("chunk-signature=") else { throw S3Error.invalidChunkSize }
            signature = String(extensionText.dropFirst("chunk-signature=".count))
        }
        return (size, signature)
    }

    private static func lineEnd(in body: [UInt8], from start: Int) -> Int? {
        var index = start
        while index + 1 < body.count {
            if body[index] == 0x0D && body[index + 1] == 0x0A { return index }
            index += 1
        }
        return nil
    }
}

extension S3Error {
    /// A chunk signature that does not match: S3 answers SignatureDoesNotMatch (its message for
    /// header signatures; assumed the same for chunks).
    static let chunkSignatureMismatch = S3Error(
        code: "SignatureDoesNotMatch",
        message: "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
        status: 403)
    /// A chunk header that is not `hex-size[;chunk-signature=…]` (code and text assumed).
    static let invalidChunkSize = S3Error(code: "InvalidChunkSizeError", message: "The chunk size is not a valid hexadecimal number.", status: 400)
    /// A trailer line that is not `name:value` (code and text assumed).
    static let malformedTrailer = S3Error(code: "MalformedTrailerError", message: "The request contained trailing data that was not well-formed or did not conform to our published schema.", status: 400)
}
