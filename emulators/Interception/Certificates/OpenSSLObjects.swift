import COpenSSLTLS

/// An EVP_PKEY this process owns (freed on deinit). Immutable after creation, so shareable.
final class PrivateKey: @unchecked Sendable {
    let pointer: OpaquePointer

    private init(_ pointer: OpaquePointer) { self.pointer = pointer }

    deinit { EVP_PKEY_free(pointer) }

    /// A new EC P-256 key pair.
    static func generateP256() throws(CertificateAuthorityError) -> PrivateKey {
        guard let key = CSSL_generate_p256_key() else { throw .openSSL("generating an EC P-256 key") }
        return PrivateKey(key)
    }

    /// The key as unencrypted PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`).
    func pem() throws(CertificateAuthorityError) -> String {
        try MemoryBIO.text("writing a private key as PEM") { PEM_write_bio_PrivateKey($0, pointer, nil, nil, 0, nil, nil) }
    }
}

/// An X509 certificate this process owns (freed on deinit). Immutable once signed.
final class Certificate: @unchecked Sendable {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) { self.pointer = pointer }

    deinit { X509_free(pointer) }

    /// The certificate as PEM (`-----BEGIN CERTIFICATE-----`).
    func pem() throws(CertificateAuthorityError) -> String {
        try MemoryBIO.text("writing a certificate as PEM") { PEM_write_bio_X509($0, pointer) }
    }
}

/// OpenSSL's in-memory BIO, for PEM output.
enum MemoryBIO {
    /// What `write` puts into a fresh memory BIO, as text; `write` returns OpenSSL's 1 for success.
    static func text(_ what: String, _ write: (OpaquePointer) -> Int32) throws(CertificateAuthorityError) -> String {
        guard let bio = BIO_new(BIO_s_mem()) else { throw .openSSL(what) }
        defer { BIO_free(bio) }
        guard write(bio) == 1 else { throw .openSSL(what) }
        let pending = Int(BIO_ctrl_pending(bio))
        var bytes = [UInt8](repeating: 0, count: pending)
        let read = pending == 0 ? 0 : BIO_read(bio, &bytes, Int32(pending))
        guard read == Int32(pending) else { throw .openSSL(what) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
