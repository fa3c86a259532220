import DrydockCrypto

/// S3's flexible checksums: `x-amz-checksum-<suffix>` carries the base64 of the big-endian digest.
enum ChecksumAlgorithm: String, CaseIterable, Sendable {
    case crc32 = "CRC32"
    case crc32c = "CRC32C"
    case crc64nvme = "CRC64NVME"
    case sha1 = "SHA1"
    case sha256 = "SHA256"

    /// `crc32`, … as in the header name.
    var headerSuffix: String { rawValue.lowercased() }
    var headerName: String { "x-amz-checksum-" + headerSuffix }
    /// How S3's BadDigest message names it ("The CRC32 you specified …").
    var messageName: String { rawValue }
    /// The XML element of listings and CompleteMultipartUpload (`ChecksumCRC32`).
    var elementName: String { "Checksum" + rawValue }

    /// The algorithm named by an `x-amz-checksum-…` header or trailer name, any case.
    init?(headerName: String) {
        let lower = headerName.lowercased()
        guard lower.hasPrefix("x-amz-checksum-") else { return nil }
        self.init(rawValue: String(lower.dropFirst("x-amz-checksum-".count)).uppercased())
    }

    /// The digest of `bytes`, base64 as S3 writes it.
    func checksum(_ bytes: [UInt8]) -> String { Base64.encode(digest(bytes)) }

    func digest(_ bytes: [UInt8]) -> [UInt8] {
        switch self {
        case .crc32: return Self.bigEndian(UInt64(CRC32.checksum(bytes)), count: 4)
        case .crc32c: return Self.bigEndian(UInt64(CRC32C.checksum(bytes)), count: 4)
        case .crc64nvme: return Self.bigEndian(CRC64NVME.checksum(bytes), count: 8)
        case .sha1: return Digest.sha1(bytes)
        case .sha256: return SHA256.hash(bytes)
        }
    }

    /// Bytes in a digest of this algorithm (a header value must decode to exactly this many).
    var digestSize: Int {
        switch self {
        case .crc32, .crc32c: 4
        case .crc64nvme: 8
        case .sha1: 20
        case .sha256: 32
        }
    }

    static func bigEndian(_ value: UInt64, count: Int) -> [UInt8] {
        (0..<count).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
    }
}
