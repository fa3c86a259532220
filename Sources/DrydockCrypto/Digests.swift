import COpenSSL

/// MD5 and SHA-1 through libcrypto's EVP interface: S3's ETags and Content-MD5 (MD5) and its
/// `x-amz-checksum-sha1`. Neither is used for security here.
public enum Digest {
    /// MD5 (RFC 1321), 16 bytes.
    public static func md5(_ bytes: [UInt8]) -> [UInt8] { digest(bytes, algorithm: DigestStream.Algorithm.md5.fetched, size: 16) }

    /// SHA-1 (FIPS 180-4), 20 bytes.
    public static func sha1(_ bytes: [UInt8]) -> [UInt8] { digest(bytes, algorithm: DigestStream.Algorithm.sha1.fetched, size: 20) }

    private static func digest(_ bytes: [UInt8], algorithm: OpaquePointer?, size: Int) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: size)
        var length: UInt32 = 0
        let ok = bytes.withUnsafeBytes { input in
            withUnsafePointer(to: 0 as UInt8) { empty in
                EVP_Digest(input.baseAddress ?? UnsafeRawPointer(empty), input.count, &digest, &length, algorithm, nil)
            }
        }
        precondition(ok == 1 && Int(length) == size, "EVP_Digest failed (algorithm unavailable?)")
        return digest
    }
}
