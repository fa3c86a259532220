import COpenSSL

/// SHA-256 (FIPS 180-4) through libcrypto's EVP interface.
public enum SHA256 {
    /// The digest size in bytes.
    public static let byteCount = 32

    /// SHA-256 fetched from the default provider once (`DigestStream.Algorithm.fetched`). `EVP_sha256()`
    /// would make every `EVP_Digest` call look the algorithm up again (OpenSSL 3's implicit fetch), a
    /// measurable share of short digests.
    private static var algorithm: OpaquePointer? { DigestStream.Algorithm.sha256.fetched }

    /// The 32-byte digest of `bytes`.
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: byteCount)
        var length: UInt32 = 0
        let ok = bytes.withUnsafeBytes { input in
            // EVP_Digest wants a non-NULL pointer even for empty input.
            withUnsafePointer(to: 0 as UInt8) { empty in
                EVP_Digest(input.baseAddress ?? UnsafeRawPointer(empty), input.count, &digest, &length, algorithm ?? EVP_sha256(), nil)
            }
        }
        precondition(ok == 1 && length == UInt32(byteCount), "EVP_Digest(SHA-256) failed")
        return digest
    }

    /// The digest of the UTF-8 bytes of `text`.
    public static func hash(_ text: String) -> [UInt8] { hash(Array(text.utf8)) }

    /// The digest of `bytes` as lowercase hex, as SigV4 and most APIs print it.
    public static func hex(_ bytes: [UInt8]) -> String { Hex.encode(hash(bytes)) }

    /// The lowercase hex digest of the UTF-8 bytes of `text`.
    public static func hex(_ text: String) -> String { hex(Array(text.utf8)) }
}
