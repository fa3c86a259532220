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
