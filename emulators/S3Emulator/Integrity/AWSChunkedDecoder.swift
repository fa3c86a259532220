import DrydockCrypto
import Foundation

/// Decodes an `aws-chunked` body held in memory (through `AWSChunkedStream`, which also decodes spooled
/// ones). With a `ChunkSigner`, every chunk's signature is checked against the chain S3 computes (seeded
/// by the request's own signature); a trailer signature too when present.
struct AWSChunkedDecoder {
    struct Decoded: Equatable {
        var payload: [UInt8]
        /// Trailer names lower-cased, values trimmed.
        var trailers: [String: String]
    }

    /// The chunk-signature chain of `STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]`.
    struct ChunkSigner {
        let signingKey: HMACKey
        let timestamp: String
        let scope: String
        var previousSignature: String

        /// The next signature of the chain, for a chunk whose SHA-256 (hex) is `chunkHash`.
        mutating func next(chunkHash: String) -> String {
            let toSign = ["AWS4-HMAC-SHA256-PAYLOAD", timestamp, scope, previousSignature, Self.emptyHash, chunkHash]
                .joined(separator: "\n")
            previousSignature = Hex.encode(signingKey.sha256(toSign))
            return previousSignature
        }

        mutating func next(chunk: ArraySlice<UInt8>) -> String { next(chunkHash: SHA256.hex(Array(chunk))) }

        mutating func trailer(_ canonicalTrailers: String) -> String {
            let toSign = ["AWS4-HMAC-SHA256-TRAILER", timestamp, scope, previousSignature, SHA256.hex(canonicalTrailers)]
                .joined(separator: "\n")
            previousSignature = Hex.encode(signingKey.sha256(toSign))
            return previousSignature
        }

        static let emptyHash = SHA256.hex([UInt8]())
    }

    /// The decoded payload, or S3's error for a malformed body or a wrong signature.
    static func decode(_ body: [UInt8], signer: ChunkSigner?, trailerSigned: Bool = false) throws(S3Error) -> Decoded {
        var stream = AWSChunkedStream(signer: signer, trailerSigned: trailerSigned)
        var payload: [UInt8] = []
        let failure: S3Error? = body.withUnsafeBytes { bytes in
            do throws(S3Error) {
                try stream.feed(bytes) { payload.append(contentsOf: $0) }
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
        let trailers = try stream.finish()
        return Decoded(payload: payload, trailers: trailers)
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
