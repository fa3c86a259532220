import COpenSSL

/// A digest computed piece by piece (libcrypto's `EVP_DigestUpdate`), for bodies read from a file or a
/// socket in blocks rather than held whole: MD5, SHA-1 or SHA-256.
public final class DigestStream: @unchecked Sendable {
    public enum Algorithm: Sendable {
        case md5, sha1, sha256

        var name: String {
            switch self {
            case .md5: "MD5"
            case .sha1: "SHA1"
            case .sha256: "SHA256"
            }
        }

        // Fetched once per process, for every digest in this module (`SHA256`, `Digest`, streams):
        // `EVP_MD_fetch` searches the provider store (under its lock) on every call, OpenSSL 3's implicit
        // fetch (`EVP_sha256()`) does the same on every digest, and aws-chunked makes a stream per chunk.
        // Never freed.
        nonisolated(unsafe) private static let fetchedMD5 = EVP_MD_fetch(nil, "MD5", nil)
        nonisolated(unsafe) private static let fetchedSHA1 = EVP_MD_fetch(nil, "SHA1", nil)
        nonisolated(unsafe) private static let fetchedSHA256 = EVP_MD_fetch(nil, "SHA256", nil)

        /// The fetched implementation, shared by every stream.
        var fetched: OpaquePointer? {
            switch self {
            case .md5: Self.fetchedMD5
            case .sha1: Self.fetchedSHA1
            case .sha256: Self.fetchedSHA256
            }
        }
    }

    private let context: OpaquePointer?

    public init(_ algorithm: Algorithm) {
        context = EVP_MD_CTX_new()
        let ok = EVP_DigestInit_ex(context, algorithm.fetched, nil)
        precondition(ok == 1, "EVP_DigestInit_ex(\(algorithm.name)) failed")
    }

    deinit { EVP_MD_CTX_free(context) }

    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        _ = EVP_DigestUpdate(context, base, bytes.count)
    }

    public func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }

    /// The digest of everything fed so far; the stream is spent afterwards.
    public func finish() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = EVP_DigestFinal_ex(context, &digest, &length)
        precondition(ok == 1, "EVP_DigestFinal_ex failed")
        return Array(digest.prefix(Int(length)))
    }
}
