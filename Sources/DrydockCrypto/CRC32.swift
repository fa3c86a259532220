import CZlib

/// The IEEE CRC-32 of a body, computed by zlib's `crc32`: DynamoDB's `x-amz-crc32` response header (which
/// botocore checks) and the write-ahead log's record check. A checksum, not cryptography.
public enum CRC32 {
    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { update(0, $0) }
    }

    /// `crc` (0 to start) continued over `bytes`: feeding a body in pieces gives its checksum.
    public static func update(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        bytes.withMemoryRebound(to: UInt8.self) { buffer in
            var crc = uLong(crc)
            var rest = UnsafeBufferPointer(rebasing: buffer[...])
            // zlib's length is a uInt: feed bodies over 4 GiB in slices.
            while !rest.isEmpty {
                let count = min(rest.count, Int(UInt32.max))
                crc = crc32(crc, rest.baseAddress, uInt(count))
                rest = UnsafeBufferPointer(rebasing: rest[count...])
            }
            return UInt32(truncatingIfNeeded: crc)
        }
    }
}
