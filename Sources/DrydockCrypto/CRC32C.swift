import CISAL

/// CRC-32C (Castagnoli, the iSCSI polynomial) by Intel ISA-L's `crc32_iscsi`: S3's
/// `x-amz-checksum-crc32c`. ISA-L's function neither pre- nor post-inverts, so the standard
/// CRC-32C (check value 0xE3069283 for "123456789") is `~crc32_iscsi(data, ~0)`.
public enum CRC32C {
    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { update(0, $0) }
    }

    /// `crc` (0 to start) continued over `bytes`: feeding a body in pieces gives its checksum.
    public static func update(_ previous: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc = ~previous
        bytes.withMemoryRebound(to: UInt8.self) { buffer in
            guard var base = buffer.baseAddress else { return }
            var remaining = buffer.count
            // ISA-L's length is an `int`: feed large bodies in slices.
            while remaining > 0 {
                let count = min(remaining, Int(Int32.max))
                crc = UInt32(crc32_iscsi(UnsafeMutablePointer(mutating: base), Int32(count), crc))
                base += count
                remaining -= count
            }
        }
        return ~crc
    }
}
