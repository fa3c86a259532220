import DrydockCrypto
import Foundation

/// The `aws-chunked` decoder, fed the body piece by piece (as it is read from a spooled file, or all at
/// once from memory) and handing the payload on as it goes, so a body of any size is decoded without
/// being held: `<hex size>[;chunk-signature=<sig>]\r\n<data>\r\n` chunks, a zero-size last chunk, then
/// optional trailers (`name:value\r\n`, the last one `x-amz-trailer-signature` for a signed trailer)
/// and an empty line.
///
/// With a `ChunkSigner`, every chunk's signature is checked against the chain S3 computes (each chunk's
/// SHA-256 computed as its data passes); a trailer signature too when present. Limits: a chunk header
/// line of at most `maxHeaderBytes`, a size field of at most 16 hex digits, at most `maxTrailers`
/// trailers of `maxTrailerBytes`.
struct AWSChunkedStream {
    static let maxHeaderBytes = 256

    private enum Stage {
        case header
        case data(remaining: Int)
        case dataEnd(seen: Int)
        case trailers
        case done
    }

    private var signer: AWSChunkedDecoder.ChunkSigner?
    private let trailerSigned: Bool
    private var stage = Stage.header
    private var line: [UInt8] = []
    private var chunkSignature: String?
    private var chunkHash: DigestStream?
    private(set) var trailers: [String: String] = [:]
    private var canonicalTrailers = ""
    private var trailerSignature: String?
    /// Payload bytes handed on so far.
    private(set) var payloadSize = 0

    init(signer: AWSChunkedDecoder.ChunkSigner?, trailerSigned: Bool) {
        self.signer = signer
        self.trailerSigned = trailerSigned
    }

    /// Decodes `input`, handing each run of payload bytes to `emit`.
    mutating func feed(_ input: UnsafeRawBufferPointer, emit: (UnsafeRawBufferPointer) -> Void) throws(S3Error) {
        var index = 0
        while index < input.count {
            switch stage {
            case .header:
                guard let text = try takeLine(input, &index, limit: Self.maxHeaderBytes, error: .invalidChunkSize) else { continue }
                let (size, signature) = try Self.chunkHeader(text)
                chunkSignature = signature
                if signer != nil { chunkHash = DigestStream(.sha256) }
                if size == 0 {
                    try endChunk()
                    stage = .trailers
                } else {
                    stage = .data(remaining: size)
                }
            case .data(let remaining):
                let count = min(remaining, input.count - index)
                let piece = UnsafeRawBufferPointer(rebasing: input[index..<(index + count)])
                chunkHash?.update(piece)
                emit(piece)
                let (total, overflow) = payloadSize.addingReportingOverflow(count)
                guard !overflow else { throw .incompleteBody }
                payloadSize = total
                index += count
                if remaining == count {
                    try endChunk()
                    stage = .dataEnd(seen: 0)
                } else {
                    stage = .data(remaining: remaining - count)
                }
            case .dataEnd(let seen):
                guard input[index] == (seen == 0 ? 0x0D : 0x0A) else { throw .incompleteBody }
                index += 1
                stage = seen == 0 ? .dataEnd(seen: 1) : .header
            case .trailers:
                guard let text = try takeLine(input, &index, limit: Self.maxTrailerBytes, error: .malformedTrailer) else { continue }
                if text.isEmpty {
                    stage = .done
                } else {
                    try trailer(text)
                }
            case .done:
                throw .incompleteBody
            }
        }
    }

    /// The trailers once the body is over, after the trailer signature is checked; S3's error for a body
    /// that ended early.
    mutating func finish() throws(S3Error) -> [String: String] {
        switch stage {
        case .done: break
        // Some clients end the body right after the last trailer (or the last chunk) without the final
        // empty line; S3 accepts that.
        case .trailers where line.isEmpty: break
        default: throw .incompleteBody
        }
        if trailerSigned, var chain = signer {
            guard let trailerSignature, ConstantTime.equals(chain.trailer(canonicalTrailers), trailerSignature.lowercased()) else {
                throw S3Error.chunkSignatureMismatch
            }
        }
        return trailers
    }

    /// Checks the finished chunk's signature.
    private mutating func endChunk() throws(S3Error) {
        guard var chain = signer else { return }
        let hash = Hex.encode(chunkHash?.finish() ?? SHA256.hash([UInt8]()))
        guard let chunkSignature, ConstantTime.equals(chain.next(chunkHash: hash), chunkSignature.lowercased()) else {
            throw S3Error.chunkSignatureMismatch
        }
        signer = chain
        chunkHash = nil
    }

    private mutating func trailer(_ text: String) throws(S3Error) {
        guard trailers.count < Self.maxTrailers, let colon = text.firstIndex(of: ":") else { throw S3Error.malformedTrailer }
        let name = text[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        let value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        if name == "x-amz-trailer-signature" {
            trailerSignature = value
        } else {
            trailers[name] = value
            canonicalTrailers += "\(name):\(value)\n"
        }
    }

    /// The next CRLF-terminated line (without the CRLF) once it is complete; nil while it is not.
    private mutating func takeLine(_ input: UnsafeRawBufferPointer, _ index: inout Int, limit: Int, error: S3Error) throws(S3Error) -> String? {
        while index < input.count {
            let byte = input[index]
            index += 1
            if byte == 0x0A, line.last == 0x0D {
                line.removeLast()
                defer { line = [] }
                return String(decoding: line, as: UTF8.self)
            }
            line.append(byte)
            guard line.count <= limit + 1 else { throw error }
        }
        return nil
    }

    static let maxTrailers = 16
    static let maxTrailerBytes = 4096

    /// `size[;chunk-signature=sig]` → size and signature.
    static func chunkHeader(_ text: String) throws(S3Error) -> (Int, String?) {
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
}
