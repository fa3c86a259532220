import DrydockCrypto
import DrydockHTTP
import Foundation
import Glibc

/// A payload the server spooled to a file (`S3Emulator.bodyPolicy(forHead:)`), read once in blocks:
/// aws-chunked decoded into a second file as it is read (chunk signatures checked on the way), and the
/// digests S3 needs (MD5 for the ETag, SHA-256 for `x-amz-content-sha256`, the flexible checksums the
/// request names or announces, CRC64NVME, S3's default) computed in the same pass. Nothing of it is
/// ever held whole in memory.
struct SpooledPayload: Sendable {
    /// The payload's bytes (the spooled file itself, or the decoded copy next to it).
    let file: HTTPBodyFile
    let size: Int
    let md5: [UInt8]
    let sha256: [UInt8]?
    let digests: [ChecksumAlgorithm: [UInt8]]
    let trailers: [String: String]

    static let blockSize = 1 << 20

    /// Reads `spooled`; `signer`/`chunked` as for `AWSChunkedDecoder`; `algorithms` the checksums to compute.
    static func read(
        _ spooled: HTTPBodyFile, chunked: Bool, signer: AWSChunkedDecoder.ChunkSigner?, trailerSigned: Bool,
        hashSHA256: Bool, algorithms: Set<ChecksumAlgorithm>
    ) throws(S3Error) -> SpooledPayload {
        let input = open(spooled.path, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw .internalError }
        defer { close(input) }
        var output: (file: HTTPBodyFile, fd: Int32)?
        if chunked {
            let directory = (spooled.path as NSString).deletingLastPathComponent
            guard let created = HTTPBodyFile.create(in: directory, prefix: "drydock-decoded-") else { throw .internalError }
            output = created
        }
        defer { if let fd = output?.fd { close(fd) } }
        var digests = Digests(hashSHA256: hashSHA256, algorithms: algorithms)
        var stream = AWSChunkedStream(signer: signer, trailerSigned: trailerSigned)
        var writeFailed = false
        var block = [UInt8](repeating: 0, count: blockSize)
        while true {
            let count = block.withUnsafeMutableBytes { Glibc.read(input, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw .internalError }
            if count == 0 { break }
            let failure: S3Error? = block.withUnsafeBytes { all in
                let bytes = UnsafeRawBufferPointer(rebasing: all[0..<count])
                guard let output else {
                    digests.update(bytes)
                    return nil
                }
                do throws(S3Error) {
                    try stream.feed(bytes) { piece in
                        digests.update(piece)
                        if !writeAll(piece, to: output.fd) { writeFailed = true }
                    }
                    return nil
                } catch {
                    return error
                }
            }
            if let failure { throw failure }
            guard !writeFailed else { throw .internalError }
        }
        var trailers: [String: String] = [:]
        if output != nil { trailers = try stream.finish() }
        return SpooledPayload(
            file: output?.file ?? spooled, size: digests.size, md5: digests.md5.finish(), sha256: digests.sha256?.finish(),
            digests: digests.finish(), trailers: trailers)
    }

    /// The digest of `algorithm`, read again from the file when it was not computed in the first pass
    /// (only before the file is adopted into the store: the pass should name every digest needed).
    func digest(_ algorithm: ChecksumAlgorithm) -> [UInt8] {
        if let digest = digests[algorithm] { return digest }
        let fd = open(file.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var pass = Digests(hashSHA256: false, algorithms: [algorithm])
        var block = [UInt8](repeating: 0, count: Self.blockSize)
        while true {
            let count = block.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            block.withUnsafeBytes { pass.update(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
        return pass.finish()[algorithm] ?? []
    }

    private static func writeAll(_ bytes: UnsafeRawBufferPointer, to fd: Int32) -> Bool {
        var done = 0
        while done < bytes.count {
            let written = write(fd, bytes.baseAddress! + done, bytes.count - done)
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return false }
            done += written
        }
        return true
    }
}

/// The digests of a payload fed in pieces.
private struct Digests {
    var size = 0
    let md5 = DigestStream(.md5)
    let sha256: DigestStream?
    var crcs: [ChecksumAlgorithm: UInt64] = [:]
    var streams: [ChecksumAlgorithm: DigestStream] = [:]

    init(hashSHA256: Bool, algorithms: Set<ChecksumAlgorithm>) {
        sha256 = hashSHA256 ? DigestStream(.sha256) : nil
        for algorithm in algorithms {
            switch algorithm {
            case .crc32, .crc32c, .crc64nvme: crcs[algorithm] = 0
            case .sha1: streams[algorithm] = DigestStream(.sha1)
            case .sha256: streams[algorithm] = DigestStream(.sha256)
            }
        }
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        size += bytes.count
        md5.update(bytes)
        sha256?.update(bytes)
        for (algorithm, crc) in crcs {
            switch algorithm {
            case .crc32: crcs[algorithm] = UInt64(CRC32.update(UInt32(crc), bytes))
            case .crc32c: crcs[algorithm] = UInt64(CRC32C.update(UInt32(crc), bytes))
            default: crcs[algorithm] = CRC64NVME.update(crc, bytes)
            }
        }
        for stream in streams.values { stream.update(bytes) }
    }

    func finish() -> [ChecksumAlgorithm: [UInt8]] {
        var digests: [ChecksumAlgorithm: [UInt8]] = [:]
        for (algorithm, crc) in crcs {
            let count = algorithm.digestSize
            digests[algorithm] = (0..<count).reversed().map { UInt8(truncatingIfNeeded: crc >> (8 * UInt64($0))) }
        }
        for (algorithm, stream) in streams { digests[algorithm] = stream.finish() }
        return digests
    }
}
