/// CRC-64/NVME (reflected polynomial 0x9A6C9329AC4BC9B5, init and xor-out all ones; check value
/// 0xAE8B14860A799888 for "123456789"): S3's `x-amz-checksum-crc64nvme`, the default of current SDKs
/// for full-object checksums.
///
/// Table-driven here because no packaged library has it: zlib and OpenSSL only offer CRC-32, the
/// Debian ISA-L (2.30) has CRC-64 ECMA/ISO/Jones but not the NVMe ("Rocksoft") polynomial, which came
/// in a later release, and libcrcutil is a C++ template library Swift cannot call.
public enum CRC64NVME {
    public static func checksum(_ bytes: [UInt8]) -> UInt64 {
        var crc: UInt64 = ~0
        for byte in bytes {
            crc = table[Int(UInt8(truncatingIfNeeded: crc) ^ byte)] ^ (crc >> 8)
        }
        return ~crc
    }

    private static let table: [UInt64] = (0..<256).map { index in
        var value = UInt64(index)
        for _ in 0..<8 {
            value = value & 1 == 1 ? (value >> 1) ^ 0x9A6C_9329_AC4B_C9B5 : value >> 1
        }
        return value
    }
}
