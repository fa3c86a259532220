import COpenSSLTLS
import EmulatorKit

/// Chooses the certificate by the client's server name (SNI) for a TLS listener that clients reach
/// directly (127.0.0.1:443 inside an isolated namespace, where DNS points emulated hosts at loopback):
/// an emulated host gets its sandbox certificate; any other name is refused with an
/// `unrecognized_name` alert and journalled as `egress.blocked` (via `TLS`); no name at all is refused
/// without a journal entry (it names no destination).
final class SNIDispatcher: Sendable {
    let authority: SandboxCertificateAuthority
    let router: EdgeRouter

    init(authority: SandboxCertificateAuthority, router: EdgeRouter) {
        self.authority = authority
        self.router = router
    }

    /// libssl's servername callback for `ssl`; `alert` receives the alert to send on refusal.
    func select(_ ssl: OpaquePointer, alert: UnsafeMutablePointer<Int32>?) -> Int32 {
        guard let pointer = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name) else {
            alert?.pointee = SSL_AD_UNRECOGNIZED_NAME
            return SSL_TLSEXT_ERR_ALERT_FATAL
        }
        let name = String(cString: pointer)
        guard case .emulate = InterceptedHosts.route(host: name, port: 443),
              let context = try? authority.serverContext(forHost: name),
              SSL_set_SSL_CTX(ssl, context.pointer) != nil else {
            router.recordBlockedEgress(host: HostName(name)?.name ?? name, via: "TLS")
            alert?.pointee = SSL_AD_UNRECOGNIZED_NAME
            return SSL_TLSEXT_ERR_ALERT_FATAL
        }
        return SSL_TLSEXT_ERR_OK
    }

    /// The C trampoline: `argument` is an unretained `SNIDispatcher`.
    static let callback: @convention(c) (OpaquePointer?, UnsafeMutablePointer<Int32>?, UnsafeMutableRawPointer?) -> Int32 = { ssl, alert, argument in
        guard let ssl, let argument else { return SSL_TLSEXT_ERR_ALERT_FATAL }
        return Unmanaged<SNIDispatcher>.fromOpaque(argument).takeUnretainedValue().select(ssl, alert: alert)
    }
}
