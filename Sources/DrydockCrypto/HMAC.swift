import COpenSSL

/// HMAC (RFC 2104) through libcrypto.
public enum HMAC {
    /// HMAC-SHA256 of `message` under `key`: 32 bytes.
    public static func sha256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var mac = [UInt8](repeating: 0, count: SHA256.byteCount)
        var length: UInt32 = 0
        // libcrypto treats a NULL key as "reuse the previous key", so an empty key still needs a pointer.
        let zero: [UInt8] = [0]
        let result = (key.isEmpty ? zero : key).withUnsafeBytes { keyBytes in
            (message.isEmpty ? zero : message).withUnsafeBufferPointer { messageBytes in
                COpenSSL.HMAC(
                    EVP_sha256(), keyBytes.baseAddress, Int32(key.count),
                    messageBytes.baseAddress, message.count, &mac, &length)
            }
        }
        precondition(result != nil && length == UInt32(SHA256.byteCount), "HMAC-SHA256 failed")
        return mac
    }

    /// HMAC-SHA256 over the UTF-8 bytes of `message`.
    public static func sha256(key: [UInt8], message: String) -> [UInt8] { sha256(key: key, message: Array(message.utf8)) }
}

/// An HMAC-SHA256 key prepared once for many messages: libcrypto derives the key's pads once, and each
/// MAC duplicates that state. The SigV4 verifier keeps one per signing key (a key serves every request of
/// its day); a one-off `HMAC.sha256(key:message:)` costs about as much again in set-up as in hashing.
/// Safe to share between threads: a MAC never changes the prepared state.
public final class HMACKey: @unchecked Sendable {
    private let keyed: OpaquePointer

    public init(_ key: [UInt8]) {
        // libcrypto rejects a NULL key, so an empty key still needs a pointer.
        let prepared = (key.isEmpty ? [0] : key).withUnsafeBufferPointer { bytes in
            COpenSSL_HMAC_SHA256_context(bytes.baseAddress, key.count)
        }
        guard let prepared else { preconditionFailure("HMAC-SHA256 key set-up failed") }
        keyed = prepared
    }

    deinit { EVP_MAC_CTX_free(keyed) }

    /// HMAC-SHA256 of `message`: 32 bytes, the same as `HMAC.sha256(key:message:)` with this key.
    public func sha256(_ message: [UInt8]) -> [UInt8] {
        var mac = [UInt8](repeating: 0, count: SHA256.byteCount)
        let ok = (message.isEmpty ? [0] : message).withUnsafeBufferPointer { bytes in
            mac.withUnsafeMutableBufferPointer { out in
                COpenSSL_HMAC_SHA256_keyed(keyed, bytes.baseAddress, message.count, out.baseAddress)
            }
        }
        precondition(ok == 1, "HMAC-SHA256 failed")
        return mac
    }

    /// HMAC-SHA256 over the UTF-8 bytes of `message`.
    public func sha256(_ message: String) -> [UInt8] { sha256(Array(message.utf8)) }
}
