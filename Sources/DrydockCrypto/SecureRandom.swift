import COpenSSL

/// Cryptographically secure random bytes from libcrypto's CSPRNG, for tokens, nonces and keys.
/// (Code that needs reproducible randomness takes a seeded generator instead.)
public enum SecureRandom {
    /// `count` random bytes. Stops the process if the CSPRNG fails: continuing with weak randomness
    /// would be worse than crashing.
    public static func bytes(_ count: Int) -> [UInt8] {
        precondition(count >= 0, "SecureRandom.bytes: negative count")
        guard count > 0 else { return [] }
        var out = [UInt8](repeating: 0, count: count)
        guard RAND_bytes(&out, Int32(count)) == 1 else {
            fatalError("RAND_bytes failed: libcrypto's random generator is unavailable")
        }
        return out
    }

    /// `prefix` followed by `bytes` random bytes in unpadded base64url, e.g. `ya29.` + 32 bytes for a
    /// token that looks like Google's.
    public static func token(prefix: String = "", bytes: Int = 32) -> String {
        prefix + Base64URL.encode(self.bytes(bytes))
    }
}
