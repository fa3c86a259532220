/// CRC-64/NVME (reflected polynomial 0x9A6C9329AC4BC9B5, init and xor-out all ones; check value
/// 0xAE8B14860A799888 for "123456789"): S3's `x-amz-checksum-crc64nvme`, the default of current SDKs
/// for full-object checksums and what S3 computes for objects uploaded without one.
///
/// Table-driven here because no packaged library has it: zlib and OpenSSL only offer CRC-32, the
/// Debian ISA-L (2.30) has CRC-64 ECMA/ISO/Jones but not the NVMe ("Rocksoft") polynomial, which came
/// in a later release, and libcrcutil is a C++ template library Swift cannot call. Slicing-by-8 (eight
/// 256-entry tables, eight bytes per step) keeps it within a small factor of the hardware CRCs.
public enum CRC64NVME {
    public static func checksum(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { update(0, $0) }
    }

    /// `previous` (0 to start) continued over `bytes`: feeding a body in pieces gives its checksum.
    public static func update(_ previous: UInt64, _ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var crc = ~previous
        bytes.withMemoryRebound(to: UInt8.self) { buffer in
            var index = 0
            let count = buffer.count
            tables.withUnsafeBufferPointer { t in
                while index + 8 <= count {
                    var word: UInt64 = 0
                    for shift in 0..<8 { word |= UInt64(buffer[index + shift]) << (8 * UInt64(shift)) }
                    let value = crc ^ word
                    crc = t[7 * 256 + Int(value & 0xFF)] ^ t[6 * 256 + Int((value >> 8) & 0xFF)]
                        ^ t[5 * 256 + Int((value >> 16) & 0xFF)] ^ t[4 * 256 + Int((value >> 24) & 0xFF)]
                        ^ t[3 * 256 + Int((value >> 32) & 0xFF)] ^ t[2 * 256 + Int((value >> 40) & 0xFF)]
                        ^ t[1 * 256 + Int((value >> 48) & 0xFF)] ^ t[Int(value >> 56)]
                    index += 8
                }
                while index < count {
                    crc = t[Int(UInt8(truncatingIfNeeded: crc) ^ buffer[index])] ^ (crc >> 8)
                    index += 1
                }
            }
        }
        return ~crc
    }

    /// `tables[k * 256 + b]`: the CRC of byte `b` followed by `k` zero bytes.
    private static let tables: [UInt64] = {
        var tables = [UInt64](repeating: 0, count: 8 * 256)
        for index in 0..<256 {
            var value = UInt64(index)
            for _ in 0..<8 { value = value & 1 == 1 ? (value >> 1) ^ 0x9A6C_9329_AC4B_C9B5 : value >> 1 }
            tables[index] = value
        }
        for slice in 1..<8 {
            for index in 0..<256 {
                let previous = tables[(slice - 1) * 256 + index]
                tables[slice * 256 + index] = tables[Int(previous & 0xFF)] ^ (previous >> 8)
            }
        }
        return tables
    }()
}
