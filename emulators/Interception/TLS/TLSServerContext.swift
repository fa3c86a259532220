import COpenSSLTLS

/// A libssl server context (`SSL_CTX`) configured the way every intercepted host is served: TLS 1.2 and
/// 1.3 only, ALPN answering `http/1.1` and nothing else, no session resumption (each tunnel is a full
/// handshake), partial writes allowed. Holds one host's certificate and key, or none for the SNI
/// dispatching context of a plain TLS listener (which switches to a host's context once it has read the
/// client's server name).
///
/// libssl contexts are safe to share between threads once configured; this one is never changed again.
public final class TLSServerContext: @unchecked Sendable {
    /// The host whose certificate this context presents; nil for a dispatching context.
    public let host: String?
    let pointer: OpaquePointer

    private init(host: String?, pointer: OpaquePointer) {
        self.host = host
        self.pointer = pointer
    }

    deinit { SSL_CTX_free(pointer) }

    /// A context presenting `certificate` (signed by the sandbox CA) with its `key`.
    static func serving(host: String, certificate: Certificate, key: PrivateKey) throws(CertificateAuthorityError) -> TLSServerContext {
        let context = try TLSServerContext(host: host, pointer: makeConfigured())
        guard SSL_CTX_use_certificate(context.pointer, certificate.pointer) == 1,
              SSL_CTX_use_PrivateKey(context.pointer, key.pointer) == 1,
              SSL_CTX_check_private_key(context.pointer) == 1 else {
            throw .openSSL("loading the certificate for \(host) into a TLS context")
        }
        return context
    }

    /// A context without a certificate whose `servername` callback picks the host's context
    /// (`SSL_set_SSL_CTX`); the handshake fails when the callback does not.
    static func dispatching(
        servername callback: @convention(c) (OpaquePointer?, UnsafeMutablePointer<Int32>?, UnsafeMutableRawPointer?) -> Int32,
        argument: UnsafeMutableRawPointer
    ) throws(CertificateAuthorityError) -> TLSServerContext {
        let context = try TLSServerContext(host: nil, pointer: makeConfigured())
        CSSL_CTX_set_servername_callback(context.pointer, callback, argument)
        return context
    }

    /// A fresh `SSL_CTX` with the protocol range, ALPN and modes above.
    private static func makeConfigured() throws(CertificateAuthorityError) -> OpaquePointer {
        guard let context = SSL_CTX_new(TLS_server_method()) else { throw .openSSL("creating a TLS server context") }
        guard CSSL_CTX_set_min_proto_version(context, TLS1_2_VERSION) == 1,
              CSSL_CTX_set_max_proto_version(context, TLS1_3_VERSION) == 1 else {
            SSL_CTX_free(context)
            throw .openSSL("limiting the TLS context to TLS 1.2 and 1.3")
        }
        CSSL_CTX_allow_partial_writes(context)
        CSSL_CTX_disable_session_resumption(context)
        SSL_CTX_set_alpn_select_cb(context, { _, selected, selectedLength, offered, offeredLength, _ in
            ALPN.selectHTTP11(selected, selectedLength, offered, offeredLength)
        }, nil)
        return context
    }
}

/// Application-Layer Protocol Negotiation: the emulators speak HTTP/1.1 only.
enum ALPN {
    static let http11: [UInt8] = Array("http/1.1".utf8)

    /// Points `selected` at `http/1.1` inside the client's offer when it is there (SSL_TLSEXT_ERR_OK);
    /// otherwise declines to negotiate (SSL_TLSEXT_ERR_NOACK) and the connection goes on without ALPN,
    /// which a client that offered only `h2` takes as HTTP/1.1 or gives up on, as with any HTTP/1.1 server.
    static func selectHTTP11(
        _ selected: UnsafeMutablePointer<UnsafePointer<UInt8>?>?, _ selectedLength: UnsafeMutablePointer<UInt8>?,
        _ offered: UnsafePointer<UInt8>?, _ offeredLength: UInt32
    ) -> Int32 {
        guard let selected, let selectedLength, let offered else { return SSL_TLSEXT_ERR_NOACK }
        let list = UnsafeBufferPointer(start: offered, count: Int(offeredLength))
        guard let offset = offset(ofHTTP11In: list) else { return SSL_TLSEXT_ERR_NOACK }
        selected.pointee = offered + offset
        selectedLength.pointee = UInt8(http11.count)
        return SSL_TLSEXT_ERR_OK
    }

    /// Where `http/1.1` starts in a wire-format protocol list (each name prefixed by its length byte).
    static func offset(ofHTTP11In list: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        while index < list.count {
            let length = Int(list[index])
            let start = index + 1
            guard length > 0, start + length <= list.count else { return nil }
            if length == http11.count, http11.elementsEqual(list[start..<start + length]) { return start }
            index = start + length
        }
        return nil
    }
}
